"""Demo: rounds T1 and T2 2020, closed, with a few measures turning yellow and red, and the
published portfolio report of September 2020. Safe to run again (nothing is made twice).

`rounds` opens, fills and closes the rounds; `texts` holds the narratives and the report's
texts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from portfolio.models import Baseline, ReportingPeriod
from portfolio.services import baseline_create
from reporting import content, selectors
from reporting.choices import ReportState
from reporting.demo.rounds import at, close, fill_t1, fill_t2, planned_by_measure, round_for
from reporting.demo.texts import DECISIONS, INTRODUCTION, REPORT_TITLE
from reporting.models import PortfolioReport
from reporting.services import baseline_data


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
    planned = planned_by_measure([m.pk for m in measures])
    baseline = _baseline()
    created = 0
    t1, made = round_for("T1 2020", "2020-05-15")
    if made:
        fill_t1(t1, measures, planned)
        close(t1, "2020-05-20")
        created += 1
    t2, made = round_for("T2 2020", "2020-09-15")
    if made:
        fill_t2(t2, measures, planned)
        close(t2, "2020-09-25")
        created += 1
    title = REPORT_TITLE
    if not PortfolioReport.objects.filter(title=title).exists():
        kwargs = {
            "title": title,
            "introduction": INTRODUCTION,
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
        report.published_at = at("2020-10-01")
        report.full_clean()
        report.save()
    return {"rounds_created": created}
