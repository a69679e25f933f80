"""Agenda times lie inside the meeting and do not overlap; errors name the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from committees import services
from committees.models import AgendaItem
from tests.committees.conftest import at

DAY = dt.date(2020, 9, 24)


def _add(meeting: Any, by: Any, start: str, end: str, title: str = "Sak") -> AgendaItem:
    return services.agenda_item_add(
        meeting=meeting,
        by=by,
        fields={"title": title, "starts_at": at(DAY, start), "ends_at": at(DAY, end)},
    )


@pytest.fixture
def meeting(nuit: Any, make_meeting: Any) -> Any:
    return make_meeting(nuit, DAY, "12:00", "14:30", items=[("Velkommen", "12:00", "12:10")])


def test_an_item_starting_before_the_meeting_is_refused_on_its_start(
    meeting: Any, office_user: Any
) -> None:
    with pytest.raises(ValidationError) as exc:
        _add(meeting, office_user, "11:50", "12:20")
    assert set(exc.value.message_dict) == {"starts_at"}
    assert "12:00–14:30" in exc.value.message_dict["starts_at"][0]
    assert meeting.items.count() == 1


def test_an_item_ending_after_the_meeting_is_refused_on_its_end(
    meeting: Any, office_user: Any
) -> None:
    with pytest.raises(ValidationError) as exc:
        _add(meeting, office_user, "14:00", "14:45")
    assert set(exc.value.message_dict) == {"ends_at"}


def test_an_item_ending_before_it_starts_is_refused(meeting: Any, office_user: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        _add(meeting, office_user, "13:00", "12:30")
    assert "ends_at" in exc.value.message_dict


def test_overlapping_items_are_refused_naming_the_other_item(
    meeting: Any, office_user: Any
) -> None:
    with pytest.raises(ValidationError) as exc:
        _add(meeting, office_user, "12:05", "12:30", title="Orientering")
    assert "Velkommen" in exc.value.message_dict["starts_at"][0]
    assert meeting.items.count() == 1


def test_back_to_back_items_are_fine(meeting: Any, office_user: Any) -> None:
    item = _add(meeting, office_user, "12:10", "12:30")
    assert item.position == 2


def test_an_item_cannot_be_moved_onto_another(meeting: Any, office_user: Any) -> None:
    second = _add(meeting, office_user, "12:10", "12:30")
    with pytest.raises(ValidationError) as exc:
        services.agenda_item_update(
            item=second, by=office_user, fields={"starts_at": at(DAY, "12:05")}
        )
    assert "starts_at" in exc.value.message_dict
    second.refresh_from_db()
    assert f"{second.local_start:%H:%M}" == "12:10"


def test_shortening_the_meeting_past_its_items_is_refused(meeting: Any, office_user: Any) -> None:
    _add(meeting, office_user, "14:00", "14:30")
    with pytest.raises(ValidationError) as exc:
        services.meeting_update(
            meeting=meeting, by=office_user, fields={"ends_at": at(DAY, "14:00")}
        )
    assert "starts_at" in exc.value.message_dict
    meeting.refresh_from_db()
    assert f"{meeting.local_end:%H:%M}" == "14:30"


def test_the_item_form_shows_the_error_beside_the_time(
    meeting: Any, office_user: Any, client: Any
) -> None:
    client.force_login(office_user)
    response = client.post(
        f"/committees/meetings/{meeting.pk}/items/new/",
        {"title": "For sent", "case_type": "information", "start": "14:00", "end": "15:00"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["end"]
    assert 'id="id_end-error"' in response.content.decode()
    assert meeting.items.count() == 1
