"""Minutes: drafted by the secretariat, approved at the next meeting, then published. Nothing
unpublished reaches anonymous users or non-members (sentinel texts), members see it early."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from committees import services
from committees.choices import CaseType
from core.models import WebhookDelivery
from core.webhooks import subscription_create
from tests.committees.conftest import at

DAY = dt.date(2020, 10, 15)
DRAFT_TITLE = "SENTINEL-DRAFT-AGENDA-ITEM"
MINUTES_TEXT = "SENTINEL-MINUTES-TEXT"
OUTCOME_TEXT = "SENTINEL-OUTCOME-TEXT"


@pytest.fixture
def draft(nuit: Any, make_meeting: Any) -> Any:
    return make_meeting(nuit, dt.date(2020, 11, 26), "10:00", "12:00", title="SENTINEL-DRAFT-MEETING",
                        items=[(DRAFT_TITLE, "10:00", "11:00")])  # fmt: skip


@pytest.fixture
def held(nuit: Any, make_meeting: Any, office_user: Any) -> Any:
    """A meeting with a published agenda, an outcome and draft minutes."""
    meeting = make_meeting(nuit, DAY, "09:00", "11:30",
                           items=[("Prioritert liste", "09:00", "10:00", CaseType.DECISION)])  # fmt: skip
    services.agenda_publish(meeting=meeting, by=office_user)
    services.decision_record(item=meeting.items.get(), by=office_user, text=OUTCOME_TEXT)
    services.minutes_draft(meeting=meeting, by=office_user, text=MINUTES_TEXT, present="Alle")
    return meeting


def _pages(client: Any, draft: Any, held: Any) -> str:
    urls = [
        "/committees/", "/committees/nuit/", "/public/committees/", "/public/",
        f"/public/committees/meetings/{held.pk}/", f"/committees/meetings/{held.pk}/",
        f"/committees/meetings/{draft.pk}/", f"/public/committees/meetings/{draft.pk}/",
        "/committees/nuit/calendar.ics", f"/committees/meetings/{held.pk}/meeting.ics",
        "/api/v1/committees/meetings/", "/api/v1/committees/agenda-items/",
        "/api/v1/committees/decisions/", f"/api/v1/committees/meetings/{held.pk}/",
        f"/api/v1/committees/meetings/{draft.pk}/",
    ]  # fmt: skip
    return "\n".join(client.get(u).content.decode() for u in urls)


def test_nothing_unpublished_reaches_anonymous_users(client: Any, draft: Any, held: Any) -> None:
    text = _pages(client, draft, held)
    for sentinel in ("SENTINEL-DRAFT-MEETING", DRAFT_TITLE, MINUTES_TEXT, OUTCOME_TEXT):
        assert sentinel not in text
    assert "Prioritert liste" in text  # the published agenda is public
    assert client.get(f"/committees/meetings/{draft.pk}/").status_code == 404
    assert client.get(f"/committees/meetings/{draft.pk}/innkalling.pdf").status_code == 404


def test_a_logged_in_non_member_sees_no_more_than_the_public(
    client: Any, draft: Any, held: Any, rep_a: Any
) -> None:
    client.force_login(rep_a)
    text = _pages(client, draft, held)
    for sentinel in ("SENTINEL-DRAFT-MEETING", DRAFT_TITLE, MINUTES_TEXT, OUTCOME_TEXT):
        assert sentinel not in text


def test_members_see_drafts_minutes_and_outcomes_before_publication(
    client: Any, draft: Any, held: Any, member: Any
) -> None:
    client.force_login(member)
    text = _pages(client, draft, held)
    for sentinel in ("SENTINEL-DRAFT-MEETING", DRAFT_TITLE, MINUTES_TEXT, OUTCOME_TEXT):
        assert sentinel in text


def test_published_minutes_are_readable_anonymously(
    client: Any, api: Any, held: Any, draft: Any, office_user: Any
) -> None:
    subscription_create(name="Hook", url="https://example.org/hook",
                        events=["committee.minutes_published"], created_by=office_user)  # fmt: skip
    services.minutes_approve(meeting=held, by=office_user, at_meeting=draft)
    assert (
        MINUTES_TEXT not in client.get(f"/public/committees/meetings/{held.pk}/").content.decode()
    )
    services.minutes_publish(meeting=held, by=office_user)
    page = client.get(f"/public/committees/meetings/{held.pk}/").content.decode()
    assert MINUTES_TEXT in page and OUTCOME_TEXT in page and "26.11.2020" in page
    data = api.get(f"/api/v1/committees/meetings/{held.pk}/").json()
    assert data["minutes"]["text"] == MINUTES_TEXT
    assert data["minutes"]["approved_on"] == "2020-11-26"
    assert WebhookDelivery.objects.filter(event="committee.minutes_published").count() == 1


def test_minutes_are_approved_at_a_later_meeting_of_the_same_committee(
    held: Any, nufa: Any, make_meeting: Any, office_user: Any
) -> None:
    earlier = make_meeting(held.committee, dt.date(2020, 9, 1), "09:00", "10:00")
    other = make_meeting(nufa, dt.date(2020, 12, 1), "09:00", "10:00")
    for at_meeting in (earlier, other):
        with pytest.raises(ValidationError) as exc:
            services.minutes_approve(meeting=held, by=office_user, at_meeting=at_meeting)
        assert "approved_at_meeting" in exc.value.message_dict


def test_unapproved_minutes_are_not_published(held: Any, office_user: Any) -> None:
    with pytest.raises(ValidationError):
        services.minutes_publish(meeting=held, by=office_user)
    held.refresh_from_db()
    assert held.state == "minutes_draft"


def test_approved_minutes_are_frozen(held: Any, draft: Any, office_user: Any) -> None:
    services.minutes_approve(meeting=held, by=office_user, at_meeting=draft)
    with pytest.raises(ValidationError):
        services.minutes_draft(meeting=held, by=office_user, text="Endret i ettertid")
    held.refresh_from_db()
    assert held.minutes.text == MINUTES_TEXT


def test_publishing_the_agenda_sends_a_webhook(
    nuit: Any, make_meeting: Any, office_user: Any
) -> None:
    subscription_create(name="Hook", url="https://example.org/hook",
                        events=["committee.agenda_published"], created_by=office_user)  # fmt: skip
    meeting = make_meeting(nuit, DAY, "09:00", "10:00", items=[("Sak", "09:00", "09:30")])
    services.agenda_publish(meeting=meeting, by=office_user)
    delivery = WebhookDelivery.objects.get(event="committee.agenda_published")
    assert delivery.payload["cases"][0]["case"] == "1/20"


def test_the_ui_flow_from_draft_minutes_to_publication(
    client: Any, held: Any, draft: Any, office_user: Any
) -> None:
    client.force_login(office_user)
    base = f"/committees/meetings/{held.pk}/minutes/"
    assert client.post(base, {"text": "Nytt referat", "present": "Alle"}).status_code == 302
    assert client.post(base + "approve/", {"approved_at_meeting": draft.pk}).status_code == 302
    assert client.post(base + "publish/").status_code == 302
    held.refresh_from_db()
    assert held.state == "minutes_published"
    assert "Nytt referat" in client.get(f"/public/committees/meetings/{held.pk}/").content.decode()


def test_linked_material_is_shown_publicly_only_where_it_is_public(
    nuit: Any, make_meeting: Any, office_user: Any, make_measure: Any, actor_a: Any, client: Any,
    api: Any, member: Any,
) -> None:  # fmt: skip
    from scoring.models import Scenario

    public = make_measure(actor_a, code="MAT-PUB", name="Public material", published=True)
    hidden = make_measure(actor_a, code="MAT-HID", name="SENTINEL-UNPUBLISHED-MEASURE",
                          published=False)  # fmt: skip
    scenario = Scenario.objects.create(name="SENTINEL-SCENARIO", result={"selected": []})
    meeting = make_meeting(nuit, DAY, "09:00", "10:00")
    item = services.agenda_item_add(
        meeting=meeting, by=office_user,
        fields={"title": "Sak med underlag", "starts_at": at(DAY, "09:00"),
                "ends_at": at(DAY, "09:30")},
        material={"measures": [public, hidden], "scenarios": [scenario]},
    )  # fmt: skip
    services.agenda_publish(meeting=meeting, by=office_user)
    page = client.get(f"/public/committees/meetings/{meeting.pk}/").content.decode()
    assert "Public material" in page
    assert "SENTINEL-UNPUBLISHED-MEASURE" not in page and "SENTINEL-SCENARIO" not in page
    data = api.get(f"/api/v1/committees/agenda-items/{item.pk}/").json()
    assert data["measures"] == [public.pk] and data["scenarios"] == []
    client.force_login(member)
    inside = client.get(f"/committees/meetings/{meeting.pk}/").content.decode()
    assert "SENTINEL-UNPUBLISHED-MEASURE" in inside and "SENTINEL-SCENARIO" in inside
