"""Meetings as iCalendar (RFC 5545): one meeting, or a committee's feed to subscribe to.
Times are written in Europe/Oslo with its VTIMEZONE, so calendars show 12:00–14:30 as such."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from committees.models import OSLO, Meeting

PRODID = "-//Direktoratet for e-helse//Nasjonal e-helseportefolje//NO"


def _event(meeting: Meeting, *, url: str = "", agenda: Iterable[str] = ()) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@ehelse-portefolje")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(OSLO))
    event.add("dtend", meeting.ends_at.astimezone(OSLO))
    event.add("summary", meeting.display_title)
    location = meeting.place or meeting.online_url
    if location:
        event.add("location", location)
    lines = list(agenda)
    if meeting.online_url:
        lines.append(meeting.online_url)
    if lines:
        event.add("description", "\n".join(lines))
    if url:
        event.add("url", url)
    return event


def calendar_bytes(
    meetings: Iterable[Meeting],
    *,
    name: str,
    urls: dict[int, str] | None = None,
    agendas: dict[int, list[str]] | None = None,
) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Oslo")
    meetings = list(meetings)
    for meeting in meetings:
        cal.add_component(
            _event(
                meeting,
                url=(urls or {}).get(meeting.pk, ""),
                agenda=(agendas or {}).get(meeting.pk, []),
            )
        )
    years = [m.starts_at.year for m in meetings] or [timezone.now().year]
    cal.add_missing_timezones(
        first_date=dt.date(min(years) - 1, 1, 1), last_date=dt.date(max(years) + 2, 1, 1)
    )
    return cal.to_ical()
