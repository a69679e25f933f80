"""The outcome of a case and its structured effect on the register: measures marked
recommended, or a suggestion decided through the intake's own decision flow."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from committees.choices import DECIDING_CASE_TYPES, Effect, MeetingState
from committees.models import AgendaItem, Decision, MeasureRecommendation, Meeting
from committees.services.common import require_secretariat
from core.changelog import change_context
from core.events import emit, jsonable
from covid_intake import services as intake
from covid_intake.choices import DecisionOutcome
from portfolio.models import Measure


def _recommend(decision: Decision, measure_ids: Iterable[int]) -> list[MeasureRecommendation]:
    """Mark measures recommended; each mark is written to the measure's history."""
    item = decision.agenda_item
    committee = item.committee
    message = _("Recommended by %(committee)s on %(date)s (case %(case)s)") % {
        "committee": committee.short_name,
        "date": decision.decided_on.strftime("%d.%m.%Y"),
        "case": item.case_label,
    }
    made = []
    with change_context(message=message):
        for measure in Measure.objects.filter(pk__in=list(measure_ids)).order_by("code"):
            rec = MeasureRecommendation(
                measure=measure,
                committee=committee,
                decision=decision,
                recommended_on=decision.decided_on,
            )
            rec.full_clean()
            rec.save()
            made.append(rec)
    return made


@transaction.atomic
def decision_record(
    *,
    item: AgendaItem,
    by: Any,
    text: str,
    effect: str = Effect.NONE,
    scenario: Any = None,
    suggestion: Any = None,
    suggestion_outcome: str = "",
) -> Decision:
    """Record a case's outcome and apply its structured effect:

    - recommend_scenario: the scenario's prioritised list (its selected measures) is marked
      "recommended by <committee> on <meeting date>";
    - recommend_measures: the measures linked to the case are marked the same way;
    - decide_suggestion: the intake's own decision flow decides the suggestion (its rules
      apply: the suggestion must be assessed, and the recorder must hold the steering role).
    """
    require_secretariat(by, item.committee)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    meeting = Meeting.objects.select_related("committee").get(pk=item.meeting_id)
    if meeting.state == MeetingState.DRAFT:
        raise ValidationError({"agenda_item": _("Publish the agenda before recording outcomes.")})
    if meeting.state == MeetingState.MINUTES_PUBLISHED:
        raise ValidationError({"agenda_item": _("The minutes are published; outcomes are final.")})
    if Decision.objects.filter(agenda_item=item).exists():
        raise ValidationError({"agenda_item": _("This case already has an outcome.")})
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the outcome.")})
    if effect not in Effect.values:
        raise ValidationError({"effect": _("Choose one of the listed effects.")})
    if effect != Effect.NONE and item.case_type not in DECIDING_CASE_TYPES:
        raise ValidationError(
            {"effect": _("Only decisions and recommendations have a structured effect.")}
        )
    decision = Decision(
        agenda_item=item,
        text=text.strip(),
        effect=effect,
        decided_on=meeting.local_start.date(),
        recorded_by=by if getattr(by, "pk", None) else None,
    )
    measure_ids: list[int] = []
    if effect == Effect.RECOMMEND_SCENARIO:
        if scenario is None:
            linked = list(item.scenarios.all())
            scenario = linked[0] if len(linked) == 1 else None
        if scenario is None:
            raise ValidationError({"scenario": _("Choose the scenario whose list is recommended.")})
        if not scenario.selected_ids:
            raise ValidationError({"scenario": _("The scenario has no prioritised measures.")})
        decision.scenario = scenario
        measure_ids = scenario.selected_ids
    elif effect == Effect.RECOMMEND_MEASURES:
        measure_ids = list(item.measures.values_list("id", flat=True))
        if not measure_ids:
            raise ValidationError({"effect": _("Link the recommended measures to the case first.")})
    elif effect == Effect.DECIDE_SUGGESTION:
        if suggestion is None:
            linked = list(item.suggestions.all())
            suggestion = linked[0] if len(linked) == 1 else None
        if suggestion is None:
            raise ValidationError({"suggestion": _("Choose the suggestion decided on.")})
        if suggestion_outcome not in DecisionOutcome.values:
            raise ValidationError(
                {"suggestion_outcome": _("Choose the outcome for the suggestion.")}
            )
        decision.suggestion = suggestion
        decision.suggestion_outcome = suggestion_outcome
    decision.full_clean()
    decision.save()
    if measure_ids:
        _recommend(decision, measure_ids)
    if effect == Effect.DECIDE_SUGGESTION:
        intake.decision_make(
            suggestion=decision.suggestion,
            outcome=suggestion_outcome,
            reason=_("%(committee)s, case %(case)s: %(text)s")
            % {
                "committee": item.committee.short_name,
                "case": item.case_label,
                "text": decision.text,
            },
            by=by,
        )
    emit(
        "committee.decision_recorded",
        jsonable(
            {
                "decision": decision.pk,
                "committee": item.committee.short_name,
                "case": item.case_label,
                "title": item.title,
                "case_type": item.case_type,
                "effect": effect,
                "decided_on": decision.decided_on,
                "measures": sorted(measure_ids),
                "suggestion": decision.suggestion_id,
            }
        ),
    )
    return decision
