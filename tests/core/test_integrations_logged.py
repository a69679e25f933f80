"""Integrator tokens and webhook subscriptions are change-logged (created, revoked,
deactivated), and the office reads that history on their pages (issue 15)."""

from __future__ import annotations

from typing import Any

import pytest

from core import webhooks
from core.changelog import change_context
from core.services import history_for, integrator_user_create, token_create, token_revoke

pytestmark = pytest.mark.django_db


def test_a_token_is_logged_when_created_and_when_revoked(client: Any, office_user: Any) -> None:
    with change_context(user=office_user):
        system = integrator_user_create(username="epj_logged")
        token, _key = token_create(name="EPJ", user=system, scope="read", created_by=office_user)
        token_revoke(token=token)
        token_revoke(token=token)  # already revoked: nothing more to log
    rows = list(history_for(token).order_by("id"))
    assert [r.action for r in rows] == ["create", "update"]
    assert rows[0].changes["name"] == [None, "EPJ"] and rows[0].user == office_user
    assert rows[1].changes["revoked"][0] is None and rows[1].changes["revoked"][1]
    assert history_for(system).get().action == "create"

    client.force_login(office_user)
    page = client.get(f"/integrations/tokens/{token.pk}/revoke/")
    assert page.status_code == 200 and len(page.context["history"]) == 2


def test_a_webhook_subscription_is_logged_when_created_and_deactivated(
    client: Any, office_user: Any
) -> None:
    with change_context(user=office_user):
        sub, _secret = webhooks.subscription_create(
            name="EPJ",
            url="https://epj.example.no/h",
            events=["measure.created"],
            created_by=office_user,
        )
        webhooks.subscription_deactivate(subscription=sub)
    rows = list(history_for(sub).order_by("id"))
    assert [r.action for r in rows] == ["create", "update"]
    assert rows[0].changes["events"] == [None, ["measure.created"]]
    assert rows[1].changes == {"active": [True, False]}
    assert "secret" not in rows[0].changes

    client.force_login(office_user)
    page = client.get(f"/integrations/webhooks/{sub.pk}/")
    assert len(page.context["history"]) == 2
