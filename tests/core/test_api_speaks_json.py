"""Every answer under /api/ is JSON in the error shape, also with DEBUG on; health endpoints;
security headers; Idempotency-Key; hostile input."""

from __future__ import annotations

import base64
import contextlib
import json
import socket
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.test import Client
from rest_framework.test import APIClient

from core import events, webhooks
from core.models import IdempotencyKey
from core.services import token_create
from people import roles
from portfolio.tokens import token_limit_to_actor

pytestmark = pytest.mark.django_db


def _shape(response: Any) -> dict[str, Any]:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["errors"][0]["code"]
    return body


@pytest.fixture
def raw_client() -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("debug", [False, True])
def test_unmatched_paths_and_wrong_methods_under_api_answer_json(
    raw_client: Client, settings: Any, reference_data: None, debug: bool
) -> None:
    settings.DEBUG = debug
    assert _shape(raw_client.get("/api/v1/no-such-thing/"))["errors"][0]["code"] == "not_found"
    assert raw_client.get("/api/nothing").status_code == 404
    _shape(raw_client.get("/api/nothing"))
    r = raw_client.put("/api/v1/portfolio/summary/", "{}", content_type="application/json")
    assert r.status_code in (401, 405)
    _shape(r)


@pytest.mark.parametrize("debug", [False, True])
def test_a_crash_under_api_is_a_json_500(
    raw_client: Client, settings: Any, reference_data: None, debug: bool
) -> None:
    settings.DEBUG = debug
    with mock.patch("portfolio.api.views.ActorViewSet.list", side_effect=RuntimeError("boom")):
        r = raw_client.get("/api/v1/actors/")
    assert r.status_code == 500
    assert _shape(r)["errors"][0]["code"] == "server_error"
    assert b"boom" not in r.content and b"Traceback" not in r.content


def test_a_lost_database_connection_is_503_with_retry_after(
    raw_client: Client, reference_data: None
) -> None:
    with mock.patch(
        "portfolio.api.views.ActorViewSet.list", side_effect=OperationalError("server closed")
    ):
        r = raw_client.get("/api/v1/actors/")
    assert r.status_code == 503 and int(r["Retry-After"]) > 0
    assert _shape(r)["errors"][0]["code"] == "service_unavailable"


def test_a_body_over_the_limit_is_413_json(raw_client: Client, settings: Any, db: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    r = raw_client.post("/api/v1/measures/", "x" * 2000, content_type="application/json")
    assert r.status_code == 413
    assert _shape(r)["errors"][0]["code"] == "request_too_large"


@pytest.mark.parametrize(
    "cursor",
    ["", "garbage", "%00", base64.b64encode(b"x=1").decode(), base64.b64encode(b"o=-4").decode()],
)
def test_a_malformed_cursor_is_400_naming_the_cursor(
    api: APIClient, reference_data: None, cursor: str
) -> None:
    r = api.get("/api/v1/measures/", {"cursor": cursor})
    assert r.status_code == 400
    assert _shape(r)["errors"][0]["field"] == "cursor"


def test_the_api_sends_csp_without_inline_script_and_a_permissions_policy(
    raw_client: Client, reference_data: None
) -> None:
    for path in ("/", "/public/", "/api/v1/actors/"):
        r = raw_client.get(path)
        csp = r["Content-Security-Policy"]
        assert (
            "script-src 'self'" in csp
            and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        )
        assert "camera=()" in r["Permissions-Policy"]


def test_pages_have_no_inline_script(raw_client: Client, demo_portfolio: Any) -> None:
    for path in ("/", "/public/", "/login/", "/api/docs/"):
        html = raw_client.get(path).content.decode()
        for chunk in html.split("<script")[1:]:
            assert "src=" in chunk.split(">")[0], f"inline script on {path}"


# --- health ---------------------------------------------------------------------------


def test_liveness_needs_nothing_and_ignores_the_host_header(raw_client: Client) -> None:
    r = raw_client.get("/health/live/", HTTP_HOST="internal-probe:8000")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


def test_readiness_checks_the_database(raw_client: Client, db: Any) -> None:
    r = raw_client.get("/health/ready/")
    assert r.status_code == 200 and r.json()["checks"]["database"]["ok"] is True
    with mock.patch.dict("core.health.CHECKS", {"database": lambda: {"ok": False}}):
        down = raw_client.get("/health/ready/")
    assert down.status_code == 503 and down["Retry-After"]


def test_readiness_wants_a_recent_worker_heartbeat_when_tasks_run_on_workers(
    raw_client: Client, db: Any
) -> None:
    from django.core.cache import cache

    from core.heartbeat import WORKER_KEY, worker_seen

    cache.delete(WORKER_KEY)
    with mock.patch("core.queue.runs_eagerly", return_value=False):
        assert raw_client.get("/health/ready/").json()["checks"]["worker"]["ok"] is False
        worker_seen()
        assert raw_client.get("/health/ready/").json()["checks"]["worker"]["ok"] is True


# --- Idempotency-Key -------------------------------------------------------------------


@pytest.fixture
def writer(make_user: Any, actor_a: Any) -> APIClient:
    user = make_user("idem_integrator", roles.INTEGRATOR)
    token, key = token_create(
        name="Idem", user=user, scope="read_write", created_by=user,
        rate_limit="100000/hour",
    )  # fmt: skip
    token_limit_to_actor(token=token, actor=actor_a)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_retried_post_with_the_same_idempotency_key_creates_one_measure(
    writer: APIClient, actor_a: Any
) -> None:
    from portfolio.models import Measure

    body = {"code": "IDEM-1", "name": "Idempotent", "owner": actor_a.pk}
    first = writer.post("/api/v1/measures/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = writer.post("/api/v1/measures/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201 and again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again.json() == first.json()
    assert Measure.objects.filter(code="IDEM-1").count() == 1
    other = dict(body, code="IDEM-2")
    reused = writer.post("/api/v1/measures/", other, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert reused.status_code == 422
    assert _shape(reused)["errors"][0]["code"] == "idempotency_key_reused"
    assert not Measure.objects.filter(code="IDEM-2").exists()


def test_a_failed_request_is_not_remembered_so_a_retry_runs_again(
    writer: APIClient, actor_a: Any
) -> None:
    body = {"code": "IDEM-3", "name": "x", "owner": actor_a.pk}
    with mock.patch(
        "portfolio.services.measure_create", side_effect=OperationalError("connection lost")
    ):
        lost = writer.post("/api/v1/measures/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-3")
    assert lost.status_code == 503
    assert not IdempotencyKey.objects.filter(key="k-3").exists()
    retry = writer.post("/api/v1/measures/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-3")
    assert retry.status_code == 201 and "Idempotent-Replayed" not in retry


def test_idempotency_keys_older_than_a_day_are_purged(db: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from core.idempotency import purge_expired

    old = timezone.now() - dt.timedelta(days=1, minutes=1)
    IdempotencyKey.objects.create(owner="o", key="old", request_hash="h", created=old)
    IdempotencyKey.objects.create(owner="o", key="new", request_hash="h")
    assert purge_expired() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]


# --- lost updates: 412 only with If-Match ----------------------------------------------------


def test_a_patch_without_if_match_over_a_newer_version_wins(
    writer: APIClient, actor_a: Any, make_measure: Any
) -> None:
    from portfolio.models import Measure

    measure = make_measure(actor_a)
    stale = Measure.objects.get(pk=measure.pk)
    Measure.objects.filter(pk=measure.pk).update(version=measure.version + 3)
    with mock.patch("portfolio.api.views.MeasureViewSet.get_object", return_value=stale):
        r = writer.patch(f"/api/v1/measures/{measure.pk}/", {"name": "Last"}, format="json")
    assert r.status_code == 200
    fresh = Measure.objects.get(pk=measure.pk)
    assert fresh.name == "Last" and fresh.version == measure.version + 4
    stale_tag = f'"{measure.pk}-{measure.version}"'
    refused = writer.patch(
        f"/api/v1/measures/{measure.pk}/", {"name": "Late"}, format="json", HTTP_IF_MATCH=stale_tag
    )
    assert refused.status_code == 412


# --- hostile input ---------------------------------------------------------------------


def test_long_texts_are_refused_naming_the_field(writer: APIClient, actor_a: Any) -> None:
    body = {"code": "LONG-1", "name": "x", "owner": actor_a.pk, "purpose": "a" * 10_001}
    r = writer.post("/api/v1/measures/", body, format="json")
    assert r.status_code == 400
    assert [e["field"] for e in _shape(r)["errors"]] == ["purpose"]
    ok = writer.post("/api/v1/measures/", dict(body, purpose="a" * 10_000), format="json")
    assert ok.status_code == 201


def _resolving_to(address: str) -> Any:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    return mock.patch(
        "socket.getaddrinfo", return_value=[(family, socket.SOCK_STREAM, 6, "", (address, 443))]
    )


@pytest.mark.parametrize(
    "address", ["127.0.0.1", "10.1.2.3", "192.168.0.9", "169.254.169.254", "::1", "fd00::1"]
)
def test_webhooks_to_private_loopback_or_link_local_addresses_are_refused(
    office_user: Any, address: str
) -> None:
    with _resolving_to(address), pytest.raises(ValidationError):
        webhooks.subscription_create(
            name="Inside", url="https://hooks.example.no/x", events=["measure.created"],
            created_by=office_user,
        )  # fmt: skip


def test_webhooks_must_be_https_unless_development_allows_http(
    office_user: Any, settings: Any
) -> None:
    args = {"name": "Plain", "events": ["measure.created"], "created_by": office_user}
    with _resolving_to("93.184.216.34"):
        with pytest.raises(ValidationError):
            webhooks.subscription_create(url="http://hooks.example.no/x", **args)
        settings.WEBHOOK_ALLOW_HTTP = True
        sub, _ = webhooks.subscription_create(url="http://hooks.example.no/x", **args)
    assert sub.pk


def test_a_webhook_target_that_later_resolves_inside_is_refused_at_delivery(
    office_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from core.models import WebhookDelivery

    with _resolving_to("93.184.216.34"):
        webhooks.subscription_create(
            name="Rebind", url="https://hooks.example.no/x", events=["measure.created"],
            created_by=office_user,
        )  # fmt: skip
    with (
        contextlib.suppress(Exception),  # the eager task's retry surfaces here
        _resolving_to("169.254.169.254"),
        mock.patch("core.webhooks._opener.open") as urlopen,
        django_capture_on_commit_callbacks(execute=True),
    ):
        events.emit("measure.created", {"code": "X"})
    urlopen.assert_not_called()
    delivery = WebhookDelivery.objects.get()
    assert "private" in delivery.error and delivery.status != "delivered"


@pytest.mark.parametrize("amount", ["1e27", "1e309", "-1e309", "1" + "0" * 40])
def test_an_imported_amount_too_large_is_a_named_cell_error(
    office_user: Any, actor_a: Any, amount: str
) -> None:
    from portfolio import io

    header = ",".join(io.COLUMNS)
    row = {c: "" for c in io.COLUMNS}
    row.update(code="BIG-1", name="Stor", owner=actor_a.name, measure_type="project",
               phase="planning", budget_year="2021", budget_kind="investment",
               funding_source="own", planned=amount, published="false")  # fmt: skip
    data = (header + "\n" + ",".join(row[c] for c in io.COLUMNS) + "\n").encode()
    result = io.import_measures(by=office_user, data=data, filename="m.csv", dry_run=True)
    assert not result.ok
    assert [(e.column, e.row) for e in result.errors] == [("planned", 2)]
    json.dumps([str(e) for e in result.errors])  # a report, not a traceback
