"""The round's e-mails to owner actors (opened, due soon, overdue): each recorded once as a
`RoundNotice` and announced as `round_notice.recorded`; reporting.subscribers sends it after
commit."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.events import emit
from reporting import selectors
from reporting.choices import (
    REMIND_DAYS_BEFORE,
    NoticeKind,
    RoundState,
)
from reporting.models import ReportingRound, ReportingTask, RoundNotice


def notice_recipients(tasks: list[ReportingTask]) -> list[str]:
    actor = tasks[0].actor
    emails = {u.email for u in actor.representatives.filter(is_active=True) if u.email}
    emails |= {t.measure.contact_email for t in tasks if t.measure.contact_email}
    return sorted(emails)


def record_notice(
    round_: ReportingRound, kind: str, tasks: list[ReportingTask]
) -> RoundNotice | None:
    """Record one e-mail to one actor, once: a second call finds the row (unique per round,
    actor and kind) and records nothing. The `round_notice.recorded` event sends it."""
    actor = tasks[0].actor
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = mail_text(round_, kind, tasks)
    notice = RoundNotice(
        round=round_,
        actor=actor,
        kind=kind,
        recipients=notice_recipients(tasks),
        subject=subject[:200],
        body=body,
        measures=len(tasks),
    )
    try:
        with transaction.atomic():
            notice.save()
    except IntegrityError:
        return None
    emit(
        "round_notice.recorded",
        {
            "id": notice.pk,
            "round": round_.pk,
            "kind": kind,
            "subject": subject,
            "body": body,
            "recipients": list(notice.recipients),
        },
    )
    return notice


def mail_text(round_: ReportingRound, kind: str, tasks: list[ReportingTask]) -> tuple[str, str]:
    deadline = round_.deadline.strftime("%d.%m.%Y")
    name = round_.period.name
    heads = {
        NoticeKind.OPENED: _("Status reporting %(round)s is open: report by %(deadline)s"),
        NoticeKind.DUE_SOON: _("Reminder: status reporting %(round)s is due %(deadline)s"),
        NoticeKind.OVERDUE: _("Overdue: status reporting %(round)s was due %(deadline)s"),
    }
    subject = heads[NoticeKind(kind)] % {"round": name, "deadline": deadline}
    lines = [
        subject,
        "",
        _("Report overall, cost, schedule and benefits status for these measures:"),
        *[f"- {t.measure.code} {t.measure.name}" for t in tasks],
        "",
        _("Report in the register under “My reporting”: /reporting/todo/"),
    ]
    if round_.message:
        lines += ["", round_.message]
    return subject, "\n".join(lines)


@transaction.atomic
def reminders_send(*, round_: ReportingRound, today: dt.date | None = None) -> list[RoundNotice]:
    """Remind actors with unreported measures: once within REMIND_DAYS_BEFORE days of the
    deadline, once after it. Safe to run any number of times (each reminder is sent once)."""
    round_ = ReportingRound.objects.select_related("period").get(pk=round_.pk)
    if round_.state != RoundState.OPEN:
        return []
    today = today or timezone.localdate()
    if today > round_.deadline:
        kind = NoticeKind.OVERDUE
    elif today >= round_.deadline - dt.timedelta(days=REMIND_DAYS_BEFORE):
        kind = NoticeKind.DUE_SOON
    else:
        return []
    by_actor: dict[int, list[ReportingTask]] = defaultdict(list)
    for task in selectors.tasks_with_completion(round_).filter(done=False):
        by_actor[task.actor_id].append(task)
    sent = [record_notice(round_, kind, tasks) for tasks in by_actor.values()]
    return [n for n in sent if n is not None]


def next_reminder(round_: ReportingRound) -> dt.date:
    return round_.deadline - dt.timedelta(days=REMIND_DAYS_BEFORE)
