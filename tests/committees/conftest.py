"""Committee fixtures built through the services, as the office would."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from committees import services
from committees.choices import CaseType, MemberRole

OSLO = ZoneInfo("Europe/Oslo")


def at(day: dt.date, hhmm: str) -> dt.datetime:
    h, m = (int(x) for x in hhmm.split(":"))
    return dt.datetime(day.year, day.month, day.day, h, m, tzinfo=OSLO)


@pytest.fixture
def nuit(office_user: Any) -> Any:
    return services.committee_create(
        by=office_user,
        fields={"name": "Prioriteringsutvalget (NUIT)", "short_name": "NUIT", "slug": "nuit",
                "mandate": "Prioritere.", "mandate_valid_from": dt.date(2020, 1, 1)},
    )  # fmt: skip


@pytest.fixture
def nufa(office_user: Any) -> Any:
    return services.committee_create(
        by=office_user,
        fields={"name": "Fagutvalget (NUFA)", "short_name": "NUFA", "slug": "nufa"},
    )


@pytest.fixture
def member(nuit: Any, make_user: Any, office_user: Any) -> Any:
    user = make_user("nuit_member", None)
    services.membership_add(
        committee=nuit,
        by=office_user,
        fields={"person_name": "Nina Medlem", "organisation": "KS", "role": MemberRole.MEMBER,
                "user": user},
    )  # fmt: skip
    return user


@pytest.fixture
def make_meeting(office_user: Any):  # type: ignore[no-untyped-def]
    """A meeting with items given as (title, "HH:MM", "HH:MM"[, case type]) on one day."""

    def make(committee: Any, day: dt.date, start: str, end: str, items=(), **fields: Any) -> Any:  # type: ignore[no-untyped-def]
        meeting = services.meeting_create(
            committee=committee,
            by=office_user,
            fields={"starts_at": at(day, start), "ends_at": at(day, end), **fields},
        )
        for spec in items:
            title, s, e, *rest = spec
            services.agenda_item_add(
                meeting=meeting,
                by=office_user,
                fields={"title": title, "starts_at": at(day, s), "ends_at": at(day, e),
                        "case_type": rest[0] if rest else CaseType.INFORMATION},
            )  # fmt: skip
        return meeting

    return make
