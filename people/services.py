"""Writes to users and their roles, each one change-logged (who changed whom, which roles)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from core.models import ObjectChange
from core.services import log_fields
from people.extensions import person_fields

USER_FIELDS = ["username", "first_name", "last_name", "email", "is_active"]


def _user_values(person: Any) -> dict[str, Any]:
    return {name: getattr(person, name) for name in USER_FIELDS}


def _role_names(person: Any) -> list[str]:
    return sorted(person.groups.values_list("name", flat=True)) if person.pk else []


@transaction.atomic
def person_save(*, person: Any = None, data: dict[str, Any]) -> Any:
    """Create or change a person (no password for a new one) with their roles and the fields
    other apps add (people.extensions); logs one change with everything that changed."""
    created = person is None
    person = person or get_user_model()(username=data["username"])
    before = {} if created else {**_user_values(person), "roles": _role_names(person)}
    first, _sep, last = data["full_name"].partition(" ")
    person.username, person.first_name, person.last_name = data["username"], first, last
    person.email, person.is_active = data["email"], data["is_active"]
    if created:
        person.set_unusable_password()
    person.save()
    roles = sorted(data.get("roles") or [])
    person.groups.set(Group.objects.filter(name__in=roles))
    after = {**_user_values(person), "roles": _role_names(person)}
    for extra in person_fields():
        if extra.name in data:
            old, after[extra.name] = extra.save(person, data[extra.name])
            if not created:
                before[extra.name] = old
    log_fields(
        person,
        action=ObjectChange.Action.CREATE if created else ObjectChange.Action.UPDATE,
        before=before,
        after=after,
    )
    return person


@transaction.atomic
def role_grant(*, person: Any, role: str) -> None:
    """Add one role (group) to a person, logged."""
    before = _role_names(person)
    person.groups.add(Group.objects.get_or_create(name=role)[0])
    log_fields(
        person, action="update", before={"roles": before}, after={"roles": _role_names(person)}
    )


@transaction.atomic
def role_revoke(*, person: Any, role: str) -> None:
    """Take one role (group) from a person, logged."""
    before = _role_names(person)
    person.groups.remove(*Group.objects.filter(name=role))
    log_fields(
        person, action="update", before={"roles": before}, after={"roles": _role_names(person)}
    )
