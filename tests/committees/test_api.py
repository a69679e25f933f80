"""Committees, meetings, agenda items and decisions through the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from committees import services

BASE = "/api/v1/committees"


def test_the_office_runs_a_meeting_through_the_api(api: Any, office_user: Any, nuit: Any) -> None:
    api.force_authenticate(office_user)
    meeting = api.post(f"{BASE}/meetings/", {"committee": nuit.pk,
                       "starts_at": "2020-10-15T09:00:00+02:00", "ends_at": "2020-10-15T11:30:00+02:00",
                       "place": "Oslo"}, format="json")  # fmt: skip
    assert meeting.status_code == 201, meeting.json()
    mid = meeting.json()["id"]
    item = api.post(f"{BASE}/agenda-items/", {"meeting": mid, "title": "Prioritert liste",
                    "case_type": "recommendation", "starts_at": "2020-10-15T09:45:00+02:00",
                    "ends_at": "2020-10-15T10:45:00+02:00"}, format="json")  # fmt: skip
    assert item.status_code == 201, item.json()
    assert item.json()["case"] == ""
    published = api.post(f"{BASE}/meetings/{mid}/publish-agenda/")
    assert published.json()["state"] == "agenda_published"
    assert api.get(f"{BASE}/agenda-items/{item.json()['id']}/").json()["case"] == "1/20"
    decision = api.post(f"{BASE}/decisions/", {"agenda_item": item.json()["id"],
                        "text": "NUIT anbefaler listen."}, format="json")  # fmt: skip
    assert decision.status_code == 201, decision.json()
    assert decision.json()["case"] == "1/20"
    assert decision.json()["decided_on"] == "2020-10-15"


def test_overlapping_items_are_a_400_naming_the_field(api: Any, office_user: Any, nuit: Any,
                                                       make_meeting: Any) -> None:  # fmt: skip
    meeting = make_meeting(
        nuit, dt.date(2020, 10, 15), "09:00", "11:00", items=[("A", "09:00", "10:00")]
    )
    api.force_authenticate(office_user)
    response = api.post(f"{BASE}/agenda-items/", {"meeting": meeting.pk, "title": "B",
                        "starts_at": "2020-10-15T09:30:00+02:00", "ends_at": "2020-10-15T10:30:00+02:00"},
                        format="json")  # fmt: skip
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["field"] == "starts_at"
    assert "A" in body["detail"]


def test_anonymous_and_representatives_cannot_write(api: Any, rep_a: Any, nuit: Any) -> None:
    payload = {"committee": nuit.pk, "starts_at": "2020-10-15T09:00:00+02:00",
               "ends_at": "2020-10-15T10:00:00+02:00"}  # fmt: skip
    assert api.post(f"{BASE}/meetings/", payload, format="json").status_code in (401, 403)
    api.force_authenticate(rep_a)
    response = api.post(f"{BASE}/meetings/", payload, format="json")
    assert response.status_code == 403
    assert set(response.json()) == {"detail", "errors"}
    assert api.post(f"{BASE}/", {"name": "X", "short_name": "X", "slug": "x"}).status_code == 403


def test_committees_list_members_without_user_accounts(api: Any, member: Any, nuit: Any) -> None:
    data = api.get(f"{BASE}/").json()
    (row,) = data["results"]
    assert row["short_name"] == "NUIT"
    assert row["members"][0]["person_name"] == "Nina Medlem"
    assert "user" not in row["members"][0]


def test_the_meeting_list_query_count_does_not_grow(api: Any, nuit: Any, make_meeting: Any,
                                                     office_user: Any) -> None:  # fmt: skip
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(f"{BASE}/meetings/").status_code == 200
        return len(ctx.captured_queries)

    def publish(day: int) -> None:
        m = make_meeting(
            nuit, dt.date(2020, 3, day), "09:00", "10:00", items=[("A", "09:00", "09:30")]
        )
        services.agenda_publish(meeting=m, by=office_user)
        services.minutes_draft(meeting=m, by=office_user, text="Referat")

    publish(1)
    few = count()
    for day in range(2, 9):
        publish(day)
    assert count() == few


def test_the_schema_documents_the_committee_endpoints(client: Any) -> None:
    schema = client.get("/api/schema/").content.decode()
    for path in ("/api/v1/committees/", "/api/v1/committees/meetings/{id}/publish-agenda/",
                 "/api/v1/committees/agenda-items/", "/api/v1/committees/decisions/"):  # fmt: skip
        assert path in schema
    assert "recommended_by" in schema
