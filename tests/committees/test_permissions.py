"""Who may do what (committees.policies): the office acts as secretariat; members read early;
everyone else reads what is published."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from committees import services
from committees.choices import MemberRole

DAY = dt.date(2020, 10, 15)


@pytest.fixture
def users(office_user: Any, member: Any, rep_a: Any, nuit: Any, make_user: Any) -> dict[str, Any]:
    secretary = make_user("nuit_secretary", None)
    services.membership_add(committee=nuit, by=office_user,
                            fields={"person_name": "Sekretær", "organisation": "E-helse",
                                    "role": MemberRole.SECRETARIAT, "user": secretary})  # fmt: skip
    return {"anonymous": None, "rep": rep_a, "member": member, "secretary": secretary,
            "office": office_user}  # fmt: skip


@pytest.fixture
def meetings(nuit: Any, make_meeting: Any) -> dict[str, Any]:
    return {
        "draft": make_meeting(nuit, DAY, "09:00", "11:00", items=[("Sak", "09:00", "09:30")]),
        "next": make_meeting(nuit, dt.date(2020, 12, 1), "09:00", "11:00"),
    }


# action -> expected HTTP status per user: 302 done, 403 refused (the member sees the draft
# but may not change it), 404 not visible. Anonymous users are sent to log in (tested below).
MATRIX = [
    ("create_meeting", {"rep": 403, "member": 403, "secretary": 302, "office": 302}),
    ("publish_agenda", {"rep": 404, "member": 403, "secretary": 302, "office": 302}),
    ("add_item", {"rep": 404, "member": 403, "secretary": 302, "office": 302}),
]


def _do(action: str, client: Any, meetings: dict[str, Any], committee: Any, n: int = 0) -> Any:
    m = meetings["draft"]
    if action == "create_meeting":
        return client.post("/committees/meetings/new/", {"committee": committee.pk,
                           "date": "2020-11-01", "start": "09:00", "end": "10:00"})  # fmt: skip
    if action == "publish_agenda":
        return client.post(f"/committees/meetings/{m.pk}/publish/")
    return client.post(f"/committees/meetings/{m.pk}/items/new/",
                       {"title": "Ny", "case_type": "information", "start": f"10:{n}0", "end": f"10:{n}5"})  # fmt: skip


@pytest.mark.parametrize(("action", "expected"), MATRIX)
def test_permission_matrix(action: str, expected: dict[str, int], users: Any, meetings: Any,
                           nuit: Any, client: Any) -> None:  # fmt: skip
    for n, (who, status) in enumerate(expected.items()):
        client.force_login(users[who])
        response = _do(action, client, meetings, nuit, n)
        assert response.status_code == status, (action, who)
        client.logout()
    if action == "publish_agenda":
        meetings["draft"].refresh_from_db()
        assert meetings["draft"].state == "agenda_published"


def test_anonymous_users_are_sent_to_log_in_for_every_write(
    client: Any, meetings: Any, nuit: Any
) -> None:
    for action, _expected in MATRIX:
        response = _do(action, client, meetings, nuit)
        assert response.status_code == 302 and "/login" in response["Location"], action
    meetings["draft"].refresh_from_db()
    assert meetings["draft"].state == "draft"


def test_only_the_office_manages_committees(users: Any, nuit: Any) -> None:
    from django.core.exceptions import PermissionDenied

    for who in ("rep", "member", "secretary"):
        with pytest.raises(PermissionDenied):
            services.committee_update(committee=nuit, by=users[who], fields={"mandate": "Nytt"})
