"""The agenda item form at national scale: above `core.policy.OPTION_LIMIT` linkable
measures the pick list becomes a field of codes (several, separated by spaces), checked
against what the user may link; the edit form shows the linked codes."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from committees.models import AgendaItem
from core import policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(nuit: Any, make_meeting: Any) -> Any:
    return make_meeting(nuit, dt.date(2020, 11, 2), "10:00", "12:00")


def test_material_codes_link_measures_and_unknown_codes_are_named(
    client: Any, office_user: Any, meeting: Any, make_measure: Any, actor_a: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(policy, "OPTION_LIMIT", 2)
    measures = [make_measure(actor_a, code=f"AG-{i}") for i in range(4)]
    client.force_login(office_user)
    url = f"/committees/meetings/{meeting.pk}/items/new/"
    form = client.get(url).content.decode()
    assert '<select name="measures"' not in form and "AG-3" not in form
    post = {"title": "Sak", "case_type": "information", "start": "10:00", "end": "10:30"}
    refused = client.post(url, {**post, "measures": "AG-1 NO-SUCH"})
    assert refused.status_code == 200 and "NO-SUCH" in refused.content.decode()
    assert not AgendaItem.objects.filter(meeting=meeting).exists()
    assert client.post(url, {**post, "measures": "AG-1, AG-3"}).status_code == 302
    item = AgendaItem.objects.get(meeting=meeting)
    assert set(item.measures.all()) == {measures[1], measures[3]}
    edit = client.get(f"/committees/meetings/{meeting.pk}/items/{item.pk}/edit/").content.decode()
    assert re.search(r'name="measures" value="AG-1 AG-3"', edit)
