"""Committees of the council model and their members."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from committees import policies
from committees.models import Committee, Membership
from committees.services.common import COMMITTEE_FIELDS, MEMBERSHIP_FIELDS, require, set_fields


@transaction.atomic
def committee_create(*, by: Any, fields: dict[str, Any]) -> Committee:
    """A committee of the council model, with its mandate and the mandate's validity period."""
    require(policies.can_manage_committees(by), _("Only the portfolio office manages committees."))
    committee = Committee()
    set_fields(committee, fields, COMMITTEE_FIELDS)
    committee.full_clean()
    committee.save()
    return committee


@transaction.atomic
def committee_update(*, committee: Committee, by: Any, fields: dict[str, Any]) -> Committee:
    require(policies.can_manage_committees(by), _("Only the portfolio office manages committees."))
    set_fields(committee, fields, COMMITTEE_FIELDS)
    committee.full_clean()
    committee.save()
    return committee


@transaction.atomic
def membership_add(*, committee: Committee, by: Any, fields: dict[str, Any]) -> Membership:
    """A member, for an actor where there is one, else a named organisation."""
    require(policies.can_manage_committees(by), _("Only the portfolio office manages committees."))
    membership = Membership(committee=committee)
    set_fields(membership, fields, MEMBERSHIP_FIELDS)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: Any) -> None:
    require(policies.can_manage_committees(by), _("Only the portfolio office manages committees."))
    membership.delete()
