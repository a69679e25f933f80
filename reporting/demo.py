"""Demo: rounds T1 and T2 2020, closed, with a few measures turning yellow and red, and the
published portfolio report of September 2020. Safe to run again (nothing is made twice)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from portfolio.choices import TrafficLight
from portfolio.models import Baseline, BudgetLine, Measure, ReportingPeriod, StatusReport
from portfolio.services import baseline_create
from reporting import content, selectors, snapshot
from reporting.choices import ReportState, RoundKind, RoundState
from reporting.models import PortfolioReport, ReportingRound, ReportingTask
from reporting.services import baseline_data

G, Y, R = TrafficLight.GREEN, TrafficLight.YELLOW, TrafficLight.RED
TZ = timezone.get_default_timezone()

RED_NARRATIVES = [
    "Leverandøren har varslet forsinkelse i integrasjonen mot kjernejournal. Ny plan legges "
    "fram for styringsgruppen i oktober; sluttdato forskyves et halvt år.",
    "Kostnadsoverskridelse etter endret omfang i anskaffelsen. Tiltakseier vurderer å dele "
    "leveransen i to trinn for å holde rammen.",
    "Koronapandemien har bundet opp nøkkelpersoner i helseforetakene; utprøvingen er utsatt "
    "og gevinstene kommer senere enn planlagt.",
]
YELLOW_NARRATIVES = [
    "Noe forsinket i testfasen, men tiltakene er under kontroll og sluttdato holder.",
    "Usikkerhet om finansiering for neste år; avklares i statsbudsjettet.",
    "Færre kommuner enn ventet har tatt løsningen i bruk; innføringsplanen justeres.",
]
IMPROVED = "Ny plan er vedtatt og bemanningen styrket; tiltaket er tilbake på sporet."
GREEN_TEXT = "Går etter planen."
DECISIONS = (
    "1. NUIT bes ta statusrapporten til orientering.\n"
    "2. NUIT bes gi råd om videre prioritering av tiltakene som har rød status, særlig "
    "forsinkelsen i integrasjonen mot kjernejournal som flere aktører er avhengige av.\n"
    "3. NUIT bes anbefale at porteføljekontoret følger opp tiltak med kostnadsøkning over "
    "10 prosent ved neste rapportering."
)


def _at(day: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(12), tzinfo=TZ)


def _planned(measure_ids: list[int]) -> dict[int, Decimal]:
    return {
        r["measure_id"]: r["total"]
        for r in BudgetLine.objects.filter(measure_id__in=measure_ids)
        .values("measure_id")
        .annotate(total=Sum("planned"))
    }


def _round(name: str, deadline: str) -> tuple[ReportingRound, bool]:
    period = ReportingPeriod.objects.get(name=name)
    existing = ReportingRound.objects.filter(period=period).first()
    if existing:
        return existing, False
    round_ = ReportingRound.objects.create(
        period=period, kind=RoundKind.TERTIAL, deadline=dt.date.fromisoformat(deadline)
    )
    ReportingRound.objects.filter(pk=round_.pk).update(created=_at(period.start.isoformat()))
    ReportingTask.objects.bulk_create(
        [
            ReportingTask(round=round_, measure_id=mid, actor_id=aid)
            for mid, aid in selectors.active_measures().values_list("id", "owner_id")
        ]
    )
    return round_, True


def _close(round_: ReportingRound, day: str) -> None:
    period = round_.period
    period.closed = _at(day)
    period.save(update_fields=["closed", "updated"])
    round_.state = RoundState.CLOSED
    round_.closed_at = _at(day)
    round_.snapshot = snapshot.take(round_)
    round_.snapshot["round"]["closed"] = day
    round_.save()


def _t1(round_: ReportingRound, measures: list[Measure], planned: dict[int, Decimal]) -> None:
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
        StatusReport.objects.filter(pk=report.pk).update(created=_at("2020-05-08"))


def _t2(round_: ReportingRound, measures: list[Measure], planned: dict[int, Decimal]) -> None:
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
            created=_at("2020-09-22" if late else "2020-09-10")
        )
        Measure.objects.filter(pk=m.pk).update(latest_status=report)


def _baseline() -> Baseline | None:
    baseline = Baseline.objects.filter(name="Porteføljens utgangspunkt 2020").first()
    if baseline:
        return baseline
    office = get_user_model().objects.filter(username="kontor").first()
    if office is None:
        return None
    return baseline_create(
        name="Porteføljens utgangspunkt 2020",
        by=office,
        as_of=dt.date(2020, 4, 30),
        note="Utgangspunkt for porteføljerapportene i 2020.",
    )


@transaction.atomic
def load() -> dict[str, Any]:
    measures = list(selectors.active_measures().order_by("code"))
    if not measures or not ReportingPeriod.objects.filter(name="T2 2020").exists():
        return {"rounds_created": 0}
    planned = _planned([m.pk for m in measures])
    baseline = _baseline()
    created = 0
    t1, made = _round("T1 2020", "2020-05-15")
    if made:
        _t1(t1, measures, planned)
        _close(t1, "2020-05-20")
        created += 1
    t2, made = _round("T2 2020", "2020-09-15")
    if made:
        _t2(t2, measures, planned)
        _close(t2, "2020-09-25")
        created += 1
    title = "Nasjonal e-helseportefølje september 2020"
    if not PortfolioReport.objects.filter(title=title).exists():
        kwargs = {
            "title": title,
            "introduction": (
                "Porteføljerapporten gir NUIT, NUFA og Nasjonalt e-helsestyre et samlet bilde "
                "av status, utfordringer og utvikling i den nasjonale e-helseporteføljen etter "
                "andre tertial 2020."
            ),
            "decisions": DECISIONS,
        }
        report = PortfolioReport(round=t2, baseline=baseline, **kwargs)
        report.content = content.build(
            t2.snapshot, public=False, baseline=baseline_data(baseline), **kwargs
        )
        report.public_content = content.build(
            t2.snapshot, public=True, baseline=baseline_data(baseline), **kwargs
        )
        report.state = ReportState.PUBLISHED
        report.published_at = _at("2020-10-01")
        report.full_clean()
        report.save()
    return {"rounds_created": created}
