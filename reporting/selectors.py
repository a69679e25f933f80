"""Reads for reporting, scoped by reporting.policies. Rows are plain dicts, the shape the
pure functions in reporting.compare and reporting.content work on."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from portfolio.choices import MeasureState, Phase, TrafficLight
from portfolio.models import BudgetLine, Measure, ReportingPeriod, StatusReport
from portfolio.selectors import period_year
from reporting import policies
from reporting.choices import TREND_ROUNDS, RoundState
from reporting.models import PortfolioReport, ReportingRound, ReportingTask

NR = TrafficLight.NOT_REPORTED.value


def active_measures() -> QuerySet[Measure]:
    """Measures owners report on: in the portfolio, not archived, not stopped."""
    return Measure.objects.filter(state=MeasureState.ACCEPTED, archived_at__isnull=True).exclude(
        phase=Phase.STOPPED
    )


def round_list(user: Any, token: Any = None) -> QuerySet[ReportingRound]:
    return policies.visible_rounds(user, token).select_related("period")


def report_list(user: Any, token: Any = None) -> QuerySet[PortfolioReport]:
    return policies.visible_reports(user, token).select_related("round", "round__period")


def latest_round() -> ReportingRound | None:
    return ReportingRound.objects.select_related("period").order_by("-period__start").first()


def trend_periods(period: ReportingPeriod, n: int = TREND_ROUNDS) -> list[ReportingPeriod]:
    """The last `n` periods up to and including `period`, oldest first."""
    rows = list(ReportingPeriod.objects.filter(start__lte=period.start).order_by("-start")[:n])
    return rows[::-1]


def deadline_passed_at(deadline: dt.date) -> dt.datetime:
    """The deadline day ends at midnight, Oslo time."""
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(deadline + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


def _status(report: StatusReport | None) -> dict[str, Any] | None:
    if report is None:
        return None
    return {
        "overall": report.overall,
        "cost": report.cost,
        "schedule": report.schedule,
        "benefits": report.benefits,
        "commentary": report.commentary,
        "forecast_end_date": report.forecast_end_date.isoformat()
        if report.forecast_end_date
        else None,
        "cost_forecast": str(report.cost_forecast) if report.cost_forecast is not None else None,
        "reported": timezone.localtime(report.created).date().isoformat(),
    }


def measure_rows(
    measures: QuerySet[Measure], period: ReportingPeriod, *, year: int | None = None
) -> list[dict[str, Any]]:
    """Each measure with its status this period and the one before, its trend over the last
    rounds and its planned budget: five queries whatever the number of measures."""
    periods = trend_periods(period)
    previous = periods[-2] if len(periods) > 1 else None
    year = year or period_year(period)
    base = list(
        measures.order_by("code").values(
            "id",
            "code",
            "name",
            "owner_id",
            "owner__short_name",
            "segment_id",
            "segment__name",
            "phase",
            "published",
            "start_date",
            "end_date",
        )
    )
    ids = [m["id"] for m in base]
    solutions: dict[int, list[int]] = {}
    through = Measure.national_solutions.through
    for mid, sid in through.objects.filter(measure_id__in=ids).values_list(
        "measure_id", "nationalsolution_id"
    ):
        solutions.setdefault(mid, []).append(sid)
    reports: dict[tuple[int, int], StatusReport] = {
        (r.measure_id, r.period_id): r
        for r in StatusReport.objects.filter(
            measure_id__in=ids, period_id__in=[p.pk for p in periods]
        )
    }
    budgets = {
        b["measure_id"]: b
        for b in BudgetLine.objects.filter(measure_id__in=ids)
        .order_by()
        .values("measure_id")
        .annotate(total=Sum("planned"), this_year=Sum("planned", filter=Q(year=year)))
    }
    deadline = getattr(getattr(period, "reporting_round", None), "deadline", None) or period.due
    late_after = deadline_passed_at(deadline)
    rows = []
    for m in base:
        current = reports.get((m["id"], period.pk))
        before = reports.get((m["id"], previous.pk)) if previous else None
        b = budgets.get(m["id"], {})
        rows.append(
            {
                "id": m["id"],
                "code": m["code"],
                "name": m["name"],
                "owner": m["owner__short_name"],
                "owner_id": m["owner_id"],
                "segment": m["segment__name"],
                "segment_id": m["segment_id"],
                "phase": m["phase"],
                "published": m["published"],
                "solutions": sorted(solutions.get(m["id"], [])),
                "start_date": m["start_date"].isoformat() if m["start_date"] else None,
                "end_date": m["end_date"].isoformat() if m["end_date"] else None,
                "planned_total": str(b.get("total") or Decimal("0")),
                "planned_year": str(b.get("this_year") or Decimal("0")),
                "status": _status(current),
                "previous": _status(before),
                "late": bool(current and current.created >= late_after),
                "trend": [
                    (reports[(m["id"], p.pk)].overall if (m["id"], p.pk) in reports else NR)
                    for p in periods
                ],
            }
        )
    return rows


def tasks_with_completion(round_: ReportingRound) -> QuerySet[ReportingTask]:
    """The round's to-dos, each annotated with whether and when it was reported."""
    reports = StatusReport.objects.filter(measure_id=OuterRef("measure_id"), period=round_.period)
    return (
        round_.tasks.select_related("measure", "actor")
        .annotate(done=Exists(reports), reported=Subquery(reports.values("created")[:1]))
        .order_by("actor__short_name", "measure__code")
    )


def completion_by_actor(round_: ReportingRound, actor_ids: list[int] | None = None) -> list[dict]:
    """Per actor: measures asked, reported on time, reported late, missing."""
    late_after = deadline_passed_at(round_.deadline)
    out: dict[int, dict[str, Any]] = {}
    tasks = tasks_with_completion(round_)
    if actor_ids is not None:
        tasks = tasks.filter(actor_id__in=actor_ids)
    for task in tasks:
        row = out.setdefault(
            task.actor_id,
            {"actor": task.actor.short_name, "asked": 0, "on_time": 0, "late": 0, "missing": 0},
        )
        row["asked"] += 1
        if not task.done:
            row["missing"] += 1
        elif task.reported >= late_after:
            row["late"] += 1
        else:
            row["on_time"] += 1
    rows = sorted(out.values(), key=lambda r: r["actor"])
    for row in rows:
        row["percent"] = round(100 * (row["on_time"] + row["late"]) / row["asked"])
    return rows


def open_tasks_for(user: Any, token: Any = None) -> list[ReportingTask]:
    """The caller's to-dos: unreported measures of their actors in open rounds."""
    actor_ids = policies.reportable_actor_ids(user, token)
    if actor_ids is not None and not actor_ids:
        return []
    qs = ReportingTask.objects.filter(round__state=RoundState.OPEN).select_related(
        "round", "round__period", "measure", "actor"
    )
    if actor_ids is not None:
        qs = qs.filter(actor_id__in=actor_ids)
    reported = StatusReport.objects.filter(
        measure_id=OuterRef("measure_id"), period_id=OuterRef("round__period_id")
    )
    return list(qs.exclude(Exists(reported)).order_by("round__deadline", "measure__code"))


def measure_timeline(measure: Measure) -> list[StatusReport]:
    """The measure's status per period, oldest first."""
    return list(measure.status_reports.select_related("period").order_by("period__start"))
