"""Writes to adoption plans and challenges (the risks recorded on an item)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.policy import require
from roadmap import policies
from roadmap.models import (
    AdoptionPlan,
    Challenge,
)
from roadmap.services.items import _refuse_office_only, _require_actor

# Adoption plans and challenges ------------------------------------------------------------


@transaction.atomic
def adoption_plan_save(
    *, by: Any, fields: dict[str, Any], plan: AdoptionPlan | None = None, token: Any = None
) -> AdoptionPlan:
    """Record when an actor introduces a national solution (one plan per pair)."""
    plan = plan or AdoptionPlan()
    if plan.pk:
        require(
            policies.can_edit_adoption_plan(by, plan, token),
            _("You may not change this adoption plan."),
        )
    if "actor" in fields or not plan.pk:
        _require_actor(by, fields.get("actor", getattr(plan, "actor", None)), token)
    linked = fields.get("item")
    if (
        linked is not None
        and linked.pk != plan.item_id
        and not policies.visible_items(by, token).filter(pk=linked.pk).exists()
    ):
        raise ValidationError({"item": _("No such object.")})
    _refuse_office_only(by, token, fields, plan if plan.pk else None)
    if not policies.can_publish(by, token):
        fields = {k: v for k, v in fields.items() if k != "published"}
    for key, value in fields.items():
        setattr(plan, key, value)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def adoption_plan_delete(*, plan: AdoptionPlan, by: Any, token: Any = None) -> None:
    require(
        policies.can_edit_adoption_plan(by, plan, token),
        _("You may not remove this adoption plan."),
    )
    plan.delete()


@transaction.atomic
def challenge_save(
    *, by: Any, fields: dict[str, Any], challenge: Challenge | None = None, token: Any = None
) -> Challenge:
    """Attach (or update) a risk on an item the caller may edit."""
    challenge = challenge or Challenge()
    item = fields.get("item") or (challenge.item if challenge.pk else None)
    if item is None:
        raise ValidationError({"item": _("A roadmap item is required.")})
    if challenge.pk:
        require(
            policies.can_edit_challenge(by, challenge, token),
            _("You may not change this challenge."),
        )
    require(
        policies.can_edit_item(by, item, token),
        _("You may only record challenges on your own actor's items."),
    )
    for key, value in fields.items():
        setattr(challenge, key, value)
    challenge.full_clean()
    challenge.save()
    return challenge


@transaction.atomic
def challenge_delete(*, challenge: Challenge, by: Any, token: Any = None) -> None:
    require(
        policies.can_edit_challenge(by, challenge, token), _("You may not remove this challenge.")
    )
    challenge.delete()
