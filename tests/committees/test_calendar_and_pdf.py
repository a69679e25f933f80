"""The notice of meeting as PDF; every meeting as ICS; each committee's feed (Europe/Oslo)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from committees import services

DAY = dt.date(2020, 9, 24)
UTC = dt.UTC


@pytest.fixture
def arena(nuit: Any, make_meeting: Any, office_user: Any) -> Any:
    meeting = make_meeting(nuit, DAY, "12:00", "14:30", place="Oslo",
                           items=[("Velkommen", "12:00", "12:10"), ("DHO", "14:00", "14:30")])  # fmt: skip
    services.agenda_publish(meeting=meeting, by=office_user)
    return meeting


def _events(body: bytes) -> list[Any]:
    return Calendar.from_ical(body).walk("VEVENT")


def test_the_meeting_ics_holds_12_to_14_30_oslo_time(arena: Any, client: Any) -> None:
    response = client.get(f"/committees/meetings/{arena.pk}/meeting.ics")
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Oslo"]
    (event,) = _events(response.content)
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert str(event["DTSTART"].params["TZID"]) == "Europe/Oslo"
    assert (start.hour, start.minute, end.hour, end.minute) == (12, 0, 14, 30)
    assert start.date() == DAY
    # Summer time: 12:00 in Oslo on 24.09.2020 is 10:00 UTC.
    assert start.astimezone(UTC) == dt.datetime(2020, 9, 24, 10, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == dt.datetime(2020, 9, 24, 12, 30, tzinfo=UTC)
    assert "Velkommen" in str(event["DESCRIPTION"])


def test_a_winter_meeting_is_an_hour_from_utc(
    nuit: Any, make_meeting: Any, office_user: Any, client: Any
) -> None:
    meeting = make_meeting(
        nuit, dt.date(2020, 12, 10), "12:00", "14:00", items=[("A", "12:00", "12:10")]
    )
    services.agenda_publish(meeting=meeting, by=office_user)
    (event,) = _events(client.get(f"/committees/meetings/{meeting.pk}/meeting.ics").content)
    assert event.decoded("DTSTART").astimezone(UTC) == dt.datetime(2020, 12, 10, 11, 0, tzinfo=UTC)


def test_the_committee_feed_lists_published_meetings_only(
    arena: Any, nuit: Any, make_meeting: Any, client: Any
) -> None:
    make_meeting(nuit, dt.date(2020, 11, 1), "09:00", "10:00", title="Hemmelig utkast")
    response = client.get("/committees/nuit/calendar.ics")
    events = _events(response.content)
    assert [e.decoded("DTSTART").astimezone(ZoneInfo("Europe/Oslo")).date() for e in events] == [
        DAY
    ]
    assert b"Hemmelig utkast" not in response.content


def test_the_notice_of_meeting_is_a_pdf(arena: Any, client: Any) -> None:
    response = client.get(f"/committees/meetings/{arena.pk}/innkalling.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert b"/Type /Page" in response.content
    assert "innkalling-nuit-2020-09-24.pdf" in response["Content-Disposition"]
