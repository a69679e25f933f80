"""Writes for reporting rounds and reports: permission (reporting.policies), full
validation, one transaction; e-mails and webhooks leave after commit."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.webhooks import emit
from portfolio.choices import TrafficLight
from portfolio.models import Baseline, Measure, ReportingPeriod, StatusReport
from portfolio.selectors import baseline_rows
from portfolio.services import status_report_file
from reporting import content, policies, selectors, snapshot
from reporting.choices import (
    PERIOD_PREFIX,
    PERIODS_PER_YEAR,
    REMIND_DAYS_BEFORE,
    NoticeKind,
    ReportState,
    RoundKind,
    RoundState,
)
from reporting.models import PortfolioReport, ReportingRound, ReportingTask, RoundNotice

DIMENSIONS = ("overall", "cost", "schedule", "benefits")
LIGHTS = {TrafficLight.GREEN, TrafficLight.YELLOW, TrafficLight.RED}


def period_dates(kind: str, year: int, number: int) -> tuple[str, dt.date, dt.date]:
    """T2 2020 is May–August 2020; K3 2020 is July–September 2020."""
    months = 12 // PERIODS_PER_YEAR[RoundKind(kind)]
    first = months * (number - 1) + 1
    start = dt.date(year, first, 1)
    after = dt.date(year + 1, 1, 1) if first + months > 12 else dt.date(year, first + months, 1)
    return f"{PERIOD_PREFIX[RoundKind(kind)]}{number} {year}", start, after - dt.timedelta(days=1)


@transaction.atomic
def round_open(
    *,
    by: Any,
    kind: str,
    year: int,
    number: int,
    deadline: dt.date,
    message: str = "",
    token: Any = None,
    today: dt.date | None = None,
) -> ReportingRound:
    """Open the round for a tertial or quarter: a to-do for every active measure, one e-mail
    to each owner actor, and the `reporting_round.opened` webhook."""
    if not policies.can_run_rounds(by, token):
        raise PermissionDenied(_("Only the portfolio office runs reporting rounds."))
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if kind not in RoundKind.values:
        errors["kind"] = _("Choose tertial or quarter.")
    elif not 1 <= number <= PERIODS_PER_YEAR[RoundKind(kind)]:
        errors["number"] = _("A year has %(n)s such periods.") % {
            "n": PERIODS_PER_YEAR[RoundKind(kind)]
        }
    if not 2000 <= year <= 2100:
        errors["year"] = _("Give a year between 2000 and 2100.")
    if deadline < today:
        errors["deadline"] = _("The deadline must not be in the past.")
    if errors:
        raise ValidationError(errors)
    name, start, end = period_dates(kind, year, number)
    period = ReportingPeriod.objects.filter(name=name).first()
    if period is None:
        period = ReportingPeriod(name=name, start=start, end=end, due=deadline)
    elif ReportingRound.objects.filter(period=period).exists() or period.closed:
        raise ValidationError({"number": _("%(p)s already has a reporting round.") % {"p": name}})
    if deadline < period.start:
        raise ValidationError({"deadline": _("The deadline must be after the period starts.")})
    period.due = deadline
    period.full_clean()
    period.save()
    round_ = ReportingRound(
        period=period,
        kind=kind,
        deadline=deadline,
        message=message,
        opened_by=by if getattr(by, "pk", None) else None,
    )
    round_.full_clean()
    round_.save()
    ReportingTask.objects.bulk_create(
        [
            ReportingTask(round=round_, measure_id=mid, actor_id=aid)
            for mid, aid in selectors.active_measures()
            .order_by("code")
            .values_list("id", "owner_id")
        ]
    )
    by_actor: dict[int, list[ReportingTask]] = defaultdict(list)
    for task in round_.tasks.select_related("measure", "actor"):
        by_actor[task.actor_id].append(task)
    for tasks in by_actor.values():
        _notice(round_, NoticeKind.OPENED, tasks)
    emit("reporting_round.opened", _round_payload(round_))
    return round_


def _round_payload(round_: ReportingRound) -> dict[str, Any]:
    return {
        "id": round_.pk,
        "name": round_.period.name,
        "kind": round_.kind,
        "state": round_.state,
        "start": round_.period.start,
        "end": round_.period.end,
        "deadline": round_.deadline,
    }


def _recipients(tasks: list[ReportingTask]) -> list[str]:
    actor = tasks[0].actor
    emails = {u.email for u in actor.representatives.filter(is_active=True) if u.email}
    emails |= {t.measure.contact_email for t in tasks if t.measure.contact_email}
    return sorted(emails)


def _notice(round_: ReportingRound, kind: str, tasks: list[ReportingTask]) -> RoundNotice | None:
    """Record and send one e-mail to one actor, once: a second call finds the row (unique
    per round, actor and kind) and sends nothing."""
    actor = tasks[0].actor
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _mail_text(round_, kind, tasks)
    notice = RoundNotice(
        round=round_,
        actor=actor,
        kind=kind,
        recipients=_recipients(tasks),
        subject=subject[:200],
        body=body,
        measures=len(tasks),
    )
    try:
        with transaction.atomic():
            notice.save()
    except IntegrityError:
        return None
    if notice.recipients:
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, notice.recipients)
        )
    return notice


def _mail_text(round_: ReportingRound, kind: str, tasks: list[ReportingTask]) -> tuple[str, str]:
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
    sent = [_notice(round_, kind, tasks) for tasks in by_actor.values()]
    return [n for n in sent if n is not None]


def next_reminder(round_: ReportingRound) -> dt.date:
    return round_.deadline - dt.timedelta(days=REMIND_DAYS_BEFORE)


@transaction.atomic
def status_submit(
    *,
    round_: ReportingRound,
    measure: Measure,
    by: Any,
    data: dict[str, Any],
    token: Any = None,
) -> StatusReport:
    """Report a measure's status in an open round: all four lights, a narrative for yellow or
    red, optionally the forecast end date and cost forecast. Correctable until the round
    closes."""
    round_ = ReportingRound.objects.select_for_update().select_related("period").get(pk=round_.pk)
    if not policies.can_report(by, measure, token):
        raise PermissionDenied(_("You may only report status for your own actor's measures."))
    if round_.state != RoundState.OPEN:
        raise ValidationError({"round": _("The round is closed; its reports are frozen.")})
    if not round_.tasks.filter(measure=measure).exists():
        raise ValidationError({"measure": _("This measure is not part of the round.")})
    missing = {
        k: _("Choose green, yellow or red.") for k in DIMENSIONS if data.get(k) not in LIGHTS
    }
    if missing:
        raise ValidationError(missing)
    fields = {k: data.get(k) for k in (*DIMENSIONS, "commentary", "forecast_end_date")}
    fields["commentary"] = (fields["commentary"] or "").strip()
    fields["cost_forecast"] = data.get("cost_forecast")
    return status_report_file(
        measure=measure, period=round_.period, by=by, data=fields, token=token
    )


@transaction.atomic
def round_close(*, round_: ReportingRound, by: Any, token: Any = None) -> ReportingRound:
    """Close the round: its period is frozen (no report is filed or changed any more) and the
    snapshot every report of the round is made from is taken."""
    if not policies.can_run_rounds(by, token):
        raise PermissionDenied(_("Only the portfolio office runs reporting rounds."))
    round_ = ReportingRound.objects.select_for_update().select_related("period").get(pk=round_.pk)
    if round_.state != RoundState.OPEN:
        raise ValidationError({"state": _("The round is already closed.")})
    now = timezone.now()
    period = round_.period
    period.closed = now
    period.save(update_fields=["closed", "updated"])
    round_.state = RoundState.CLOSED
    round_.closed_at = now
    round_.closed_by = by if getattr(by, "pk", None) else None
    round_.snapshot = snapshot.take(round_)
    round_.save()
    emit("reporting_round.closed", _round_payload(round_))
    return round_


def baseline_data(baseline: Baseline | None) -> dict[str, Any] | None:
    if baseline is None:
        return None
    return {
        "name": baseline.name,
        "as_of": baseline.as_of.isoformat(),
        "rows": baseline_rows(baseline),
    }


def _build(report: PortfolioReport) -> None:
    kwargs = {
        "title": report.title,
        "introduction": report.introduction,
        "decisions": report.decisions,
        "baseline": baseline_data(report.baseline),
    }
    report.content = content.build(report.round.snapshot, public=False, **kwargs)
    report.public_content = content.build(report.round.snapshot, public=True, **kwargs)


REPORT_FIELDS = ("title", "baseline", "introduction", "decisions")


@transaction.atomic
def report_create(
    *, round_: ReportingRound, by: Any, fields: dict[str, Any], token: Any = None
) -> PortfolioReport:
    """Make the portfolio report of a closed round."""
    if not policies.can_write_reports(by, token):
        raise PermissionDenied(_("Only the portfolio office writes portfolio reports."))
    round_ = ReportingRound.objects.select_related("period").get(pk=round_.pk)
    if round_.state != RoundState.CLOSED:
        raise ValidationError({"round": _("Close the round before making its report.")})
    report = PortfolioReport(round=round_)
    for key in REPORT_FIELDS:
        if key in fields:
            setattr(report, key, fields[key])
    report.full_clean()
    _build(report)
    report.save()
    return report


@transaction.atomic
def report_update(
    *, report: PortfolioReport, by: Any, fields: dict[str, Any], token: Any = None
) -> PortfolioReport:
    """Change the office's texts or the baseline of a draft report; the content is rebuilt
    from the round's snapshot. A published report is final."""
    if not policies.can_write_reports(by, token):
        raise PermissionDenied(_("Only the portfolio office writes portfolio reports."))
    report = PortfolioReport.objects.select_for_update().get(pk=report.pk)
    if report.state == ReportState.PUBLISHED:
        raise ValidationError({"state": _("A published report cannot be changed.")})
    for key in REPORT_FIELDS:
        if key in fields:
            setattr(report, key, fields[key])
    report.full_clean()
    _build(report)
    report.save()
    return report


@transaction.atomic
def report_publish(*, report: PortfolioReport, by: Any, token: Any = None) -> PortfolioReport:
    """Publish the report: its public version becomes visible to everyone."""
    if not policies.can_write_reports(by, token):
        raise PermissionDenied(_("Only the portfolio office publishes portfolio reports."))
    report = PortfolioReport.objects.select_for_update().select_related("round").get(pk=report.pk)
    if report.state == ReportState.PUBLISHED:
        raise ValidationError({"state": _("The report is already published.")})
    report.state = ReportState.PUBLISHED
    report.published_at = timezone.now()
    report.published_by = by if getattr(by, "pk", None) else None
    report.save()
    emit(
        "portfolio_report.published",
        {
            "id": report.pk,
            "title": report.title,
            "round": report.round_id,
            "published_at": report.published_at,
        },
    )
    return report
