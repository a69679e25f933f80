"""Roadmap forms at national scale: above `core.policy.OPTION_LIMIT` options a pick list
becomes a code field (same objects accepted, an unknown code named as an error), and the
publish page offers one page of unpublished items."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from core import policy
from roadmap.models import RoadmapItem
from roadmap.views.items import PUBLISH_PAGE_SIZE

pytestmark = pytest.mark.django_db


def _error(html: str, field: str) -> str:
    return html.split(f'id="id_{field}-error"')[1].split("</p>")[0]


def _items(actor: Any, n: int, *, published: bool = True, prefix: str = "LC") -> list[Any]:
    return RoadmapItem.objects.bulk_create(
        RoadmapItem(
            code=f"{prefix}-{i:03d}",
            name=f"{prefix} item {i}",
            actor=actor,
            planned_start=dt.date(2023, 1, 2) + dt.timedelta(days=i),
            planned_end=dt.date(2023, 3, 1) + dt.timedelta(days=i),
            duration_days=58,
            published=published,
        )
        for i in range(n)
    )


def test_item_pick_list_becomes_a_code_field_above_the_limit(
    client, office_user, actor_a, monkeypatch
):
    items = _items(actor_a, 8)
    client.force_login(office_user)
    small = client.get("/roadmap/what-if/").content.decode()
    assert '<select name="item"' in small and "LC item 7" in small
    monkeypatch.setattr(policy, "OPTION_LIMIT", 3)
    large = client.get("/roadmap/what-if/").content.decode()
    assert '<select name="item"' not in large and "LC item 7" not in large
    assert re.search(r'<input type="text" name="item"', large)
    # the code is accepted and means the same item; an unknown code is an error on the field
    answer = client.get(f"/roadmap/what-if/?item={items[2].code}&slip_days=30")
    assert answer.status_code == 200 and "LC item 2" in answer.content.decode()
    wrong = client.get("/roadmap/what-if/?item=NO-SUCH&slip_days=30").content.decode()
    assert "No such code among those you may choose" in _error(wrong, "item")
    # a text the database cannot hold (NUL, refused by PostgreSQL) is the field's error too
    hostile = client.get("/roadmap/what-if/", {"item": "LC\x00", "slip_days": 30})
    assert hostile.status_code in (200, 400)
    assert "Null characters are not allowed" in _error(hostile.content.decode(), "item")


def test_measure_code_field_creates_and_shows_the_link(
    client, office_user, actor_a, make_measure, monkeypatch
):
    monkeypatch.setattr(policy, "OPTION_LIMIT", 2)
    measures = [make_measure(actor_a, code=f"MC-{i}") for i in range(4)]
    client.force_login(office_user)
    form = client.get("/roadmap/items/new/").content.decode()
    assert '<select name="measure"' not in form and 'name="measure"' in form
    post = {
        "code": "NEW-LC",
        "name": "Linked by code",
        "kind": "delivery",
        "actor": actor_a.pk,
        "measure": "MC-2",
        "planned_start": "2022-01-01",
        "planned_end": "2022-06-30",
        "decision": "tentative",
    }
    assert client.post("/roadmap/items/new/", post).status_code == 302
    item = RoadmapItem.objects.get(code="NEW-LC")
    assert item.measure == measures[2]
    # the edit form shows the linked measure's code, not its id
    edit = client.get(f"/roadmap/items/{item.pk}/edit/").content.decode()
    assert re.search(r'name="measure" value="MC-2"', edit)
    refused = client.post("/roadmap/items/new/", {**post, "code": "NEW-2", "measure": "MC-9"})
    assert refused.status_code == 400
    assert "No such code" in _error(refused.content.decode(), "measure")
    assert not RoadmapItem.objects.filter(code="NEW-2").exists()
    hostile = client.post("/roadmap/items/new/", {**post, "code": "NEW-3", "measure": "MC\x00"})
    assert hostile.status_code == 400
    assert "Null characters are not allowed" in _error(hostile.content.decode(), "measure")


def test_publish_page_offers_one_page_and_publishes_from_any_page(client, office_user, actor_a):
    drafts = _items(actor_a, PUBLISH_PAGE_SIZE + 7, published=False, prefix="PB")
    client.force_login(office_user)
    first = client.get("/roadmap/publish/").content.decode()
    assert first.count('name="items"') == PUBLISH_PAGE_SIZE
    assert 'rel="next"' in first
    second = client.get("/roadmap/publish/?page=2").content.decode()
    assert (
        second.count('name="items"')
        == 7 + RoadmapItem.objects.filter(published=False).exclude(code__startswith="PB").count()
    )
    last = drafts[-1]
    response = client.post("/roadmap/publish/", {"items": [last.pk]})
    assert response.status_code == 302
    last.refresh_from_db()
    assert last.published


def _chain(actor: Any, n: int) -> list[Any]:
    from roadmap.models import Dependency

    items = _items(actor, n, prefix="CH")
    Dependency.objects.bulk_create(
        Dependency(predecessor=a, successor=b) for a, b in zip(items, items[1:], strict=False)
    )
    return items


def test_what_if_draws_and_lists_a_bounded_page_of_what_moves(
    client, office_user, actor_a, monkeypatch
):
    from roadmap.views import common

    monkeypatch.setattr(common, "CONSEQUENCE_ITEMS", 3)
    items = _chain(actor_a, 10)
    client.force_login(office_user)
    url = f"/roadmap/what-if/?item={items[0].pk}&slip_days=200"
    html = client.get(url).content.decode()
    assert "9 other items move" in html
    chart = html.split("<svg")[1].split("</svg>")[0]
    assert chart.count('class="g-item') == 3  # the slipping item and the first two pushed
    table = html.split('id="moved-items"')[1].split("</table>")[0]
    assert table.count('<th scope="row">') == 3 and 'rel="next"' in html
    last = client.get(url + "&moved_page=3").content.decode()
    last_table = last.split('id="moved-items"')[1].split("</table>")[0]
    assert last_table.count('<th scope="row">') == 3 and "CH item 9" in last_table
