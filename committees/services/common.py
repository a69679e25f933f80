"""What every committees service shares: the permission checks, the fields a service may
set, and the payload of an event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from committees import policies
from committees.models import MATERIAL_FIELDS, OSLO, Committee

MATERIAL_NAMES = frozenset(name for name, _label in MATERIAL_FIELDS)
COMMITTEE_FIELDS = (
    "name",
    "short_name",
    "slug",
    "description",
    "mandate",
    "mandate_valid_from",
    "mandate_valid_to",
)
MEMBERSHIP_FIELDS = ("person_name", "actor", "organisation", "role", "user")
MEETING_FIELDS = ("title", "starts_at", "ends_at", "place", "online_url")
ITEM_FIELDS = ("position", "title", "description", "case_type", "presenter", "starts_at", "ends_at")


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def require_secretariat(by: Any, committee: Committee) -> None:
    require(
        policies.can_manage(by, committee),
        _("Only the committee's secretariat (the portfolio office) may do this."),
    )


def set_fields(instance: Any, fields: dict[str, Any], allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    unknown = sorted(set(fields) - allowed - MATERIAL_NAMES)
    if unknown:
        raise ValidationError({unknown[0]: _("This field cannot be set here.")})
    for key, value in fields.items():
        if key in allowed:
            setattr(instance, key, value)


def local_datetime(day: dt.date, time: dt.time) -> dt.datetime:
    """A wall-clock time in Oslo on a day, as an aware datetime."""
    return dt.datetime.combine(day, time, tzinfo=OSLO)
