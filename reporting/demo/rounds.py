"""Demo rounds: T1 and T2 2020 opened, reported and closed, as they would have been."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from portfolio.choices import TrafficLight
from portfolio.models import BudgetLine, Measure, ReportingPeriod, StatusReport
from reporting import selectors, snapshot
from reporting.choices import RoundKind, RoundState
from reporting.demo.texts import GREEN_TEXT, IMPROVED, RED_NARRATIVES, YELLOW_NARRATIVES
from reporting.models import ReportingRound, ReportingTask

G, Y, R = TrafficLight.GREEN, TrafficLight.YELLOW, TrafficLight.RED
TZ = timezone.get_default_timezone()


def at(day: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(12), tzinfo=TZ)


def planned_by_measure(measure_ids: list[int]) -> dict[int, Decimal]:
    return {
        r["measure_id"]: r["total"]
        for r in BudgetLine.objects.filter(measure_id__in=measure_ids)
        .values("measure_id")
        .annotate(total=Sum("planned"))
    }


def round_for(name: str, deadline: str) -> tuple[ReportingRound, bool]:
    """The round of the period `name`, made with a to-do per active measure unless it
    exists; the flag tells whether it was made now."""
    period = ReportingPeriod.objects.get(name=name)
    existing = ReportingRound.objects.filter(period=period).first()
    if existing:
        return existing, False
    round_ = ReportingRound.objects.create(
        period=period, kind=RoundKind.TERTIAL, deadline=dt.date.fromisoformat(deadline)
    )
    ReportingRound.objects.filter(pk=round_.pk).update(created=at(period.start.isoformat()))
    ReportingTask.objects.bulk_create(
        [
            ReportingTask(round=round_, measure_id=mid, actor_id=aid)
            for mid, aid in selectors.active_measures().values_list("id", "owner_id")
        ]
    )
    return round_, True


def close(round_: ReportingRound, day: str) -> None:
    period = round_.period
    period.closed = at(day)
    period.save(update_fields=["closed", "updated"])
    round_.state = RoundState.CLOSED
    round_.closed_at = at(day)
    round_.snapshot = snapshot.take(round_)
    round_.snapshot["round"]["closed"] = day
    round_.save()


def fill_t1(round_: ReportingRound, measures: list[Measure], planned: dict[int, Decimal]) -> None:
    """The portfolio demo filed T1 2020 already; give it dates, forecasts and narratives."""
    for i, m in enumerate(measures):
        report = StatusReport.objects.filter(measure=m, period=round_.period).first()
        if report is None:
            continue
        lights = {report.overall, report.cost, report.schedule}
        if R in lights:
            report.commentary = RED_NARRATIVES[i % 3]
        elif Y in lights:
            report.commentary = YELLOW_NARRATIVES[i % 3]
        report.forecast_end_date = m.end_date
        report.cost_forecast = planned.get(m.pk)
        report.full_clean(validate_unique=False)
        report.save()
        StatusReport.objects.filter(pk=report.pk).update(created=at("2020-05-08"))


def fill_t2(round_: ReportingRound, measures: list[Measure], planned: dict[int, Decimal]) -> None:
    """T2 2020: most keep their lights; some turn red or yellow, some improve, two report
    late and two not at all."""
    t1 = {
        r.measure_id: r
        for r in StatusReport.objects.filter(period__name="T1 2020", measure__in=measures)
    }
    for i, m in enumerate(measures):
        if i % 17 == 8:
            continue  # not reported
        before = t1.get(m.pk)
        overall, cost, schedule, benefits = (
            (before.overall, before.cost, before.schedule, before.benefits) if before else (G,) * 4
        )
        text = GREEN_TEXT
        end = m.end_date
        cost_forecast = planned.get(m.pk)
        if i % 7 == 3:
            overall, schedule = R, R
            text = RED_NARRATIVES[i % 3]
            end = (m.end_date or dt.date(2021, 12, 31)) + dt.timedelta(days=182)
        elif i % 7 == 5:
            overall, cost = Y, Y
            text = YELLOW_NARRATIVES[i % 3]
            if cost_forecast:
                cost_forecast = (cost_forecast * Decimal("1.18")).quantize(Decimal("1000"))
        elif overall == R and i % 2 == 0:
            overall, schedule = Y, Y
            text = IMPROVED
        if {overall, cost, schedule, benefits} & {Y, R} and text == GREEN_TEXT:
            text = YELLOW_NARRATIVES[(i + 1) % 3]
        report = StatusReport(
            measure=m,
            period=round_.period,
            overall=overall,
            cost=cost,
            schedule=schedule,
            benefits=benefits,
            commentary=text,
            forecast_end_date=end,
            cost_forecast=cost_forecast,
        )
        report.full_clean(validate_unique=False)
        report.save()
        late = i % 13 == 6
        StatusReport.objects.filter(pk=report.pk).update(
            created=at("2020-09-22" if late else "2020-09-10")
        )
        Measure.objects.filter(pk=m.pk).update(latest_status=report)
