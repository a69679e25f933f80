"""Working-group members are named to the office only; integrators and assessors read each
member as role and organisation (data minimisation)."""

from __future__ import annotations

from typing import Any


def _members(api: Any) -> list[str]:
    body = api.get("/api/v1/intake/working-groups/").json()
    groups = body["results"] if isinstance(body, dict) else body
    return [m for group in groups for m in group["members"]]


def test_an_integrator_token_never_reads_assessors_user_names(
    api: Any, working_group: Any, assessors: list[Any], integrator_token: tuple[Any, str]
) -> None:
    api.credentials(HTTP_AUTHORIZATION=f"Token {integrator_token[1]}")
    members = _members(api)
    assert len(members) == len(assessors)
    for person in assessors:
        assert not any(person.username in m for m in members)


def test_the_office_reads_members_by_name(
    api: Any, working_group: Any, assessors: list[Any], office_user: Any
) -> None:
    api.force_authenticate(office_user)
    members = _members(api)
    for person in assessors:
        assert (person.get_full_name() or person.username) in members
