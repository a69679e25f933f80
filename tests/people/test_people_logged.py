"""Users and their roles are managed by the people app and every change is logged (issue 15)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from core.changelog import change_context
from core.services import history_for
from people import services

pytestmark = pytest.mark.django_db


def test_creating_and_changing_a_person_through_the_page_is_logged(client, office_user, actor_b):
    client.force_login(office_user)
    data = {
        "username": "ny",
        "full_name": "Nina Ny",
        "email": "ny@example.no",
        "roles": ["actor_representative"],
        "actors": [actor_b.pk],
        "is_active": "on",
    }
    assert client.post("/people/new/", data).status_code == 302
    person = get_user_model().objects.get(username="ny")
    created = history_for(person).get()
    assert created.action == "create" and created.user == office_user
    assert created.changes["roles"] == [None, ["actor_representative"]]
    assert created.changes["actors"] == [None, [actor_b.pk]]

    data["roles"] = ["working_group"]
    data.pop("is_active")
    assert client.post(f"/people/{person.pk}/", data).status_code == 302
    changed = history_for(person).first()
    assert changed.action == "update"
    assert changed.changes == {
        "is_active": [True, False],
        "roles": [["actor_representative"], ["working_group"]],
    }
    page = client.get(f"/people/{person.pk}/")
    assert page.status_code == 200 and len(page.context["history"]) == 2


def test_granting_and_revoking_a_role_is_logged(office_user, rep_a):
    with change_context(user=office_user):
        services.role_grant(person=rep_a, role="steering_group")
        services.role_revoke(person=rep_a, role="actor_representative")
    grant, revoke = history_for(rep_a).order_by("id")
    assert grant.changes["roles"][1] == ["actor_representative", "steering_group"]
    assert revoke.changes["roles"] == [
        ["actor_representative", "steering_group"],
        ["steering_group"],
    ]


def test_the_people_pages_keep_their_urls(client, office_user):
    from django.urls import reverse

    assert reverse("people") == "/people/" and reverse("person-edit", args=[3]) == "/people/3/"
    client.force_login(office_user)
    assert client.get("/people/").status_code == 200
