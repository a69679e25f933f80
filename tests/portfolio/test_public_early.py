"""Cached public pages answered before the expensive middleware (core.versioned.EarlyPageMiddleware):
the same bytes and headers as the whole stack gives, 304s, never stale after a write, never
for a signed-in visitor, and the language switch's CSRF token still works."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from portfolio.views import public as public_views
from roadmap.views import public as roadmap_public_views

pytestmark = pytest.mark.django_db

EARLY = "core.versioned.EarlyPageMiddleware"
CSRF_VALUE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]*)"')


@pytest.fixture
def views_run(monkeypatch: Any) -> list[str]:
    """Paths for which the view ran (an early answer never reaches a view)."""
    seen: list[str] = []
    original = public_views.versioned_page

    def spy(request: Any, **kwargs: Any) -> Any:
        seen.append(request.get_full_path())
        return original(request, **kwargs)

    monkeypatch.setattr(public_views, "versioned_page", spy)
    monkeypatch.setattr(roadmap_public_views, "versioned_page", spy)
    return seen


def _full_stack_client(**kwargs: Any) -> Client:
    """A client whose handler is built without the early middleware (the normal answer)."""
    assert EARLY in django_settings.MIDDLEWARE
    client = Client(**kwargs)
    with override_settings(MIDDLEWARE=[m for m in django_settings.MIDDLEWARE if m != EARLY]):
        client.get("/public/data/")  # builds the handler's middleware chain now
    return client


def _without_tokens(body: bytes) -> bytes:
    return CSRF_VALUE.sub(b'name="csrfmiddlewaretoken" value=""', body)


def _headers(response: Any) -> dict[str, str]:
    return {k: v for k, v in response.items() if k != "X-Request-ID"}


def _cookie_attributes(response: Any) -> dict[str, dict[str, Any]]:
    return {name: dict(morsel.items()) for name, morsel in response.cookies.items()}


@pytest.mark.parametrize("path", ["/public/", "/public/?page=1", "/public/roadmap/"])
def test_the_early_answer_is_the_full_stack_answer(
    make_measure: Any, actor_a: Any, views_run: list[str], path: str
) -> None:
    make_measure(actor_a, code="PUB-1", name="Første tiltak", budget={2020: 100})
    normal = _full_stack_client()
    reference = normal.get(path)
    assert reference.status_code == 200 and reference["ETag"]

    visitor = Client()
    first = visitor.get(path)  # unknown to the early middleware: the whole stack, recorded
    assert views_run.count(path) == 2
    stranger = Client()  # a new visitor, no cookies
    early = stranger.get(path)
    assert views_run.count(path) == 2, "the early answer must not reach the view"
    assert early.status_code == 200
    assert _without_tokens(early.content) == _without_tokens(reference.content)
    assert _without_tokens(first.content) == _without_tokens(reference.content)
    assert _headers(early) == _headers(reference)
    assert early["X-Request-ID"] and early["X-Request-ID"] != first["X-Request-ID"]
    assert "Content-Security-Policy" in early and "Permissions-Policy" in early
    assert early["X-Frame-Options"] == reference["X-Frame-Options"]
    # the CSRF cookie is set as the whole stack sets it (same attributes, a new secret)
    assert django_settings.CSRF_COOKIE_NAME in early.cookies
    early_cookie = _cookie_attributes(early)
    reference_cookie = _cookie_attributes(reference)
    assert early_cookie == reference_cookie
    assert early.cookies["csrftoken"].value != reference.cookies["csrftoken"].value


def test_conditional_requests_answer_304_early_with_the_same_headers(
    make_measure: Any, actor_a: Any, views_run: list[str]
) -> None:
    make_measure(actor_a, code="PUB-1")
    normal = _full_stack_client()
    etag = normal.get("/public/")["ETag"]
    reference = normal.get("/public/", HTTP_IF_NONE_MATCH=etag)
    assert reference.status_code == 304

    Client().get("/public/", HTTP_IF_NONE_MATCH=etag)  # recorded
    ran = len(views_run)
    early = Client().get("/public/", HTTP_IF_NONE_MATCH=etag)
    assert len(views_run) == ran
    assert early.status_code == 304 and early.content == b""
    assert _headers(early) == _headers(reference)
    assert not early.cookies  # nothing per visitor on a 304
    modified = early["Last-Modified"]
    assert Client().get("/public/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert len(views_run) == ran  # the same recorded 304
    assert Client().get("/public/", HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_a_write_changes_the_early_answer(
    make_measure: Any, actor_a: Any, views_run: list[str]
) -> None:
    make_measure(actor_a, code="PUB-1", name="Første tiltak")
    Client().get("/public/")
    early = Client().get("/public/")
    assert views_run == ["/public/"]
    make_measure(actor_a, code="PUB-2", name="Andre tiltak")
    after = Client().get("/public/", HTTP_IF_NONE_MATCH=early["ETag"])
    assert after.status_code == 200 and after["ETag"] != early["ETag"]
    assert "Andre tiltak" in after.content.decode()
    assert "Andre tiltak" not in early.content.decode()
    assert views_run == ["/public/", "/public/"]  # the new version went through the view


def test_a_cached_hit_makes_no_query(
    settings: Any, make_measure: Any, actor_a: Any, views_run: list[str]
) -> None:
    make_measure(actor_a, code="PUB-1")
    settings.VERSIONED_PAGE_VERSION_TTL = 60  # the data version known for a while
    Client().get("/public/")
    with CaptureQueriesContext(connection) as ctx:
        early = Client().get("/public/")
    assert early.status_code == 200 and len(views_run) == 1
    assert len(ctx.captured_queries) == 0
    settings.VERSIONED_PAGE_VERSION_TTL = 0  # ask for the data version on every request
    with CaptureQueriesContext(connection) as ctx:
        Client().get("/public/")
    assert len(views_run) == 1
    assert [q["sql"] for q in ctx.captured_queries if "core_dataversion" in q["sql"]] == [
        q["sql"] for q in ctx.captured_queries
    ]
    assert len(ctx.captured_queries) == 1


def test_the_language_cookie_selects_the_entry_and_bokmal_is_the_default(
    settings: Any, make_measure: Any, actor_a: Any, views_run: list[str]
) -> None:
    settings.LANGUAGE_CODE = "nb"  # as deployed (the test settings use English)
    make_measure(actor_a, code="PUB-1")
    normal = _full_stack_client()
    normal.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    reference_en = normal.get("/public/")
    assert reference_en["Content-Language"] == "en"

    for _ in range(2):
        bokmal = Client(HTTP_ACCEPT_LANGUAGE="en").get("/public/")  # the browser is ignored
        english = Client()
        english.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
        english = english.get("/public/")
    assert len(views_run) == 3  # nb once, en once (+ the reference); then early answers
    assert bokmal["Content-Language"] == "nb" and english["Content-Language"] == "en"
    assert '<html lang="nb"' in bokmal.content.decode()
    assert _without_tokens(english.content) == _without_tokens(reference_en.content)
    assert _headers(english) == _headers(reference_en)


def test_the_language_switch_works_from_an_early_answer(
    make_measure: Any, actor_a: Any, views_run: list[str]
) -> None:
    make_measure(actor_a, code="PUB-1")
    Client().get("/public/")
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/public/")
    assert views_run == ["/public/"]
    token = CSRF_VALUE.search(page.content).group(1).decode()
    switched = visitor.post(
        "/i18n/setlang/", {"language": "en", "next": "/public/", "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302
    # a visitor who already has a CSRF cookie keeps its secret (the cookie is only renewed,
    # as CsrfViewMiddleware does) and the form's token matches it
    secret = visitor.cookies[django_settings.CSRF_COOKIE_NAME].value
    visitor.get("/public/")
    again = visitor.get("/public/")
    assert again["Content-Language"] == "en"
    assert again.cookies[django_settings.CSRF_COOKIE_NAME].value == secret
    token = CSRF_VALUE.search(again.content).group(1).decode()
    assert (
        visitor.post("/i18n/setlang/", {"language": "nb", "csrfmiddlewaretoken": token}).status_code
        == 302
    )
    forged = Client(enforce_csrf_checks=True)
    forged.get("/public/")
    assert forged.post("/i18n/setlang/", {"language": "en"}).status_code == 403


def test_a_signed_in_user_never_gets_the_cached_bytes(
    office_user: Any, make_measure: Any, actor_a: Any, views_run: list[str]
) -> None:
    make_measure(actor_a, code="PUB-1")
    anonymous = Client()
    anonymous.get("/public/")
    cached = anonymous.get("/public/")
    assert len(views_run) == 1 and cached["ETag"]
    member = Client()
    member.force_login(office_user)
    response = member.get("/public/")
    assert len(views_run) == 2 and "ETag" not in response
    assert office_user.username in response.content.decode()
    # and what a signed-in user was shown is never recorded for anyone else
    assert office_user.username not in Client().get("/public/").content.decode()
    assert len(views_run) == 2


@pytest.mark.parametrize(
    "extra",
    [
        {"HTTP_COOKIE": "sessionid=whatever"},
        {"HTTP_COOKIE": "messages=something"},
        {"HTTP_AUTHORIZATION": "Token abc"},
    ],
)
def test_requests_that_may_carry_a_person_go_through_the_whole_stack(
    make_measure: Any, actor_a: Any, views_run: list[str], extra: dict[str, str]
) -> None:
    make_measure(actor_a, code="PUB-1")
    Client().get("/public/")
    Client().get("/public/")
    assert len(views_run) == 1
    Client().get("/public/", **extra)
    assert len(views_run) == 2
