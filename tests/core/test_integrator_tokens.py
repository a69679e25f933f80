"""The office manages integrator tokens in the UI; tokens are hashed, scoped, rate limited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from core.models import IntegratorToken, ObjectChange
from core.services import token_create
from people import roles
from portfolio.tokens import token_actor, token_limit_to_actor

pytestmark = pytest.mark.django_db


def test_only_the_office_sees_the_token_pages(client: Any, rep_a: Any, office_user: Any) -> None:
    assert client.get("/integrations/tokens/").status_code == 302
    client.force_login(rep_a)
    assert client.get("/integrations/tokens/").status_code == 403
    client.force_login(office_user)
    assert client.get("/integrations/tokens/").status_code == 200


def test_office_creates_a_token_for_a_new_user_and_sees_the_key_once(
    client: Any, office_user: Any, actor_a: Any
) -> None:
    client.force_login(office_user)
    r = client.post(
        "/integrations/tokens/new/",
        {
            "name": "EPJ Vest",
            "new_username": "epj_vest",
            "scope": "read_write",
            "actor": actor_a.pk,
            "rate_limit": "500/minute",
        },
    )
    assert r.status_code == 200
    key = r.context["key"]
    token = IntegratorToken.objects.get(name="EPJ Vest")
    assert key.encode() in r.content and r["Cache-Control"] == "no-store"
    assert "Limited to actor" in r.content.decode() and str(actor_a) in r.content.decode()
    assert token.key_hash == IntegratorToken.hash_key(key) and key not in token.key_hash
    assert token.user.groups.filter(name=roles.INTEGRATOR).exists()
    assert token_actor(token) == actor_a and token.rate_limit == "500/minute"
    listing = client.get("/integrations/tokens/")
    assert b"EPJ Vest" in listing.content and key.encode() not in listing.content
    page = listing.content.decode()  # the actor limit, a portfolio setting, shown in core's list
    assert "Limited to actor" in page and str(actor_a) in page


@pytest.mark.parametrize("rate", ["1000", "x/hour", "0/hour", "10/week", ""])
def test_a_malformed_rate_limit_is_refused(client: Any, office_user: Any, rate: str) -> None:
    client.force_login(office_user)
    r = client.post(
        "/integrations/tokens/new/",
        {"name": "Bad", "new_username": "bad_rate", "scope": "read", "rate_limit": rate},
    )
    assert r.status_code == 200 and "rate_limit" in r.context["form"].errors
    assert not IntegratorToken.objects.exists()


def test_revoking_needs_a_post_and_then_the_token_is_refused(
    client: Any, office_user: Any, integrator_token: Any, api: Any
) -> None:
    token, key = integrator_token
    client.force_login(office_user)
    assert b"<form" in client.get(f"/integrations/tokens/{token.pk}/revoke/").content
    token.refresh_from_db()
    assert token.revoked is None
    client.post(f"/integrations/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked is not None
    r = api.get("/api/v1/measures/", HTTP_AUTHORIZATION=f"Token {key}")
    assert r.status_code == 401 and r.json()["errors"][0]["code"] == "authentication_failed"


def test_each_api_write_is_attributed_to_its_token(api: Any, make_user: Any, actor_a: Any) -> None:
    user = make_user("epj", roles.INTEGRATOR)
    token, key = token_create(name="EPJ", user=user, scope="read_write", created_by=user)
    token_limit_to_actor(token=token, actor=actor_a)
    r = api.post(
        "/api/v1/measures/",
        {"code": "TOK-9", "name": "By token", "owner": actor_a.pk},
        format="json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert r.status_code == 201, r.content
    change = ObjectChange.objects.get(object_repr__startswith="TOK-9", action="create")
    assert change.token_id == token.pk and change.user_id == user.pk


def test_the_token_rate_limit_answers_429_in_the_error_shape(
    api: Any, make_user: Any, reference_data: None
) -> None:
    cache.clear()
    user = make_user("busy", roles.INTEGRATOR)
    _token, key = token_create(
        name="Busy", user=user, scope="read", created_by=user, rate_limit="3/minute"
    )
    codes = [
        api.get("/api/v1/segments/", HTTP_AUTHORIZATION=f"Token {key}").status_code
        for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    r = api.get("/api/v1/segments/", HTTP_AUTHORIZATION=f"Token {key}")
    body = r.json()
    assert set(body) == {"detail", "errors"} and body["errors"][0]["code"] == "throttled"
    assert int(r["Retry-After"]) > 0
    assert api.get("/api/v1/segments/").status_code == 200  # anonymous is not that token


def test_errors_speak_norwegian_when_asked(api: Any, reference_data: None) -> None:
    r = api.get("/api/v1/measures/", HTTP_AUTHORIZATION="Token wrong", HTTP_ACCEPT_LANGUAGE="nb")
    assert r.status_code == 401 and r["Content-Language"] == "nb"
    r_en = api.get("/api/v1/measures/", HTTP_AUTHORIZATION="Token wrong", HTTP_ACCEPT_LANGUAGE="en")
    assert r_en.json()["detail"] == "Invalid or revoked token." and r_en["Content-Language"] == "en"
