"""The steering group's decision, and promotion of a prioritised suggestion to a measure."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.changelog import change_context
from core.events import emit
from core.policy import require
from covid_intake.choices import DECIDED, DecisionOutcome
from covid_intake.models import Decision, Suggestion
from covid_intake.policies import can_decide, can_promote
from covid_intake.services.workflow import S, transition
from portfolio.models import Actor, Measure
from portfolio.services import measure_create


@transaction.atomic
def decision_make(
    *,
    suggestion: Suggestion,
    outcome: str,
    reason: str,
    by: Any,
    proposed_owner: Actor | None = None,
) -> Decision:
    """The steering group prioritises, rejects or postpones an assessed suggestion, with a
    reason. A postponed suggestion may be decided again."""
    require(can_decide(by), _("Only the steering group decides on suggestions."))
    if suggestion.status not in {S.ASSESSED, S.POSTPONED}:
        raise ValidationError({"status": _("Only assessed or postponed suggestions are decided.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give a reason for the decision.")})
    decision = Decision(
        suggestion=suggestion,
        outcome=outcome,
        reason=reason.strip(),
        proposed_owner=proposed_owner,
        decided_by=by if getattr(by, "pk", None) else None,
    )
    decision.full_clean()
    decision.save()
    suggestion.status = outcome
    transition(
        suggestion,
        _("Decision: %(o)s. %(r)s") % {"o": DecisionOutcome(outcome).label, "r": decision.reason},
    )
    emit(
        "suggestion.decided",
        {
            "id": suggestion.pk,
            "reference": suggestion.reference,
            "outcome": outcome,
            "reason": decision.reason,
        },
    )
    return decision


@transaction.atomic
def suggestion_promote(
    *, suggestion: Suggestion, owner: Actor | None, by: Any, code: str = ""
) -> Measure:
    """Turn a prioritised suggestion into a draft measure of the owner actor (through the
    portfolio's own service) and link the two both ways."""
    require(can_promote(by), _("Only the portfolio office promotes suggestions to measures."))
    if suggestion.status != S.PRIORITISED or suggestion.promoted_measure_id:
        raise ValidationError({"status": _("Only prioritised suggestions can be promoted.")})
    if owner is None:
        latest = suggestion.decisions.first()
        owner = latest.proposed_owner if latest else None
    if owner is None:
        raise ValidationError({"owner": _("Choose the actor that will own the measure.")})
    code = (code or suggestion.reference).upper()
    if Measure.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A measure with this code exists already.")})
    purpose = "\n\n".join(
        p
        for p in (
            suggestion.description,
            suggestion.problem,
            _("From corona suggestion %(ref)s.") % {"ref": suggestion.reference},
        )
        if p
    )
    with change_context(message=_("Promoted from %(ref)s") % {"ref": suggestion.reference}):
        measure = measure_create(
            by=by,
            fields={
                "code": code,
                "name": suggestion.title[:200],
                "purpose": purpose,
                "owner": owner,
                "target_groups": list(suggestion.target_groups.all()),
                "criteria_comment": _("Prioritised by the steering group of the corona portfolio."),
            },
        )
    suggestion.promoted_measure = measure
    suggestion.status = S.PROMOTED
    transition(suggestion, _("Promoted to measure %(code)s") % {"code": measure.code})
    return measure


def decided(status: str) -> bool:
    return status in DECIDED
