"""The submission workflow (innmelding): draft → submitted → accepted / returned / rejected.

Each transition is a service: it checks who may do it, moves the state, records a
WorkflowEvent and a history row, and e-mails the other side after commit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.changelog import change_context
from core.events import emit
from core.links import absolute_url
from people.roles import is_office
from portfolio import policies
from portfolio.choices import MeasureState
from portfolio.models import Measure, WorkflowEvent

S = MeasureState
T = WorkflowEvent.Transition

# transition -> (allowed from-states, to-state, who: "owner" or "office")
TRANSITIONS: dict[str, tuple[frozenset[str], str, str]] = {
    T.SUBMIT: (frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, "owner"),
    T.ACCEPT: (frozenset({S.SUBMITTED}), S.ACCEPTED, "office"),
    T.RETURN: (frozenset({S.SUBMITTED}), S.RETURNED, "office"),
    T.REJECT: (frozenset({S.SUBMITTED}), S.REJECTED, "office"),
}


def allowed_transitions(user: Any, measure: Measure) -> list[str]:
    """The transitions this user may make on this measure now (drives the buttons in the UI)."""
    return [t for t in TRANSITIONS if _may(user, measure, t)]


def _may(user: Any, measure: Measure, transition: str) -> bool:
    sources, _target, who = TRANSITIONS[transition]
    if measure.state not in sources:
        return False
    return policies.can_transition_measure(user, measure, who)


def meets_entry_criteria(measure: Measure) -> bool:
    """Criterion 1 (digitalisation at the core of health and care) and 2a (coordination
    across actors) or 2b (essential to the national e-health strategy)."""
    return bool(measure.meets_entry_criteria)


def _submission_errors(measure: Measure) -> dict[str, str]:
    errors = {}
    if not measure.purpose.strip():
        errors["purpose"] = _("Describe the purpose before submitting.")
    if measure.start_date is None:
        errors["start_date"] = _("Give a start date before submitting.")
    if not (
        measure.criterion_digitalisation_core
        or measure.criterion_cross_actor
        or measure.criterion_strategy
    ):
        errors["criterion_digitalisation_core"] = _("Answer the entry criteria before submitting.")
    if not measure.budget_lines.exists():
        errors["budget_lines"] = _("Add at least one budget line before submitting.")
    return errors


@transaction.atomic
def measure_transition(
    *, measure: Measure, by: Any, transition: str, comment: str = "", publish: bool = True
) -> Measure:
    """Move a measure through the workflow; returning and rejecting need a comment."""
    if transition not in TRANSITIONS:
        raise ValidationError({"transition": _("Unknown transition “%(t)s”.") % {"t": transition}})
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    if not _may(by, measure, transition):
        if TRANSITIONS[transition][2] == "office" and not is_office(by):
            raise PermissionDenied(_("Only the portfolio office can do this."))
        if measure.state not in TRANSITIONS[transition][0]:
            raise ValidationError(
                {
                    "transition": _("A measure in state “%(state)s” cannot be %(t)s.")
                    % {"state": measure.get_state_display(), "t": T(transition).label.lower()}
                }
            )
        raise PermissionDenied(_("You may not change this measure."))
    if transition in (T.RETURN, T.REJECT) and not comment.strip():
        raise ValidationError({"comment": _("Give a reason so the actor knows what to do.")})
    if transition == T.ACCEPT and not meets_entry_criteria(measure) and not comment.strip():
        raise ValidationError(
            {
                "comment": _(
                    "The measure does not meet the entry criteria: give the reason for "
                    "accepting it anyway."
                )
            }
        )
    if transition == T.SUBMIT and (errors := _submission_errors(measure)):
        raise ValidationError(errors)
    from_state, to_state = measure.state, TRANSITIONS[transition][1]
    measure.state = to_state
    fields = ["state", "version", "updated"]
    if transition == T.ACCEPT and publish:
        measure.published = True
        fields.append("published")
    measure.version += 1
    with change_context(
        action="transition", message=f"{T(transition).label}: {comment}".strip(": ")
    ):
        measure.save(update_fields=fields)
    event = WorkflowEvent.objects.create(
        measure=measure,
        transition=transition,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        by=by if getattr(by, "pk", None) else None,
    )
    _emit_transitioned(measure, event)
    return measure


def _emit_transitioned(measure: Measure, event: WorkflowEvent) -> None:
    """Integrators hear it (webhook) and the other side gets an e-mail (portfolio.subscribers)."""
    emit(
        "measure.transitioned",
        {
            "id": measure.pk,
            "code": measure.code,
            "workflow_event": event.pk,
            "transition": event.transition,
            "from_state": event.from_state,
            "to_state": event.to_state,
        },
    )


def notify(*, event_pk: int) -> None:
    """E-mail the other side: the office on submission, the actor's representatives otherwise."""
    event = WorkflowEvent.objects.select_related("measure", "measure__owner", "by").get(pk=event_pk)
    measure = event.measure
    if event.transition == T.SUBMIT:
        recipients = [settings.PORTFOLIO_OFFICE_EMAIL]
    else:
        recipients = [u.email for u in measure.owner.representatives.all() if u.email]
        if measure.contact_email:
            recipients.append(measure.contact_email)
    if not recipients:
        return
    with override(settings.LANGUAGE_CODE):  # e-mails speak the office's language (bokmål)
        transition = str(event.get_transition_display())
        subject = f"[{measure.code}] {transition}"
        lines = [
            f"{measure.code} {measure.name}",
            _("%(transition)s: %(from)s → %(to)s")
            % {
                "transition": transition,
                "from": MeasureState(event.from_state).label,
                "to": MeasureState(event.to_state).label,
            },
            _("Comment: %(comment)s") % {"comment": event.comment} if event.comment else "",
            _("Open the measure: %(url)s") % {"url": absolute_url("measure-detail", measure.pk)},
        ]
        body = "\n\n".join(line for line in lines if line)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, sorted(set(recipients)))
