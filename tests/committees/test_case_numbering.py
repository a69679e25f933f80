"""Case numbers: given when the agenda is published, unique per committee and year."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from committees import services
from committees.models import AgendaItem, Meeting
from tests.committees.conftest import at

ITEMS = [("A", "09:00", "09:30"), ("B", "09:30", "10:00")]


def _labels(meeting: Meeting) -> list[str]:
    return [i.case_label for i in meeting.items.order_by("position")]


def test_cases_are_numbered_only_when_the_agenda_is_published(
    nuit: Any, make_meeting: Any, office_user: Any
) -> None:
    meeting = make_meeting(nuit, dt.date(2020, 3, 5), "09:00", "12:00", items=ITEMS)
    assert _labels(meeting) == ["", ""]
    services.agenda_publish(meeting=meeting, by=office_user)
    assert _labels(meeting) == ["1/20", "2/20"]


def test_numbers_continue_within_the_year_and_restart_the_next(
    nuit: Any, make_meeting: Any, office_user: Any
) -> None:
    first = make_meeting(nuit, dt.date(2020, 3, 5), "09:00", "12:00", items=ITEMS)
    second = make_meeting(nuit, dt.date(2020, 10, 15), "09:00", "12:00", items=ITEMS)
    next_year = make_meeting(nuit, dt.date(2021, 2, 1), "09:00", "12:00", items=ITEMS)
    for m in (first, second, next_year):
        services.agenda_publish(meeting=m, by=office_user)
    assert _labels(second) == ["3/20", "4/20"]
    assert _labels(next_year) == ["1/21", "2/21"]


def test_each_committee_counts_its_own_cases(
    nuit: Any, nufa: Any, make_meeting: Any, office_user: Any
) -> None:
    a = make_meeting(nuit, dt.date(2020, 3, 5), "09:00", "12:00", items=ITEMS)
    b = make_meeting(nufa, dt.date(2020, 3, 6), "09:00", "12:00", items=ITEMS)
    services.agenda_publish(meeting=a, by=office_user)
    services.agenda_publish(meeting=b, by=office_user)
    assert _labels(a) == _labels(b) == ["1/20", "2/20"]


def test_an_item_added_to_a_published_agenda_gets_the_next_number(
    nuit: Any, make_meeting: Any, office_user: Any
) -> None:
    day = dt.date(2020, 3, 5)
    meeting = make_meeting(nuit, day, "09:00", "12:00", items=ITEMS)
    services.agenda_publish(meeting=meeting, by=office_user)
    extra = services.agenda_item_add(
        meeting=meeting,
        by=office_user,
        fields={"title": "Eventuelt", "starts_at": at(day, "11:00"), "ends_at": at(day, "11:15")},
    )
    assert extra.case_label == "3/20"


def test_publishing_twice_or_empty_is_refused(
    nuit: Any, make_meeting: Any, office_user: Any
) -> None:
    empty = make_meeting(nuit, dt.date(2020, 3, 5), "09:00", "12:00")
    with pytest.raises(ValidationError) as exc:
        services.agenda_publish(meeting=empty, by=office_user)
    assert "items" in exc.value.message_dict
    meeting = make_meeting(nuit, dt.date(2020, 3, 6), "09:00", "12:00", items=ITEMS)
    services.agenda_publish(meeting=meeting, by=office_user)
    with pytest.raises(ValidationError) as exc:
        services.agenda_publish(meeting=meeting, by=office_user)
    assert "state" in exc.value.message_dict
    assert _labels(meeting) == ["1/20", "2/20"]


def test_a_numbered_case_cannot_be_deleted(nuit: Any, make_meeting: Any, office_user: Any) -> None:
    meeting = make_meeting(nuit, dt.date(2020, 3, 5), "09:00", "12:00", items=ITEMS)
    services.agenda_publish(meeting=meeting, by=office_user)
    with pytest.raises(ValidationError):
        services.agenda_item_delete(item=meeting.items.first(), by=office_user)
    assert meeting.items.count() == 2


def test_the_database_refuses_a_duplicate_case_number(
    nuit: Any, make_meeting: Any, office_user: Any
) -> None:
    a = make_meeting(nuit, dt.date(2020, 3, 5), "09:00", "12:00", items=ITEMS)
    b = make_meeting(nuit, dt.date(2020, 3, 6), "09:00", "12:00", items=ITEMS)
    services.agenda_publish(meeting=a, by=office_user)
    item = b.items.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.filter(pk=item.pk).update(case_year=2020, case_number=1)


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_agendas_published_at_once_get_distinct_numbers(
    nuit: Any, make_meeting: Any, office_user: Any
) -> None:
    meetings = [
        make_meeting(nuit, dt.date(2020, 3, d), "09:00", "12:00", items=ITEMS) for d in (5, 6, 7)
    ]
    barrier = threading.Barrier(len(meetings))
    errors: list[BaseException] = []

    def publish(meeting: Meeting) -> None:
        try:
            barrier.wait()
            services.agenda_publish(meeting=meeting, by=office_user)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(m,)) for m in meetings]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(
        AgendaItem.objects.filter(committee=nuit).values_list("case_number", flat=True)
    )
    assert numbers == [1, 2, 3, 4, 5, 6]
