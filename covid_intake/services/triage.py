"""Triage by the portfolio office: categorise, assign to a working group, merge duplicates,
and record overlaps with measures under way."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.changelog import change_context
from core.policy import require
from core.services import record_change
from covid_intake.choices import OPEN
from covid_intake.models import Category, MeasureOverlap, Suggestion, WorkingGroup
from covid_intake.policies import can_triage
from covid_intake.services.workflow import TRANSITION, S, open_only, transition
from portfolio.models import Measure


@transaction.atomic
def suggestions_categorise(
    *, suggestions: Iterable[Suggestion], category: Category, by: Any
) -> int:
    """Put suggestions in a category (in bulk); a received suggestion becomes triaged."""
    require(can_triage(by), _("Only the portfolio office triages suggestions."))
    rows = list(suggestions)
    open_only(rows)
    for s in rows:
        s.category = category
        if s.status == S.RECEIVED:
            s.status = S.TRIAGED
        transition(s, _("Categorised as %(c)s") % {"c": category.name})
    return len(rows)


@transaction.atomic
def suggestions_assign(
    *, suggestions: Iterable[Suggestion], working_group: WorkingGroup, by: Any
) -> int:
    """Send suggestions (in bulk) to a working group for assessment."""
    require(can_triage(by), _("Only the portfolio office assigns suggestions."))
    rows = list(suggestions)
    open_only(rows, allowed={S.RECEIVED, S.TRIAGED, S.IN_ASSESSMENT})
    missing = [s.reference for s in rows if s.category_id is None]
    if missing:
        raise ValidationError(
            {"category": _("Categorise before assigning: %(refs)s.") % {"refs": ", ".join(missing)}}
        )
    for s in rows:
        s.working_group = working_group
        s.status = S.IN_ASSESSMENT
        transition(s, _("Assigned to %(g)s") % {"g": working_group.name})
    return len(rows)


@transaction.atomic
def suggestion_triage(
    *,
    suggestion: Suggestion,
    by: Any,
    category: Category,
    working_group: WorkingGroup | None = None,
) -> Suggestion:
    suggestions_categorise(suggestions=[suggestion], category=category, by=by)
    if working_group is not None:
        suggestions_assign(suggestions=[suggestion], working_group=working_group, by=by)
    return suggestion


@transaction.atomic
def suggestions_merge(*, duplicates: Iterable[Suggestion], into: Suggestion, by: Any) -> Suggestion:
    """Merge duplicates into one suggestion. The duplicates stay, with their own text and
    submitter, marked merged and linked to the one that goes on."""
    require(can_triage(by), _("Only the portfolio office merges suggestions."))
    rows = [d for d in duplicates if d.pk != into.pk]
    if not rows:
        raise ValidationError({"duplicates": _("Choose at least one other suggestion.")})
    if into.status not in OPEN:
        raise ValidationError(
            {"into": _("%(ref)s is no longer open for merging.") % {"ref": into.reference}}
        )
    open_only(rows)
    for d in rows:
        for child in d.merged_suggestions.all():
            child.merged_into = into
            transition(child, _("Merged into %(ref)s") % {"ref": into.reference})
        d.status = S.MERGED
        d.merged_into = into
        transition(d, _("Merged into %(ref)s") % {"ref": into.reference})
    with change_context(action=TRANSITION):
        record_change(
            into,
            action=TRANSITION,
            changes={"merged_suggestions": {"added": sorted(d.pk for d in rows)}},
            message=_("Merged in: %(refs)s") % {"refs": ", ".join(d.reference for d in rows)},
        )
    return into


@transaction.atomic
def overlap_flag(*, suggestion: Suggestion, measure: Measure, note: str, by: Any) -> MeasureOverlap:
    """Record that a suggestion overlaps a measure already under way (a criterion fails)."""
    require(can_triage(by), _("Only the portfolio office flags overlaps."))
    overlap = MeasureOverlap.objects.filter(suggestion=suggestion, measure=measure).first()
    overlap = overlap or MeasureOverlap(suggestion=suggestion, measure=measure)
    overlap.note = note
    overlap.full_clean(validate_unique=False)
    with change_context(action=TRANSITION, message=_("Overlap with %(m)s") % {"m": measure.code}):
        overlap.save()
    return overlap


@transaction.atomic
def overlap_remove(*, overlap: MeasureOverlap, by: Any) -> None:
    require(can_triage(by), _("Only the portfolio office flags overlaps."))
    overlap.delete()
