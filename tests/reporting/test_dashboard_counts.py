"""The dashboard's status panel counts (reporting.dashboard) equal the row-by-row rules of
reporting.compare over selectors.measure_rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from portfolio.models import ReportingPeriod, StatusReport
from portfolio.selectors import portfolio_measures
from reporting import compare, dashboard, selectors

pytestmark = pytest.mark.django_db


def _expected(measures: Any, period: ReportingPeriod) -> dict[str, Any]:
    rows = selectors.measure_rows(measures, period)
    return {
        "status_counts": compare.distribution(rows),
        "status_since": {k: len(v) for k, v in compare.since_last_round(rows).items()},
    }


def _report(measure: Any, period: Any, overall: str, end: str | None, cost: str | None) -> None:
    StatusReport.objects.create(
        measure=measure,
        period=period,
        overall=overall,
        cost="green",
        schedule="green",
        benefits="green",
        forecast_end_date=dt.date.fromisoformat(end) if end else None,
        cost_forecast=Decimal(cost) if cost is not None else None,
    )


def test_counts_equal_the_row_rules(small_portfolio: dict, office_user: Any, rep_a: Any) -> None:
    first = ReportingPeriod.objects.create(
        name="P1", start=dt.date(2031, 1, 1), end=dt.date(2031, 4, 30), due=dt.date(2031, 5, 10)
    )
    second = ReportingPeriod.objects.create(
        name="P2", start=dt.date(2031, 5, 1), end=dt.date(2031, 8, 31), due=dt.date(2031, 9, 10)
    )
    p = small_portfolio
    _report(p["a1"], first, "yellow", "2032-01-01", "100.00")
    _report(p["a1"], second, "red", "2032-06-01", "120.00")
    _report(p["a2"], first, "red", "2032-01-01", "0.00")
    _report(p["a2"], second, "green", "2032-01-01", "50.00")
    _report(p["b1"], second, "red", None, "10.00")
    _report(p["hidden"], first, "not_reported", None, None)
    _report(p["hidden"], second, "yellow", "2033-01-01", "5.00")
    for user in (AnonymousUser(), office_user, rep_a):
        measures = portfolio_measures(user)
        for period in (first, second):
            assert dashboard.status_counts(measures, period) == _expected(measures, period)
    office = dashboard.status_counts(portfolio_measures(office_user), second)
    assert office["status_since"] == {"new_red": 2, "improved": 1, "end_moved": 1, "cost_up": 1}


def test_database_order_and_since_lists_equal_the_row_rules(
    small_portfolio: dict, office_user: Any, rep_a: Any
) -> None:
    first = ReportingPeriod.objects.create(
        name="Q1", start=dt.date(2031, 1, 1), end=dt.date(2031, 4, 30), due=dt.date(2031, 5, 10)
    )
    second = ReportingPeriod.objects.create(
        name="Q2", start=dt.date(2031, 5, 1), end=dt.date(2031, 8, 31), due=dt.date(2031, 9, 10)
    )
    p = small_portfolio
    _report(p["a1"], first, "yellow", "2032-01-01", "100.00")
    _report(p["a1"], second, "red", "2032-06-01", "120.00")
    _report(p["a2"], first, "red", "2032-01-01", "0.00")
    _report(p["a2"], second, "green", "2032-01-01", "50.00")
    _report(p["b1"], second, "yellow", None, "10.00")
    StatusReport.objects.filter(measure=p["b1"], period=second).update(schedule="red")
    for user in (office_user, rep_a):
        measures = portfolio_measures(user)
        for period in (first, second):
            rows = selectors.measure_rows(measures, period)
            expected = [r["id"] for r in compare.sort_worst_first(rows)]
            assert list(dashboard.worst_first(measures, period)) == expected
            since = compare.since_last_round(rows)
            for limit in (1, 50):
                chosen = dashboard.since_candidates(measures, period, limit)
                assert chosen == {k: [e["id"] for e in v][:limit] for k, v in since.items()}
