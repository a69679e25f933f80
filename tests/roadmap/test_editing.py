"""Editing the roadmap in the browser: item, adoption plan and challenge forms with the API's
rules, bulk publish, moving an item with a preview and optimistic concurrency."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from core.models import ObjectChange

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat


def _item_post(actor: Any, **extra: Any) -> dict[str, Any]:
    data = {
        "code": "NEW-1",
        "name": "A new delivery",
        "kind": "delivery",
        "actor": actor.pk,
        "planned_start": "2022-01-01",
        "planned_end": "2022-06-30",
        "decision": "tentative",
    }
    data.update(extra)
    return data


def _error(html: str, field: str) -> str:
    return html.split(f'id="id_{field}-error"')[1].split("</p>")[0]


# Forms: valid and invalid per role ---------------------------------------------------------


def test_office_creates_and_publishes_an_item_through_the_form(client, office_user, actor_b):
    from roadmap.models import RoadmapItem

    client.force_login(office_user)
    response = client.post("/roadmap/items/new/", _item_post(actor_b, published="on"))
    assert response.status_code == 302
    item = RoadmapItem.objects.get(code="NEW-1")
    assert item.published and item.actor == actor_b and item.duration_days == 180


def test_representative_creates_an_item_for_their_own_actor_unpublished(client, rep_a, actor_a):
    from roadmap.models import RoadmapItem

    client.force_login(rep_a)
    form_html = client.get("/roadmap/items/new/").content.decode()
    assert 'name="published"' not in form_html
    response = client.post("/roadmap/items/new/", _item_post(actor_a, published="on"))
    assert response.status_code == 302
    assert RoadmapItem.objects.get(code="NEW-1").published is False


def test_representative_cannot_choose_another_actor(client, rep_a, actor_b):
    from roadmap.models import RoadmapItem

    client.force_login(rep_a)
    html = client.get("/roadmap/items/new/").content.decode()
    actor_select = html.split('name="actor"')[1].split("</select>")[0]
    assert "KS" not in actor_select and "Helse Vest" in actor_select
    response = client.post("/roadmap/items/new/", _item_post(actor_b))
    assert response.status_code == 400
    assert "valid choice" in _error(response.content.decode(), "actor")
    assert not RoadmapItem.objects.filter(code="NEW-1").exists()


def test_a_measure_the_user_cannot_see_is_refused_by_form_and_api(
    client, api, rep_a, actor_a, actor_b, make_measure
):
    from roadmap.models import RoadmapItem

    hidden = make_measure(actor_b, state="draft", published=False)
    client.force_login(rep_a)
    html = client.get("/roadmap/items/new/").content.decode()
    assert hidden.name not in html
    response = client.post("/roadmap/items/new/", _item_post(actor_a, measure=hidden.pk))
    assert response.status_code == 400
    assert "valid choice" in _error(response.content.decode(), "measure")
    # The API refuses it with the service's rule, naming the field.
    api.force_authenticate(rep_a)
    body = _item_post(actor_a, measure=hidden.pk, code="NEW-2")
    reply = api.post("/api/v1/roadmap/items/", body, format="json")
    assert reply.status_code == 400
    assert [e["field"] for e in reply.json()["errors"]] == ["measure"]
    assert not RoadmapItem.objects.filter(code__in=["NEW-1", "NEW-2"]).exists()


def test_form_and_api_give_the_same_date_error_beside_the_field(client, api, rep_a, actor_a):
    client.force_login(rep_a)
    bad = _item_post(actor_a, kind="milestone", planned_end="2022-02-01")
    html = client.post("/roadmap/items/new/", bad).content.decode()
    form_error = _error(html, "planned_end").split(">")[-1].strip()
    api.force_authenticate(rep_a)
    reply = api.post("/api/v1/roadmap/items/", bad, format="json")
    assert reply.status_code == 400
    api_errors = {e["field"]: e["message"] for e in reply.json()["errors"]}
    assert form_error == api_errors["planned_end"] == "A milestone starts and ends on the same day."


def test_representative_may_not_edit_another_actors_item(client, rep_b, make_item, actor_a):
    item = make_item(actor_a)
    client.force_login(rep_b)
    assert client.get(f"/roadmap/items/{item.pk}/edit/").status_code == 403
    assert client.get(f"/roadmap/items/{item.pk}/move/").status_code == 403
    assert client.get(f"/roadmap/items/{item.pk}/challenges/new/").status_code == 403


def test_edit_reports_a_concurrent_save_instead_of_overwriting(client, rep_a, make_item, actor_a):
    from roadmap import services
    from roadmap.models import RoadmapItem

    item = make_item(actor_a, name="Original")
    client.force_login(rep_a)
    html = client.get(f"/roadmap/items/{item.pk}/edit/").content.decode()
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    # Someone else saves in the meantime.
    services.item_update(item=item, by=rep_a, fields={"name": "Theirs"})
    data = _item_post(actor_a, code=item.code, name="Mine", version=version)
    data.update(planned_start="2021-01-01", planned_end="2021-06-01")
    response = client.post(f"/roadmap/items/{item.pk}/edit/", data)
    assert response.status_code == 409
    assert 'id="conflict"' in response.content.decode()
    assert RoadmapItem.objects.get(pk=item.pk).name == "Theirs"
    # With the current version the save goes through.
    data["version"] = str(RoadmapItem.objects.get(pk=item.pk).version)
    assert client.post(f"/roadmap/items/{item.pk}/edit/", data).status_code == 302
    assert RoadmapItem.objects.get(pk=item.pk).name == "Mine"


def test_adoption_plan_form_for_own_actor_only(client, rep_a, actor_a, actor_b, make_item):
    from portfolio.models import NationalSolution
    from roadmap.models import AdoptionPlan

    solution = NationalSolution.objects.first()
    hidden_item = make_item(actor_b, published=False)
    client.force_login(rep_a)
    post = {
        "actor": actor_b.pk,
        "national_solution": solution.pk,
        "planned_date": "2023-01-01",
        "decision": "tentative",
        "status": "planned",
    }
    response = client.post("/roadmap/adoption/new/", post)
    assert response.status_code == 400 and "valid choice" in _error(
        response.content.decode(), "actor"
    )
    response = client.post(
        "/roadmap/adoption/new/", {**post, "actor": actor_a.pk, "item": hidden_item.pk}
    )
    assert response.status_code == 400 and "valid choice" in _error(
        response.content.decode(), "item"
    )
    assert client.post("/roadmap/adoption/new/", {**post, "actor": actor_a.pk}).status_code == 302
    plan = AdoptionPlan.objects.get(actor=actor_a)
    assert plan.published is False
    # The same pair twice is refused by the model's uniqueness rule, beside the form.
    again = client.post("/roadmap/adoption/new/", {**post, "actor": actor_a.pk})
    assert again.status_code == 400 and "error-summary" in again.content.decode()


def test_item_page_lists_challenges_and_adoption_plans_with_edit_links(
    client, rep_a, actor_a, make_item
):
    from portfolio.models import NationalSolution
    from roadmap import services

    item = make_item(actor_a)
    challenge = services.challenge_save(
        by=rep_a, fields={"item": item, "title": "Vendor capacity", "severity": "high"}
    )
    plan = services.adoption_plan_save(
        by=rep_a,
        fields={
            "actor": actor_a,
            "national_solution": NationalSolution.objects.first(),
            "planned_date": D("2022-01-01"),
            "item": item,
        },
    )
    client.force_login(rep_a)
    html = client.get(f"/roadmap/items/{item.pk}/").content.decode()
    challenges = html.split('id="challenges"')[1].split("</section>")[0]
    assert "Vendor capacity" in challenges
    assert f"/roadmap/challenges/{challenge.pk}/edit/" in challenges
    assert f"/roadmap/items/{item.pk}/challenges/new/" in challenges
    plans = html.split('id="adoption-plans"')[1].split("</section>")[0]
    assert f"/roadmap/adoption/{plan.pk}/edit/" in plans
    # The challenge form changes it; a bad severity is refused beside the field.
    url = f"/roadmap/challenges/{challenge.pk}/edit/"
    bad = client.post(url, {"title": "Vendor capacity", "severity": "huge"})
    assert bad.status_code == 400 and _error(bad.content.decode(), "severity")
    ok = client.post(url, {"title": "Vendor capacity", "severity": "low", "resolved": "on"})
    assert ok.status_code == 302
    challenge.refresh_from_db()
    assert challenge.severity == "low" and challenge.resolved


def test_bulk_publish_is_for_the_office(client, office_user, rep_a, make_item, actor_a):
    from roadmap.models import RoadmapItem

    a = make_item(actor_a, published=False)
    b = make_item(actor_a, published=False)
    c = make_item(actor_a, published=False)
    client.force_login(rep_a)
    assert client.get("/roadmap/publish/").status_code == 403
    client.force_login(office_user)
    response = client.post("/roadmap/publish/", {"items": [a.pk, b.pk]})
    assert response.status_code == 302
    published = dict(RoadmapItem.objects.values_list("pk", "published"))
    assert published[a.pk] and published[b.pk] and not published[c.pk]
    rows = ObjectChange.objects.filter(object_id__in=[str(a.pk), str(b.pk)], action="bulk")
    assert rows.count() == 2 and len({r.request_id for r in rows}) == 1


def test_api_writes_honour_the_items_version(api, rep_a, make_item, actor_a):
    from roadmap.models import RoadmapItem

    item = make_item(actor_a)
    api.force_authenticate(rep_a)
    read = api.get(f"/api/v1/roadmap/items/{item.pk}/")
    etag, version = read["ETag"], read.json()["version"]
    first = api.patch(
        f"/api/v1/roadmap/items/{item.pk}/", {"name": "First"}, format="json", HTTP_IF_MATCH=etag
    )
    assert first.status_code == 200 and first.json()["version"] == version + 1
    stale = api.patch(
        f"/api/v1/roadmap/items/{item.pk}/", {"name": "Second"}, format="json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    assert RoadmapItem.objects.get(pk=item.pk).name == "First"
