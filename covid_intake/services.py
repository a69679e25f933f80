"""Writes to the intake. Every workflow step is a service: permission check, full validation,
one transaction, and a "transition" row in the suggestion's history."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.changelog import change_context
from core.models import ObjectChange
from core.policy import require
from core.queue import send_on_commit
from covid_intake import similarity
from covid_intake.choices import (
    DECIDED,
    OPEN,
    DecisionOutcome,
    SuggestionSource,
    SuggestionStatus,
)
from covid_intake.models import (
    Assessment,
    Attachment,
    Category,
    Decision,
    MeasureOverlap,
    Suggestion,
    WorkingGroup,
)
from covid_intake.policies import (
    can_complete_assessment,
    can_decide,
    can_import_mailbox,
    can_promote,
    can_submit_via_api,
    can_triage,
    is_member,
)
from covid_intake.scoring import CRITERIA
from covid_intake.validators import MAX_ATTACHMENTS, attachment_content_type
from portfolio.models import Actor, Measure, TargetGroup

TRANSITION = ObjectChange.Action.TRANSITION
S = SuggestionStatus


# --- who may do what -------------------------------------------------------------------


def _require(allowed: bool, message: str) -> None:
    require(allowed, message)


def _transition(suggestion: Suggestion, message: str, fields: list[str] | None = None) -> None:
    with change_context(action=TRANSITION, message=message):
        suggestion.full_clean()
        suggestion.save(update_fields=[*fields, "updated"] if fields else None)


# --- intake ------------------------------------------------------------------------------

_REFERENCE = re.compile(r"^K-(\d{4})-(\d{4,})$")


def _next_reference(year: int) -> str:
    prefix = f"K-{year}-"
    last = (
        Suggestion.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _check_attachments(files: list[File]) -> list[tuple[File, str]]:
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            {"attachments": _("At most %(n)s attachments.") % {"n": MAX_ATTACHMENTS}}
        )
    checked = []
    for f in files:
        f.seek(0)
        head = f.read(512)
        f.seek(0)
        checked.append((f, attachment_content_type(f.name or "file", f.size, head)))
    return checked


@transaction.atomic
def suggestion_submit(
    *,
    fields: Mapping[str, Any],
    source: str = SuggestionSource.FORM,
    target_groups: Iterable[TargetGroup] = (),
    attachments: Iterable[File] = (),
    by: Any = None,
    token: Any = None,
    message_id: str | None = None,
    received_at: Any = None,
    send_receipt: bool = True,
) -> Suggestion:
    """Take a suggestion in and give it a reference. The public may only use the form; the API
    is for the office and integrator tokens with write scope; the mailbox import runs as the
    system or the office. The submitter gets the reference by e-mail after commit."""
    if source == SuggestionSource.API:
        _require(
            can_submit_via_api(by, token),
            _("Only the office and integrators with write access may submit through the API."),
        )
    elif source == SuggestionSource.MAILBOX:
        _require(can_import_mailbox(by), _("Only the office imports from the mailbox."))
    allowed = {
        "title",
        "description",
        "problem",
        "submitter_name",
        "submitter_email",
        "submitter_organisation",
        "proposed_category",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({k: _("Unknown field.") for k in sorted(unknown)})
    files = _check_attachments(list(attachments))
    suggestion = Suggestion(
        source=source,
        message_id=message_id or None,
        received_at=received_at or timezone.now(),
        **fields,
    )
    suggestion.search_text = similarity.search_text(suggestion.title, suggestion.description)
    suggestion.reference = _next_reference(suggestion.received_at.year)
    suggestion.full_clean(exclude=["reference"])
    for attempt in range(5):
        try:
            with transaction.atomic():
                suggestion.save()
            break
        except IntegrityError:
            if message_id and Suggestion.objects.filter(message_id=message_id).exists():
                raise ValidationError(
                    {"message_id": _("This message has already been imported.")}
                ) from None
            if attempt == 4:
                raise
            suggestion.pk = None
            suggestion.reference = _next_reference(suggestion.received_at.year)
    suggestion.target_groups.set(list(target_groups))
    for f, content_type in files:
        name = (f.name or "file").replace("\\", "/").rsplit("/", 1)[-1][:200]
        att = Attachment(
            suggestion=suggestion, filename=name, content_type=content_type, size=f.size
        )
        att.file.save(name, f, save=False)
        att.save()
    if send_receipt and suggestion.submitter_email:
        from covid_intake.tasks import send_receipt as task

        pk = suggestion.pk
        send_on_commit(lambda: task.delay(suggestion_pk=pk), "receipt e-mail")
    return suggestion


# --- triage ------------------------------------------------------------------------------


def _open_only(suggestions: list[Suggestion], *, allowed: frozenset | set = OPEN) -> None:
    closed = [s.reference for s in suggestions if s.status not in allowed]
    if closed:
        raise ValidationError(
            {"suggestions": _("Not open for this change: %(refs)s.") % {"refs": ", ".join(closed)}}
        )


@transaction.atomic
def suggestions_categorise(
    *, suggestions: Iterable[Suggestion], category: Category, by: Any
) -> int:
    """Put suggestions in a category (in bulk); a received suggestion becomes triaged."""
    _require(can_triage(by), _("Only the portfolio office triages suggestions."))
    rows = list(suggestions)
    _open_only(rows)
    for s in rows:
        s.category = category
        if s.status == S.RECEIVED:
            s.status = S.TRIAGED
        _transition(s, _("Categorised as %(c)s") % {"c": category.name})
    return len(rows)


@transaction.atomic
def suggestions_assign(
    *, suggestions: Iterable[Suggestion], working_group: WorkingGroup, by: Any
) -> int:
    """Send suggestions (in bulk) to a working group for assessment."""
    _require(can_triage(by), _("Only the portfolio office assigns suggestions."))
    rows = list(suggestions)
    _open_only(rows, allowed={S.RECEIVED, S.TRIAGED, S.IN_ASSESSMENT})
    missing = [s.reference for s in rows if s.category_id is None]
    if missing:
        raise ValidationError(
            {"category": _("Categorise before assigning: %(refs)s.") % {"refs": ", ".join(missing)}}
        )
    for s in rows:
        s.working_group = working_group
        s.status = S.IN_ASSESSMENT
        _transition(s, _("Assigned to %(g)s") % {"g": working_group.name})
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
    _require(can_triage(by), _("Only the portfolio office merges suggestions."))
    rows = [d for d in duplicates if d.pk != into.pk]
    if not rows:
        raise ValidationError({"duplicates": _("Choose at least one other suggestion.")})
    if into.status not in OPEN:
        raise ValidationError(
            {"into": _("%(ref)s is no longer open for merging.") % {"ref": into.reference}}
        )
    _open_only(rows)
    for d in rows:
        for child in d.merged_suggestions.all():
            child.merged_into = into
            _transition(child, _("Merged into %(ref)s") % {"ref": into.reference})
        d.status = S.MERGED
        d.merged_into = into
        _transition(d, _("Merged into %(ref)s") % {"ref": into.reference})
    with change_context(action=TRANSITION):
        from core.services import record_change

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
    _require(can_triage(by), _("Only the portfolio office flags overlaps."))
    overlap = MeasureOverlap.objects.filter(suggestion=suggestion, measure=measure).first()
    overlap = overlap or MeasureOverlap(suggestion=suggestion, measure=measure)
    overlap.note = note
    overlap.full_clean(validate_unique=False)
    with change_context(action=TRANSITION, message=_("Overlap with %(m)s") % {"m": measure.code}):
        overlap.save()
    return overlap


@transaction.atomic
def overlap_remove(*, overlap: MeasureOverlap, by: Any) -> None:
    _require(can_triage(by), _("Only the portfolio office flags overlaps."))
    overlap.delete()


# --- assessment --------------------------------------------------------------------------


@transaction.atomic
def assessment_save(
    *, suggestion: Suggestion, by: Any, scores: Mapping[str, int], comment: str = ""
) -> Assessment:
    """A working-group member scores a suggestion assigned to the group (or revises the
    scores until the steering group decides). When every member has scored, it is assessed."""
    _require(
        is_member(by, suggestion.working_group),
        _("Only members of the working group the suggestion is assigned to may assess it."),
    )
    if suggestion.status not in {S.IN_ASSESSMENT, S.ASSESSED}:
        raise ValidationError({"status": _("This suggestion is not open for assessment.")})
    missing = [c for c in CRITERIA if scores.get(c) is None]
    if missing:
        raise ValidationError({c: _("Give a score from 0 to 5.") for c in missing})
    assessment = Assessment.objects.filter(suggestion=suggestion, assessor=by).first()
    assessment = assessment or Assessment(suggestion=suggestion, assessor=by)
    for c in CRITERIA:
        setattr(assessment, c, scores[c])
    assessment.comment = comment
    assessment.full_clean(validate_unique=False)
    assessment.save()
    if suggestion.status == S.IN_ASSESSMENT:
        members = set(suggestion.working_group.members.values_list("id", flat=True))
        done = set(suggestion.assessments.values_list("assessor_id", flat=True))
        if members and members <= done:
            suggestion.status = S.ASSESSED
            _transition(suggestion, _("All members of the working group have assessed"))
    return assessment


@transaction.atomic
def assessment_complete(*, suggestion: Suggestion, by: Any) -> Suggestion:
    """Close the assessment without waiting for every member (the office or a member)."""
    _require(
        can_complete_assessment(by, suggestion),
        _("Only the office or the working group may close an assessment."),
    )
    if suggestion.status != S.IN_ASSESSMENT:
        raise ValidationError({"status": _("This suggestion is not in assessment.")})
    if not suggestion.assessments.exists():
        raise ValidationError({"assessments": _("At least one assessment is needed.")})
    suggestion.status = S.ASSESSED
    _transition(suggestion, _("Assessment closed"))
    return suggestion


# --- decision and promotion --------------------------------------------------------------


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
    _require(can_decide(by), _("Only the steering group decides on suggestions."))
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
    _transition(
        suggestion,
        _("Decision: %(o)s. %(r)s") % {"o": DecisionOutcome(outcome).label, "r": decision.reason},
    )
    from core.webhooks import emit

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
    from portfolio.services import measure_create

    _require(can_promote(by), _("Only the portfolio office promotes suggestions to measures."))
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
    _transition(suggestion, _("Promoted to measure %(code)s") % {"code": measure.code})
    return measure


def decided(status: str) -> bool:
    return status in DECIDED
