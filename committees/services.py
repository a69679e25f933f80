"""Writes for the council model. Each service checks the policy, validates (errors name the
field), and runs in one transaction: nothing partial is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from committees import policies
from committees.choices import DECIDING_CASE_TYPES, Effect, MeetingState
from committees.models import (
    MATERIAL_FIELDS,
    OSLO,
    AgendaItem,
    Committee,
    Decision,
    MeasureRecommendation,
    Meeting,
    Membership,
    Minutes,
)
from core.changelog import change_context
from core.models import ObjectChange
from core.webhooks import emit

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


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _require_secretariat(by: Any, committee: Committee) -> None:
    _require(
        policies.can_manage(by, committee),
        _("Only the committee's secretariat (the portfolio office) may do this."),
    )


def _set(instance: Any, fields: dict[str, Any], allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    unknown = sorted(set(fields) - allowed - MATERIAL_NAMES)
    if unknown:
        raise ValidationError({unknown[0]: _("This field cannot be set here.")})
    for key, value in fields.items():
        if key in allowed:
            setattr(instance, key, value)


# --- committees and members ------------------------------------------------------------


@transaction.atomic
def committee_create(*, by: Any, fields: dict[str, Any]) -> Committee:
    """A committee of the council model, with its mandate and the mandate's validity period."""
    _require(policies.can_manage_committees(by), _("Only the portfolio office manages committees."))
    committee = Committee()
    _set(committee, fields, COMMITTEE_FIELDS)
    committee.full_clean()
    committee.save()
    return committee


@transaction.atomic
def committee_update(*, committee: Committee, by: Any, fields: dict[str, Any]) -> Committee:
    _require(policies.can_manage_committees(by), _("Only the portfolio office manages committees."))
    _set(committee, fields, COMMITTEE_FIELDS)
    committee.full_clean()
    committee.save()
    return committee


@transaction.atomic
def membership_add(*, committee: Committee, by: Any, fields: dict[str, Any]) -> Membership:
    """A member, for an actor where there is one, else a named organisation."""
    _require(policies.can_manage_committees(by), _("Only the portfolio office manages committees."))
    membership = Membership(committee=committee)
    _set(membership, fields, MEMBERSHIP_FIELDS)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: Any) -> None:
    _require(policies.can_manage_committees(by), _("Only the portfolio office manages committees."))
    membership.delete()


# --- meetings and agendas ----------------------------------------------------------------


def _check_item_times(item: AgendaItem, meeting: Meeting, others: Iterable[AgendaItem]) -> None:
    """An item lies inside its meeting and overlaps no other item of the agenda."""
    errors: dict[str, list[str]] = {}
    if item.starts_at and item.ends_at and item.ends_at <= item.starts_at:
        errors.setdefault("ends_at", []).append(_("The item must end after it starts."))
    if item.starts_at and not (meeting.starts_at <= item.starts_at < meeting.ends_at):
        errors.setdefault("starts_at", []).append(
            _("The item must start within the meeting (%(start)s–%(end)s).")
            % {"start": f"{meeting.local_start:%H:%M}", "end": f"{meeting.local_end:%H:%M}"}
        )
    if item.ends_at and not (meeting.starts_at < item.ends_at <= meeting.ends_at):
        errors.setdefault("ends_at", []).append(
            _("The item must end within the meeting (%(start)s–%(end)s).")
            % {"start": f"{meeting.local_start:%H:%M}", "end": f"{meeting.local_end:%H:%M}"}
        )
    if not errors:
        for other in others:
            if other.pk == item.pk:
                continue
            if item.starts_at < other.ends_at and other.starts_at < item.ends_at:
                errors["starts_at"] = [
                    _("The item overlaps “%(title)s” (%(start)s–%(end)s).")
                    % {
                        "title": other.title,
                        "start": f"{other.local_start:%H:%M}",
                        "end": f"{other.local_end:%H:%M}",
                    }
                ]
                break
    if errors:
        raise ValidationError(errors)


def _check_meeting_contains_items(meeting: Meeting) -> None:
    outside = [
        i
        for i in meeting.items.all()
        if i.starts_at < meeting.starts_at or i.ends_at > meeting.ends_at
    ]
    if outside:
        raise ValidationError(
            {
                "starts_at": _("The agenda item “%(title)s” would fall outside the meeting.")
                % {"title": outside[0].title}
            }
        )


@transaction.atomic
def meeting_create(*, committee: Committee, by: Any, fields: dict[str, Any]) -> Meeting:
    """A meeting in draft: only the secretariat and the committee's members see it."""
    _require_secretariat(by, committee)
    meeting = Meeting(committee=committee)
    _set(meeting, fields, MEETING_FIELDS)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, by: Any, fields: dict[str, Any]) -> Meeting:
    _require_secretariat(by, meeting.committee)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _set(meeting, fields, MEETING_FIELDS)
    meeting.full_clean()
    _check_meeting_contains_items(meeting)
    meeting.save()
    return meeting


def _next_case_number(committee: Committee, year: int) -> int:
    last = AgendaItem.objects.filter(committee=committee, case_year=year).aggregate(
        n=Max("case_number")
    )["n"]
    return (last or 0) + 1


def _check_position(item: AgendaItem, meeting: Meeting) -> None:
    if meeting.items.filter(position=item.position).exclude(pk=item.pk).exists():
        raise ValidationError({"position": _("Another item already has this position.")})


def _set_material(item: AgendaItem, material: dict[str, Iterable[Any]] | None, by: Any) -> None:
    """Link the material: each object one `by` may see (policies.linkable_material), unless
    it was linked already (a link `by` cannot see is kept, never offered)."""
    linkable = policies.linkable_material(by)
    for name, objects in (material or {}).items():
        if name not in MATERIAL_NAMES:
            raise ValidationError({name: _("This is not a kind of material.")})
        objects = list(objects)
        allowed = set(linkable[name].values_list("pk", flat=True))
        if item.pk:
            allowed |= set(getattr(item, name).values_list("pk", flat=True))
        if any(o.pk not in allowed for o in objects):
            raise ValidationError({name: _("No such object.")})
        getattr(item, name).set(objects)


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    by: Any,
    fields: dict[str, Any],
    material: dict[str, Iterable[Any]] | None = None,
) -> AgendaItem:
    """A case on the agenda. Added to an already published agenda it is numbered at once."""
    _require_secretariat(by, meeting.committee)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state == MeetingState.MINUTES_PUBLISHED:
        raise ValidationError({"meeting": _("The minutes are published; the agenda is closed.")})
    item = AgendaItem(meeting=meeting, committee_id=meeting.committee_id)
    fields = dict(fields)
    if fields.get("position") is None:
        fields["position"] = (meeting.items.aggregate(n=Max("position"))["n"] or 0) + 1
    _set(item, fields, ITEM_FIELDS)
    _check_position(item, meeting)
    item.full_clean(exclude=["committee"])
    _check_item_times(item, meeting, meeting.items.all())
    if meeting.state != MeetingState.DRAFT:
        Committee.objects.select_for_update().get(pk=meeting.committee_id)
        item.case_year = meeting.local_start.year
        item.case_number = _next_case_number(meeting.committee, item.case_year)
    item.save()
    _set_material(item, material, by)
    return item


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    by: Any,
    fields: dict[str, Any],
    material: dict[str, Iterable[Any]] | None = None,
) -> AgendaItem:
    _require_secretariat(by, item.committee)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    meeting = Meeting.objects.get(pk=item.meeting_id)
    if meeting.state == MeetingState.MINUTES_PUBLISHED:
        raise ValidationError({"meeting": _("The minutes are published; the agenda is closed.")})
    _set(item, fields, ITEM_FIELDS)
    _check_position(item, meeting)
    item.full_clean(exclude=["committee"])
    _check_item_times(item, meeting, meeting.items.all())
    item.save()
    _set_material(item, material, by)
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, by: Any) -> None:
    _require_secretariat(by, item.meeting.committee)
    if item.case_number is not None:
        raise ValidationError(
            {"case_number": _("A numbered case stays on the agenda; record its outcome instead.")}
        )
    item.delete()


@transaction.atomic
def agenda_publish(*, meeting: Meeting, by: Any) -> Meeting:
    """Publish the agenda and number its cases per committee and year ("sak 31/20").

    1. Lock the committee row: two agendas of one committee are numbered one after the other.
    2. Check every item's times again (inside the meeting, no overlaps).
    3. Number the items in agenda order after the highest number of that committee and year.
    The unique constraint (committee, year, number) is the database's last word.
    """
    _require_secretariat(by, meeting.committee)
    committee = Committee.objects.select_for_update().get(pk=meeting.committee_id)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state != MeetingState.DRAFT:
        raise ValidationError({"state": _("The agenda is already published.")})
    items = list(meeting.items.order_by("position", "id"))
    if not items:
        raise ValidationError({"items": _("Add at least one item before publishing the agenda.")})
    for item in items:
        _check_item_times(item, meeting, items)
    year = meeting.local_start.year
    number = _next_case_number(committee, year)
    for item in items:
        if item.case_number is None:
            item.case_year, item.case_number = year, number
            item.save(update_fields=["case_year", "case_number", "updated"])
            number += 1
    meeting.state = MeetingState.AGENDA_PUBLISHED
    meeting.agenda_published_at = timezone.now()
    with change_context(action=ObjectChange.Action.TRANSITION, message=_("Agenda published")):
        meeting.save(update_fields=["state", "agenda_published_at", "updated"])
    emit(
        "committee.agenda_published",
        {
            "meeting": meeting.pk,
            "committee": committee.short_name,
            "starts_at": meeting.starts_at,
            "ends_at": meeting.ends_at,
            "cases": [
                {"id": i.pk, "case": i.case_label, "title": i.title, "case_type": i.case_type}
                for i in items
            ],
        },
    )
    return meeting


# --- outcomes ----------------------------------------------------------------------------


def _recommend(decision: Decision, measure_ids: Iterable[int]) -> list[MeasureRecommendation]:
    """Mark measures recommended; each mark is written to the measure's history."""
    from portfolio.models import Measure

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
    _require_secretariat(by, item.committee)
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
        from covid_intake.choices import DecisionOutcome

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
        from covid_intake import services as intake

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
        },
    )
    return decision


# --- minutes -----------------------------------------------------------------------------


@transaction.atomic
def minutes_draft(*, meeting: Meeting, by: Any, text: str, present: str = "") -> Minutes:
    """The secretariat writes (and rewrites) the minutes until they are approved."""
    _require_secretariat(by, meeting.committee)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state == MeetingState.DRAFT:
        raise ValidationError({"state": _("Publish the agenda before drafting minutes.")})
    minutes = Minutes.objects.filter(meeting=meeting).first() or Minutes(meeting=meeting)
    if minutes.approved_on:
        raise ValidationError({"text": _("Approved minutes cannot be changed.")})
    minutes.text, minutes.present = (text or "").strip(), (present or "").strip()
    minutes.drafted_by = by if getattr(by, "pk", None) else None
    minutes.full_clean()
    minutes.save()
    if meeting.state != MeetingState.MINUTES_DRAFT:
        meeting.state = MeetingState.MINUTES_DRAFT
        meeting.save(update_fields=["state", "updated"])
    return minutes


@transaction.atomic
def minutes_approve(*, meeting: Meeting, by: Any, at_meeting: Meeting) -> Minutes:
    """Minutes are approved at a later meeting of the same committee."""
    _require_secretariat(by, meeting.committee)
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None:
        raise ValidationError({"text": _("Draft the minutes first.")})
    if minutes.approved_on:
        raise ValidationError({"approved_at_meeting": _("The minutes are already approved.")})
    if at_meeting.committee_id != meeting.committee_id or at_meeting.starts_at <= meeting.starts_at:
        raise ValidationError(
            {"approved_at_meeting": _("Choose a later meeting of the same committee.")}
        )
    minutes.approved_at_meeting = at_meeting
    minutes.approved_on = at_meeting.local_start.date()
    with change_context(action=ObjectChange.Action.TRANSITION, message=_("Minutes approved")):
        minutes.save()
    return minutes


@transaction.atomic
def minutes_publish(*, meeting: Meeting, by: Any) -> Meeting:
    """Approved minutes go public, with the agenda and the outcomes of the cases."""
    _require_secretariat(by, meeting.committee)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None or not minutes.approved_on:
        raise ValidationError({"approved_at_meeting": _("Only approved minutes are published.")})
    if meeting.state == MeetingState.MINUTES_PUBLISHED:
        raise ValidationError({"state": _("The minutes are already published.")})
    minutes.published_at = timezone.now()
    minutes.save(update_fields=["published_at", "updated"])
    meeting.state = MeetingState.MINUTES_PUBLISHED
    with change_context(action=ObjectChange.Action.TRANSITION, message=_("Minutes published")):
        meeting.save(update_fields=["state", "updated"])
    emit(
        "committee.minutes_published",
        {
            "meeting": meeting.pk,
            "committee": meeting.committee.short_name,
            "starts_at": meeting.starts_at,
            "approved_on": minutes.approved_on,
        },
    )
    return meeting


def local_datetime(day: dt.date, time: dt.time) -> dt.datetime:
    """A wall-clock time in Oslo on a day, as an aware datetime."""
    return dt.datetime.combine(day, time, tzinfo=OSLO)
