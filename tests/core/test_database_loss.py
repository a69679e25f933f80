"""Database connections killed (pg_terminate_backend): the API answers 503 in its JSON error
shape with Retry-After, never an HTML page; a write cut off mid-way leaves nothing behind;
the next request works on a fresh connection; Idempotency-Key makes the retry safe."""

from __future__ import annotations

from typing import Any
from unittest import mock

import psycopg
import pytest
from django.conf import settings as django_settings
from django.db import close_old_connections, connection
from rest_framework.test import APIClient

from core.services import token_create
from people import roles
from portfolio.tokens import token_limit_to_actor

pytestmark = [
    pytest.mark.skipif(
        not django_settings.IS_POSTGRES, reason="pg_terminate_backend needs PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),
]


def _dsn() -> str:
    db = connection.settings_dict
    return (
        f"host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432} dbname={db['NAME']} "
        f"user={db['USER']} password={db.get('PASSWORD') or ''}"
    )


def _kill_own_connection() -> None:
    """Terminate this thread's database connection from another connection."""
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    with psycopg.connect(_dsn(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture(autouse=True)
def _fresh_connection_after() -> Any:
    yield
    connection.close()  # the test's own connection may be the one that was killed


def _next_request_starts() -> None:
    """What Django's request handler does before each request (the test client skips it): a
    connection that had errors and no longer answers is closed, and the next query reconnects."""
    close_old_connections()


@pytest.fixture
def client(make_user: Any, actor_a: Any) -> APIClient:
    user = make_user("db_loss_integrator", roles.INTEGRATOR)
    token, key = token_create(
        name="DB loss", user=user, scope="read_write", created_by=user,
        rate_limit="100000/hour",
    )  # fmt: skip
    token_limit_to_actor(token=token, actor=actor_a)
    api = APIClient(raise_request_exception=False)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def test_a_connection_killed_between_requests_is_replaced(client: APIClient) -> None:
    assert client.get("/api/v1/actors/").status_code == 200
    _kill_own_connection()
    _next_request_starts()
    assert client.get("/api/v1/actors/").status_code == 200


def test_a_connection_killed_mid_write_is_503_json_and_nothing_is_written(
    client: APIClient, actor_a: Any
) -> None:
    from portfolio.models import Measure

    body = {"code": "CUT-1", "name": "Avbrutt", "owner": actor_a.pk}

    def die(*args: Any, **kwargs: Any) -> None:
        _kill_own_connection()
        Measure.objects.count()  # the next statement finds the connection gone

    with mock.patch("portfolio.services._emit", side_effect=die):
        r = client.post("/api/v1/measures/", body, format="json", HTTP_IDEMPOTENCY_KEY="cut-1")
    assert r.status_code == 503 and int(r["Retry-After"]) > 0
    assert r["Content-Type"].startswith("application/json")
    assert r.json()["errors"][0]["code"] == "service_unavailable"
    _next_request_starts()
    assert not Measure.objects.filter(code="CUT-1").exists()

    first = client.post("/api/v1/measures/", body, format="json", HTTP_IDEMPOTENCY_KEY="cut-1")
    again = client.post("/api/v1/measures/", body, format="json", HTTP_IDEMPOTENCY_KEY="cut-1")
    assert (first.status_code, again.status_code) == (201, 201), first.content[:300]
    assert again["Idempotent-Replayed"] == "true"
    assert Measure.objects.filter(code="CUT-1").count() == 1


def test_every_read_endpoint_answers_json_when_its_connection_dies(
    client: APIClient, reference_data: None
) -> None:
    paths = ["/api/v1/actors/", "/api/v1/measures/", "/api/v1/portfolio/summary/"]
    codes = []
    for path in paths:
        with mock.patch(
            "rest_framework.views.APIView.initial", side_effect=lambda *a, **k: _die_now()
        ):
            r = client.get(path)
        _next_request_starts()
        codes.append(r.status_code)
        assert r["Content-Type"].startswith("application/json"), path
    assert codes == [503] * len(paths)
    assert client.get(paths[0]).status_code == 200


def _die_now() -> None:
    from portfolio.models import Actor

    _kill_own_connection()
    Actor.objects.count()
