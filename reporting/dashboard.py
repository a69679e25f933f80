"""The dashboard's status panel as counts made by the database (issue 16): the same numbers
as `compare.distribution` and `compare.since_last_round` over `selectors.measure_rows`, without
loading a row per measure (two queries whatever the size of the portfolio)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, QuerySet

from portfolio.models import Measure, ReportingPeriod, StatusReport
from reporting.choices import COST_FORECAST_THRESHOLD, LIGHT_SCORE
from reporting.selectors import trend_periods


def _score(column: str) -> str:
    whens = " ".join(f"WHEN '{light}' THEN {score}" for light, score in LIGHT_SCORE.items())
    return f"CASE {column} {whens} END"


def status_counts(measures: QuerySet[Measure], period: ReportingPeriod) -> dict[str, Any]:
    """{"status_counts": lights of this round, "status_since": counts of new red, improved,
    forecast end moved, cost up since the round before}."""
    ids = measures.order_by().values("id")
    reports = StatusReport.objects.filter(period=period, measure_id__in=ids)
    counts = {"green": 0, "yellow": 0, "red": 0, "not_reported": 0}
    reported = 0
    for light, n in reports.order_by().values_list("overall").annotate(n=Count("id")):
        counts[light] += n
        reported += n
    counts["not_reported"] += measures.order_by().count() - reported
    periods = trend_periods(period)
    previous = periods[-2] if len(periods) > 1 else None
    since = {"new_red": 0, "improved": 0, "end_moved": 0, "cost_up": 0}
    if previous is None:
        since["new_red"] = counts["red"]
        return {"status_counts": counts, "status_since": since}
    id_sql, id_params = ids.query.sql_with_params()
    table = StatusReport._meta.db_table
    threshold = Decimal(str(COST_FORECAST_THRESHOLD))
    sql = f"""
    SELECT
      SUM(CASE WHEN n.overall = 'red' AND (p.overall IS NULL OR p.overall <> 'red')
          THEN 1 ELSE 0 END),
      SUM(CASE WHEN {_score("n.overall")} > {_score("p.overall")} THEN 1 ELSE 0 END),
      SUM(CASE WHEN p.id IS NOT NULL AND n.forecast_end_date <> p.forecast_end_date
          THEN 1 ELSE 0 END),
      SUM(CASE WHEN p.cost_forecast > 0 AND n.cost_forecast IS NOT NULL
               AND n.cost_forecast - p.cost_forecast > %s * p.cost_forecast
          THEN 1 ELSE 0 END)
    FROM {table} n LEFT JOIN {table} p ON p.measure_id = n.measure_id AND p.period_id = %s
    WHERE n.period_id = %s AND n.measure_id IN ({id_sql})
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [threshold, previous.pk, period.pk, *id_params])
        row = cursor.fetchone()
    for key, value in zip(since, row, strict=True):
        since[key] = int(value or 0)
    return {"status_counts": counts, "status_since": since}
