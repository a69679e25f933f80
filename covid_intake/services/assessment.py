"""Assessment by the working group: each member scores every criterion."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.policy import require
from covid_intake.criteria import CODES
from covid_intake.models import Assessment, Suggestion
from covid_intake.policies import can_complete_assessment, is_member
from covid_intake.services.workflow import S, transition


@transaction.atomic
def assessment_save(
    *, suggestion: Suggestion, by: Any, scores: Mapping[str, int], comment: str = ""
) -> Assessment:
    """A working-group member scores a suggestion assigned to the group (or revises the
    scores until the steering group decides). When every member has scored, it is assessed."""
    require(
        is_member(by, suggestion.working_group),
        _("Only members of the working group the suggestion is assigned to may assess it."),
    )
    if suggestion.status not in {S.IN_ASSESSMENT, S.ASSESSED}:
        raise ValidationError({"status": _("This suggestion is not open for assessment.")})
    missing = [c for c in CODES if scores.get(c) is None]
    if missing:
        raise ValidationError({c: _("Give a score from 0 to 5.") for c in missing})
    assessment = Assessment.objects.filter(suggestion=suggestion, assessor=by).first()
    assessment = assessment or Assessment(suggestion=suggestion, assessor=by)
    for c in CODES:
        setattr(assessment, c, scores[c])
    assessment.comment = comment
    assessment.full_clean(validate_unique=False)
    assessment.save()
    if suggestion.status == S.IN_ASSESSMENT:
        members = set(suggestion.working_group.members.values_list("id", flat=True))
        done = set(suggestion.assessments.values_list("assessor_id", flat=True))
        if members and members <= done:
            suggestion.status = S.ASSESSED
            transition(suggestion, _("All members of the working group have assessed"))
    return assessment


@transaction.atomic
def assessment_complete(*, suggestion: Suggestion, by: Any) -> Suggestion:
    """Close the assessment without waiting for every member (the office or a member)."""
    require(
        can_complete_assessment(by, suggestion),
        _("Only the office or the working group may close an assessment."),
    )
    if suggestion.status != S.IN_ASSESSMENT:
        raise ValidationError({"status": _("This suggestion is not in assessment.")})
    if not suggestion.assessments.exists():
        raise ValidationError({"assessments": _("At least one assessment is needed.")})
    suggestion.status = S.ASSESSED
    transition(suggestion, _("Assessment closed"))
    return suggestion
