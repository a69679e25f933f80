"""The defects the access review found, each pinned by a test, and the policy mechanism."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.models import ObjectChange
from core.services import token_create
from people import roles
from portfolio.tokens import token_limit_to_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_for_a(make_user: Any, actor_a: Any) -> str:
    user = make_user("int-a", roles.INTEGRATOR)
    token, key = token_create(name="A", user=user, scope="read_write", created_by=user)
    token_limit_to_actor(token=token, actor=actor_a)
    return key


def _item(actor: Any, **fields: Any) -> Any:
    from roadmap.models import RoadmapItem

    return RoadmapItem.objects.create(
        code=fields.pop("code", "RI-1"),
        name=fields.pop("name", "Leveranse"),
        actor=actor,
        planned_start=dt.date(2021, 1, 1),
        planned_end=dt.date(2021, 3, 1),
        duration_days=59,
        **fields,
    )


def test_an_item_may_not_point_at_a_measure_the_caller_cannot_see(
    api: Any, rep_a: Any, actor_a: Any, actor_b: Any, make_measure: Any
) -> None:
    from roadmap.models import RoadmapItem

    draft_b = make_measure(actor_b, state="draft", published=False, code="SECRET-B")
    api.force_authenticate(rep_a)
    body = {
        "code": "RI-X",
        "name": "Mitt element",
        "actor": actor_a.pk,
        "measure": draft_b.pk,
        "planned_start": "2021-01-01",
        "planned_end": "2021-02-01",
    }
    response = api.post("/api/v1/roadmap/items/", body, format="json")
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["measure"]
    assert "SECRET-B" not in response.content.decode()
    # the same answer as for an id that does not exist: nothing is revealed
    body["measure"] = 999_999
    unknown = api.post("/api/v1/roadmap/items/", body, format="json")
    assert unknown.json()["errors"] == response.json()["errors"]
    assert not RoadmapItem.objects.filter(code="RI-X").exists()


def test_a_published_item_shows_its_unpublished_measure_only_to_who_may_see_it(
    api: Any, client: Any, rep_a: Any, rep_b: Any, actor_a: Any, make_measure: Any
) -> None:
    hidden = make_measure(actor_a, published=False, code="HIDDEN-M")
    item = _item(actor_a, published=True, measure=hidden)
    for user, sees in ((None, False), (rep_b, False), (rep_a, True)):
        if user is not None:
            api.force_authenticate(user)
            client.force_login(user)
        row = api.get(f"/api/v1/roadmap/items/{item.pk}/").json()
        assert (row["measure"], row["measure_code"]) == (
            (hidden.pk, "HIDDEN-M") if sees else (None, None)
        )
        assert ("HIDDEN-M" in client.get(f"/roadmap/items/{item.pk}/").content.decode()) is sees
        export = client.get("/roadmap/export.csv")
        body = b"".join(export.streaming_content) if export.streaming else export.content
        assert ("HIDDEN-M" in body.decode()) is sees


def test_archived_measures_follow_one_rule_for_api_and_pages(
    api: Any, client: Any, rep_a: Any, rep_b: Any, office_user: Any, actor_a: Any, make_measure: Any
) -> None:
    archived = make_measure(actor_a, archived_at="2020-05-01T00:00:00Z")
    for user, status in ((None, 404), (rep_b, 404), (rep_a, 200), (office_user, 200)):
        if user is not None:
            api.force_authenticate(user)
            client.force_login(user)
        assert api.get(f"/api/v1/measures/{archived.pk}/").status_code == status
        assert api.get(f"/api/v1/measures/{archived.pk}/history/").status_code == status
        assert client.get(f"/measures/{archived.pk}/").status_code == status


def test_a_write_naming_a_field_the_caller_may_not_change_is_refused_and_changes_nothing(
    api: Any, token_for_a: str, actor_a: Any, make_measure: Any
) -> None:
    measure = make_measure(actor_a, published=False, name="Før")
    history = ObjectChange.objects.count()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_for_a}")
    response = api.patch(
        f"/api/v1/measures/{measure.pk}/", {"name": "Etter", "published": True}, format="json"
    )
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["published"]
    version = measure.version
    measure.refresh_from_db()
    assert (measure.name, measure.published, measure.version) == ("Før", False, version)
    assert ObjectChange.objects.count() == history
    # sending the value unchanged is no change: allowed
    ok = api.patch(
        f"/api/v1/measures/{measure.pk}/", {"name": "Etter", "published": False}, format="json"
    )
    assert ok.status_code == 200, ok.content


def test_an_actor_token_may_not_edit_an_archived_measure(
    api: Any, token_for_a: str, actor_a: Any, make_measure: Any
) -> None:
    from portfolio import policies

    measure = make_measure(actor_a, archived_at="2020-05-01T00:00:00Z")
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_for_a}")
    from core.models import IntegratorToken

    response = api.patch(f"/api/v1/measures/{measure.pk}/", {"name": "X"}, format="json")
    assert response.status_code in (403, 404)
    measure.refresh_from_db()
    assert measure.name != "X"
    token = IntegratorToken.objects.get()
    assert not policies.can_edit_measure(token.user, measure, token)


def test_public_history_names_the_role_not_the_office_user(
    client: Any, office_user: Any, actor_a: Any, make_measure: Any
) -> None:
    from core.changelog import change_context

    office_user.username = "kari.kontor"
    office_user.save()
    measure = make_measure(actor_a)
    with change_context(user=office_user):
        measure.name = "Nytt navn"
        measure.save()
    page = client.get(f"/measures/{measure.pk}/").content.decode()
    assert "kari.kontor" not in page
    assert "Portfolio office" in page
    client.force_login(office_user)
    assert "kari.kontor" in client.get(f"/measures/{measure.pk}/").content.decode()


def test_senders_personal_data_is_for_the_office_only(
    api: Any, client: Any, office_user: Any, make_user: Any, integrator_token: Any
) -> None:
    from covid_intake import services

    suggestion = services.suggestion_submit(
        fields={
            "title": "Forslag",
            "description": "Tekst",
            "submitter_name": "Per Personvern",
            "submitter_email": "per@example.no",
        },
        source="api",
        by=office_user,
        send_receipt=False,
    )
    steering = make_user("styre", roles.STEERING_GROUP)
    _, key = integrator_token
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    for path in (
        f"/api/v1/intake/suggestions/{suggestion.pk}/",
        "/api/v1/intake/suggestions/",
        f"/api/v1/intake/suggestions/{suggestion.pk}/history/",
    ):
        text = api.get(path).content.decode()
        assert "Forslag" in text or "history" in path
        assert "Per Personvern" not in text and "per@example.no" not in text
    client.force_login(steering)
    page = client.get(f"/intake/suggestions/{suggestion.pk}/").content.decode()
    assert "Forslag" in page and "Per Personvern" not in page
    client.force_login(office_user)
    assert "Per Personvern" in client.get(f"/intake/suggestions/{suggestion.pk}/").content.decode()


def test_a_long_measure_list_becomes_a_search_field(
    client: Any, monkeypatch: Any, rep_a: Any, actor_a: Any, actor_b: Any, make_measure: Any
) -> None:
    from core import policy

    own = make_measure(actor_a, state="draft", published=False, code="OWN-DRAFT")
    other = make_measure(actor_b, state="draft", published=False, code="OTHER-DRAFT")
    make_measure(actor_b, code="PUBLIC-M")
    item = _item(actor_a, published=True, measure=own)
    client.force_login(rep_a)
    page = client.get("/roadmap/").content.decode()
    assert "OWN-DRAFT" in page and "PUBLIC-M" in page and "OTHER-DRAFT" not in page
    assert 'name="measure_q"' in page
    # an id the caller may not see is not a valid choice
    refused = client.get(f"/api/v1/roadmap/items/?measure={other.pk}")
    assert refused.status_code == 400 and "OTHER-DRAFT" not in refused.content.decode()
    # above the limit: no pick list, the text search finds within what the caller may see
    monkeypatch.setattr(policy, "OPTION_LIMIT", 1)
    page = client.get("/roadmap/").content.decode()
    assert '<select name="measure"' not in page and "PUBLIC-M" not in page
    found = client.get("/api/v1/roadmap/items/?measure_q=OWN-DR").json()["results"]
    assert [r["id"] for r in found] == [item.pk]
    assert client.get("/api/v1/roadmap/items/?measure_q=OTHER-DR").json()["results"] == []
