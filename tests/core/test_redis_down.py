"""Redis stopped: pages and the API keep serving from a per-process cache, rate limits keep
counting, and starting background work answers 503 without writing anything.

Each test starts its own redis-server on a free port (tests.faults) and stops it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from config.celery import app as celery_app
from core.services import token_create
from people import roles
from portfolio.tokens import token_limit_to_actor
from scoring.models import Job
from tests.faults import RedisServer, free_port, redis_available

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not redis_available(), reason="needs the redis-server program"),
]


@pytest.fixture
def redis_cache(settings: Any) -> Iterator[RedisServer]:
    """The default cache on a private Redis (the settings' ResilientRedisCache)."""
    server = RedisServer().start()
    settings.REDIS_URL = server.url
    settings.CACHES = {
        "default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": server.url}
    }
    try:
        yield server
    finally:
        server.cleanup()


@pytest.fixture
def token_key(make_user: Any, actor_a: Any) -> str:
    user = make_user("fault_integrator", roles.INTEGRATOR)
    token, key = token_create(
        name="Faults", user=user, scope="read_write", created_by=user,
        rate_limit="4/hour",
    )  # fmt: skip
    token_limit_to_actor(token=token, actor=actor_a)
    return key


def _get_pages() -> list[str]:
    """Every UI and API path without parameters (GET), from the URL configuration."""
    paths: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            route = str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + route)
            elif isinstance(p, URLPattern):
                full = prefix + route
                if "<" in full or "(?P" in full or full.startswith(("admin", "^")):
                    continue
                paths.append("/" + full.lstrip("^").rstrip("$").replace("\\", ""))

    walk(get_resolver().url_patterns, "")
    return sorted({p for p in paths if "logout" not in p})


def _crawl(client: Any, paths: list[str]) -> dict[str, int]:
    return {path: client.get(path).status_code for path in paths}


def test_with_redis_stopped_every_page_and_api_list_answers_without_a_server_error(
    redis_cache: RedisServer,
    demo_portfolio: Any,
    office_user: Any,
    token_key: str,
    caplog: Any,
) -> None:
    paths = _get_pages()
    assert len(paths) > 40  # the crawl really covers the site
    office = Client(raise_request_exception=False)
    office.force_login(office_user)
    cache.set("probe", 1)
    assert redis_cache.ping() and cache.get("probe") == 1  # Redis was in use

    redis_cache.stop()
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        statuses = _crawl(office, paths)
        anonymous = _crawl(Client(raise_request_exception=False), paths)
        token = APIClient(raise_request_exception=False)
        token.credentials(HTTP_AUTHORIZATION=f"Token {token_key}")
        summary = token.get("/api/v1/portfolio/summary/")
    errors = {p: s for p, s in {**statuses, **anonymous}.items() if s >= 500}
    assert errors == {}
    assert statuses["/"] == 200 and anonymous["/public/"] == 200
    assert statuses["/api/v1/portfolio/summary/"] == 200 and summary.status_code == 200
    assert any("Redis cache unreachable" in r.getMessage() for r in caplog.records)


def test_with_redis_stopped_token_rate_limits_still_count(
    redis_cache: RedisServer, reference_data: None, token_key: str
) -> None:
    redis_cache.stop()
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_key}")
    codes = [client.get("/api/v1/actors/").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 200, 429]  # the token allows 4 an hour


@pytest.fixture
def broker_down(settings: Any) -> Iterator[None]:
    """Tasks go to a broker nobody listens on (as when Redis is stopped)."""
    old = (celery_app.conf.broker_url, celery_app.conf.broker_write_url)
    dead = f"redis://127.0.0.1:{free_port()}/0"
    celery_app.conf.broker_url = celery_app.conf.broker_write_url = dead
    celery_app.conf.task_always_eager = False
    try:
        yield
    finally:
        celery_app.conf.broker_url, celery_app.conf.broker_write_url = old
        celery_app.conf.task_always_eager = True


def test_starting_a_recompute_with_the_broker_down_is_503_in_the_error_shape_and_writes_nothing(
    broker_down: None, office_user: Any
) -> None:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(office_user)
    before = Job.objects.count()
    r = client.post("/api/v1/scoring/jobs/", {"kind": "recompute"}, format="json")
    assert r.status_code == 503
    assert int(r["Retry-After"]) > 0
    body = r.json()
    assert body["errors"][0]["code"] == "broker_unavailable" and body["detail"]
    assert Job.objects.count() == before


def test_starting_a_recompute_in_the_ui_with_the_broker_down_shows_a_clear_page(
    broker_down: None, office_user: Any
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(office_user)
    r = client.post("/scoring/recompute/")
    assert r.status_code == 503 and r["Retry-After"]
    page = r.content.decode()
    assert "task queue is unreachable" in page and "Nothing was changed" in page
    assert Job.objects.count() == 0


def test_the_broker_down_message_has_a_bokmal_translation() -> None:
    from django.utils import translation

    from core.queue import BrokerUnavailable

    with translation.override("nb"):
        text = str(BrokerUnavailable().detail)
    assert "Nothing was changed" not in text and "Prøv igjen" in text
