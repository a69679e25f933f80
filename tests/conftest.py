"""Shared fixtures: demo reference data, users per role, API clients."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from config.celery import app as celery_app
from core import roles
from core.services import token_create


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    settings.AXES_ENABLED = False
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


@pytest.fixture
def reference_data(db: Any) -> None:
    from portfolio.demo import reference_data as load

    roles.ensure_groups()
    load()


@pytest.fixture
def demo_portfolio(db: Any) -> dict[str, Any]:
    from portfolio.demo import load_demo

    return load_demo()


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
