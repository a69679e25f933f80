"""Shared fixtures: demo reference data, users per role, API clients."""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from config.celery import app as celery_app
from core.services import token_create
from people import roles

# PBKDF2 costs ~0.3 s per hash, paid for every user a test creates and every password login;
# no test is about hash strength (Django's own advice for test suites).
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _per_worker_redis() -> None:
    """Under pytest-xdist each worker gets its own Redis database (base + worker number):
    tests flush the cache (`cache.clear()` is FLUSHDB), count rate limits in it and run Celery
    queues through it, so two workers must not share one. Runs before any test touches Redis."""
    from django.conf import settings

    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw") or not settings.REDIS_URL:
        return
    url = urlsplit(settings.REDIS_URL)
    db = int(url.path.strip("/") or 0) + int(worker[2:])
    if db > 15:
        raise pytest.UsageError(f"xdist worker {worker} would need Redis database {db} (> 15)")
    redis_url = urlunsplit(url._replace(path=f"/{db}"))
    os.environ["REDIS_URL"] = redis_url
    settings.REDIS_URL = redis_url
    settings.CELERY_BROKER_URL = redis_url
    settings.CACHES = {**settings.CACHES, "default": {**settings.CACHES["default"], "LOCATION": redis_url}}  # fmt: skip
    celery_app.conf.broker_url = redis_url


_per_worker_redis()


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    settings.AXES_ENABLED = False
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.LANGUAGE_CODE = "en"
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _fresh_data_version_cache(monkeypatch: Any) -> None:
    """Each test rolls its data back, so data versions repeat across tests: a fresh salt
    keeps one test's cached figures from another (without flushing the shared Redis)."""
    import uuid

    from core import data_version

    monkeypatch.setattr(data_version, "CACHE_SALT", uuid.uuid4().hex)


@pytest.fixture(autouse=True)
def _fresh_rate_limits(monkeypatch: Any) -> None:
    """Rate limits are counted in the cache per token id, and rolled-back tests reuse ids: a
    fresh key per test keeps one test's requests (a fuzz run's thousands) from another's
    token."""
    import uuid

    from core.api.throttling import IntegratorTokenRateThrottle

    fresh = f"throttle_%(scope)s_{uuid.uuid4().hex}_%(ident)s"
    monkeypatch.setattr(IntegratorTokenRateThrottle, "cache_format", fresh)


@pytest.fixture(autouse=True)
def _versioned_files_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Open-data files produced per data version go to the test's own directory."""
    settings.VERSIONED_FILES_DIR = tmp_path / "versioned"
    settings.VERSIONED_PAGE_VERSION_TTL = 0  # tests write and read at once


@pytest.fixture
def reference_data(db: Any) -> None:
    from portfolio.demo import reference_data as load

    roles.ensure_groups()
    load()


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """In each run of consecutive tests from one module (pytest-django has already put
    transactional and non-database tests after the others), run the tests that use the demo
    portfolio last, otherwise keeping the order. The demo is loaded once per run, in a
    transaction that stays open until the run ends, so the module's other tests still start
    from an empty database."""
    ordered: list[Any] = []
    run: list[Any] = []
    for item in [*items, None]:
        if run and (
            item is None or getattr(item, "module", None) is not getattr(run[0], "module", None)
        ):
            ordered += [i for i in run if "demo_portfolio" not in getattr(i, "fixturenames", ())]
            ordered += [i for i in run if "demo_portfolio" in getattr(i, "fixturenames", ())]
            run = []
        if item is not None:
            run.append(item)
    items[:] = ordered


@pytest.fixture(scope="module")
def _module_demo_portfolio(
    django_db_setup: Any, django_db_blocker: Any
) -> Iterator[dict[str, Any]]:
    """The demo portfolio, loaded once per test module (it takes seconds) inside a transaction
    that is rolled back when the module is done. Each test still runs in its own savepoint
    (pytest-django's `db`), so what one test writes is gone before the next one starts."""
    from django.db import transaction
    from django.test.utils import override_settings

    from portfolio.demo import load_demo

    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with (
            django_db_blocker.unblock(),
            override_settings(
                PASSWORD_HASHERS=FAST_HASHERS, AXES_ENABLED=False, LANGUAGE_CODE="en"
            ),
        ):
            demo = load_demo()
        yield demo
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo_portfolio(request: Any, _module_demo_portfolio: dict[str, Any], db: Any) -> dict[str, Any]:
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        pytest.fail("demo_portfolio is shared by the module's tests: not for transaction=True")
    return copy.deepcopy(_module_demo_portfolio)


def _user(username: str, role: str | None, actors: list[Any] = ()) -> Any:  # type: ignore[assignment]
    user = get_user_model().objects.create_user(username=username, password="pw-" + username * 2)
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    for actor in actors:
        actor.representatives.add(user)
    return user


@pytest.fixture
def actor_a(reference_data: None) -> Any:
    from portfolio.models import Actor

    return Actor.objects.get(short_name="Helse Vest")


@pytest.fixture
def actor_b(reference_data: None) -> Any:
    from portfolio.models import Actor

    return Actor.objects.get(short_name="KS")


@pytest.fixture
def office_user(reference_data: None) -> Any:
    return _user("office", roles.PORTFOLIO_OFFICE)


@pytest.fixture
def rep_a(actor_a: Any) -> Any:
    return _user("rep_a", roles.ACTOR_REPRESENTATIVE, [actor_a])


@pytest.fixture
def rep_b(actor_b: Any) -> Any:
    return _user("rep_b", roles.ACTOR_REPRESENTATIVE, [actor_b])


@pytest.fixture
def make_user(reference_data: None):  # type: ignore[no-untyped-def]
    return _user


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def integrator_token(reference_data: None) -> tuple[Any, str]:
    user = _user("integrator_user", roles.INTEGRATOR)
    return token_create(name="Test", user=user, scope="read_write", created_by=user)


@pytest.fixture
def make_measure(reference_data: None):  # type: ignore[no-untyped-def]
    from tests.factories import measure

    return measure


def pytest_configure(config: Any) -> None:
    """One fresh fuzz seed per run (tests/api/test_schemathesis.py), shared with the
    pytest-xdist workers (they inherit the environment) and printed in the report header so
    that a failure can be replayed with FUZZ_SEED=<seed>."""
    import os
    import random

    os.environ.setdefault("FUZZ_SEED", str(random.randrange(1, 2**31)))


def pytest_report_header(config: Any) -> str:
    import os

    return f"fuzz seed: {os.environ.get('FUZZ_SEED')} (replay with FUZZ_SEED=<seed>)"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    import os

    terminalreporter.write_line(
        f"fuzz seed: {os.environ.get('FUZZ_SEED')} (FUZZ_SEED=<seed> replays)"
    )
