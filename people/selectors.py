"""Reads for the user pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from people.extensions import person_fields


def people_list() -> QuerySet[Any]:
    prefetch = ["groups", *(f.prefetch for f in person_fields() if f.prefetch)]
    return get_user_model().objects.prefetch_related(*prefetch).order_by("username")


def person_initial(person: Any) -> dict[str, Any]:
    initial = {
        "username": person.username,
        "full_name": person.get_full_name(),
        "email": person.email,
        "roles": list(person.groups.values_list("name", flat=True)),
        "is_active": person.is_active,
    }
    for extra in person_fields():
        initial[extra.name] = extra.initial(person)
    return initial


def username_taken(username: str, person: Any = None) -> bool:
    others = get_user_model().objects.filter(username=username)
    return others.exclude(pk=getattr(person, "pk", None)).exists()
