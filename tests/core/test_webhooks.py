"""Webhooks: signed deliveries, retried with back-off, logged with their outcome."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any
from unittest import mock

import pytest
from celery.exceptions import Retry

from core import events, webhooks
from core.models import WebhookDelivery
from core.tasks import MAX_RETRIES, deliver_webhook

pytestmark = pytest.mark.django_db


class FakeResponse:
    def __init__(self, status: int = 200) -> None:
        self.status = status

    def __enter__(self) -> FakeResponse:
        return self

    def __exit__(self, *exc: Any) -> None:
        return None


def attempt(delivery: WebhookDelivery, *, retries: int) -> str:
    """Run the task once as the worker would on its n-th retry."""
    try:
        result = deliver_webhook.apply(
            kwargs={"delivery_pk": delivery.pk}, retries=retries, throw=False
        )
    except Retry:
        return "RETRY"
    except webhooks.DeliveryFailed:
        return "FAILURE"
    return result.state


@pytest.fixture
def subscription(office_user: Any) -> Any:
    sub, _secret = webhooks.subscription_create(
        name="EPJ",
        url="https://epj.example.no/hooks",
        events=["measure.created", "measure.updated"],
        created_by=office_user,
    )
    return sub


def test_a_delivery_is_signed_so_the_receiver_can_verify_it(
    subscription: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with (
        mock.patch("core.webhooks._opener.open", return_value=FakeResponse(204)) as urlopen,
        django_capture_on_commit_callbacks(execute=True),
    ):
        events.emit("measure.created", {"code": "X-1"})
    request = urlopen.call_args.args[0]
    body = request.data
    assert webhooks.verify(subscription.secret, body, request.get_header("X-signature"))
    assert not webhooks.verify("another secret", body, request.get_header("X-signature"))
    assert request.get_header("X-event") == "measure.created"
    sent = json.loads(body)
    assert sent["event"] == "measure.created" and sent["data"] == {"code": "X-1"}
    delivery = WebhookDelivery.objects.get()
    assert request.get_header("X-delivery") == str(delivery.pk)
    assert delivery.status == "delivered" and delivery.response_code == 204
    assert delivery.attempts == 1


def test_a_failing_receiver_is_retried_and_the_outcome_logged(subscription: Any) -> None:
    events.emit("measure.updated", {"code": "X-2"})
    (delivery,) = WebhookDelivery.objects.all()
    answers = [
        urllib.error.HTTPError("u", 500, "boom", {}, None),  # type: ignore[arg-type]
        urllib.error.URLError("connection refused"),
        FakeResponse(200),
    ]
    with mock.patch("core.webhooks._opener.open", side_effect=answers) as urlopen:
        assert attempt(delivery, retries=0) == "RETRY"
        delivery.refresh_from_db()
        assert delivery.status == "retrying" and delivery.error
        outcomes = [attempt(delivery, retries=n) for n in range(1, 3)]
    assert "SUCCESS" in outcomes
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempts == urlopen.call_count == 3
    assert delivery.response_code == 200 and delivery.error == "" and delivery.delivered


def test_a_receiver_that_keeps_failing_ends_as_failed(subscription: Any) -> None:
    events.emit("measure.created", {"code": "X-3"})
    (delivery,) = WebhookDelivery.objects.all()
    error = urllib.error.HTTPError("u", 503, "down", {}, None)  # type: ignore[arg-type]
    with mock.patch("core.webhooks._opener.open", side_effect=error):
        assert attempt(delivery, retries=MAX_RETRIES) == "FAILURE"
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.response_code == 503
    assert "503" in delivery.error
    with mock.patch("core.webhooks._opener.open") as urlopen:
        deliver_webhook.apply(kwargs={"delivery_pk": delivery.pk})
    urlopen.assert_not_called()  # a finished delivery is not sent again


def test_the_task_is_late_acked_with_exponential_backoff() -> None:
    assert deliver_webhook.acks_late and deliver_webhook.retry_backoff
    assert deliver_webhook.max_retries == MAX_RETRIES


def test_only_subscribed_active_events_are_delivered(subscription: Any, office_user: Any) -> None:
    events.emit("score_job.finished", {"id": 1})  # not subscribed to
    events.emit("measure.exploded", {})  # an event that is no webhook
    assert not WebhookDelivery.objects.exists()
    webhooks.subscription_deactivate(subscription=subscription)
    events.emit("measure.created", {"code": "X"})
    assert not WebhookDelivery.objects.exists()
    subscription.active = True
    subscription.save()
    events.emit("measure.created", {"code": "X"})
    assert WebhookDelivery.objects.count() == 1


@pytest.mark.parametrize("url", ["ftp://example.no/x", "file:///etc/passwd", "javascript:x"])
def test_non_http_urls_are_refused(office_user: Any, url: str) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        webhooks.subscription_create(
            name="Bad", url=url, events=["measure.created"], created_by=office_user
        )


def test_creating_a_measure_through_the_api_delivers_measure_created(
    subscription: Any,
    api: Any,
    office_user: Any,
    actor_a: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    api.force_authenticate(office_user)
    with (
        mock.patch("core.webhooks._opener.open", return_value=FakeResponse(200)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        r = api.post(
            "/api/v1/measures/",
            {"code": "HOOK-1", "name": "Hooked", "owner": actor_a.pk},
            format="json",
        )
        assert r.status_code == 201, r.content
        r2 = api.patch(f"/api/v1/measures/{r.json()['id']}/", {"name": "Hooked 2"}, format="json")
        assert r2.status_code == 200
    events = list(WebhookDelivery.objects.order_by("id").values_list("event", "status"))
    assert events == [("measure.created", "delivered"), ("measure.updated", "delivered")]
    assert WebhookDelivery.objects.first().payload["code"] == "HOOK-1"


def test_the_office_manages_subscriptions_in_the_ui_and_the_api(
    client: Any, api: Any, office_user: Any, rep_a: Any
) -> None:
    client.force_login(office_user)
    r = client.post(
        "/integrations/webhooks/new/",
        {"name": "UI", "url": "https://ui.example.no/h", "events": ["suggestion.decided"]},
    )
    assert r.status_code == 200 and r.context["secret"].encode() in r.content
    sub = r.context["subscription"]
    client.post(f"/integrations/webhooks/{sub.pk}/")
    sub.refresh_from_db()
    assert not sub.active
    api.force_authenticate(rep_a)
    assert api.get("/api/v1/webhooks/").status_code == 403
    api.force_authenticate(office_user)
    created = api.post(
        "/api/v1/webhooks/",
        {"name": "API", "url": "https://api.example.no/h", "events": ["measure.transitioned"]},
        format="json",
    )
    assert created.status_code == 201 and len(created.json()["secret"]) == 64
    listed = api.get("/api/v1/webhooks/").json()["results"]
    assert {s["name"] for s in listed} == {"UI", "API"}
    assert all(s["secret"] is None for s in listed)
    bad = api.post(
        "/api/v1/webhooks/",
        {"name": "Bad", "url": "ftp://x.no/h", "events": ["nope"]},
        format="json",
    )
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["errors"]} >= {"url", "events[0]"} or {
        e["field"] for e in bad.json()["errors"]
    } >= {"url", "events"}


def test_a_receivers_redirect_is_not_followed(reference_data: None) -> None:
    """A 3xx from the receiver is a failed delivery: following it could reach an inside
    address that the target check refused."""
    import http.server
    import threading

    hits: list[str] = []

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            hits.append(self.path)
            self.send_response(307)
            self.send_header("Location", "/inside")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{server.server_port}/hook", data=b"{}", method="POST"
        )
        with pytest.raises(urllib.error.HTTPError) as caught:
            webhooks._opener.open(request, timeout=5)
        assert caught.value.code == 307
        assert hits == ["/hook"]  # the redirect's target was never requested
    finally:
        server.shutdown()
