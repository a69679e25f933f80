"""Reporting rounds: opened for a tertial or quarter with a to-do per active measure,
reported on by the owners, closed with the snapshot its reports are made from."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.events import emit
from portfolio.choices import TrafficLight
from portfolio.models import Measure, ReportingPeriod, StatusReport
from portfolio.services import status_report_file
from reporting import policies, selectors, snapshot
from reporting.choices import (
    PERIOD_PREFIX,
    PERIODS_PER_YEAR,
    NoticeKind,
    RoundKind,
    RoundState,
)
from reporting.models import ReportingRound, ReportingTask
from reporting.services.events import round_payload
from reporting.services.notices import record_notice

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
        record_notice(round_, NoticeKind.OPENED, tasks)
    emit("reporting_round.opened", round_payload(round_))
    return round_


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
    emit("reporting_round.closed", round_payload(round_))
    return round_
