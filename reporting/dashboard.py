"""The dashboard's status panel as counts made by the database (issue 16): the same numbers
as `compare.distribution` and `compare.since_last_round` over `selectors.measure_rows`, without
loading a row per measure (two queries whatever the size of the portfolio)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Case, Count, FilteredRelation, Q, QuerySet, Value, When
from django.db.models.functions import Least

from portfolio.models import Measure, ReportingPeriod, StatusReport
from reporting.choices import COST_FORECAST_THRESHOLD, LIGHT_RANK, LIGHT_SCORE
from reporting.compare import DIMENSIONS
from reporting.selectors import trend_periods


def _score(column: str) -> str:
    whens = " ".join(f"WHEN '{light}' THEN {score}" for light, score in LIGHT_SCORE.items())
    return f"CASE {column} {whens} END"


_TABLE = StatusReport._meta.db_table
# "now" n and "the round before" p (NULL when not reported then): the rules of
# compare.since_last_round, in its order (new red, improved, forecast end moved, cost up)
_SINCE_CONDITIONS = (
    "n.overall = 'red' AND (p.overall IS NULL OR p.overall <> 'red')",
    f"{_score('n.overall')} > {_score('p.overall')}",
    "p.id IS NOT NULL AND n.forecast_end_date <> p.forecast_end_date",
    "p.cost_forecast > 0 AND n.cost_forecast IS NOT NULL "
    "AND n.cost_forecast - p.cost_forecast > %s * p.cost_forecast",
)
SINCE_KEYS = ("new_red", "improved", "end_moved", "cost_up")


def _threshold_params() -> list[Decimal]:
    return [Decimal(str(COST_FORECAST_THRESHOLD))]


def since_candidates(
    measures: QuerySet[Measure], period: ReportingPeriod, limit: int
) -> dict[str, list[int]]:
    """For each "since the last round" list, the ids of its first `limit` measures in code
    order (one query), so a page can build rows for those only."""
    periods = trend_periods(period)
    previous = periods[-2] if len(periods) > 1 else None
    id_sql, id_params = measures.order_by().values("id").query.sql_with_params()
    flags = ", ".join(f"CASE WHEN {c} THEN 1 ELSE 0 END" for c in _SINCE_CONDITIONS)
    measure_table = Measure._meta.db_table
    sql = f"""
    SELECT n.measure_id, {flags}
    FROM {_TABLE} n JOIN {measure_table} m ON m.id = n.measure_id
    LEFT JOIN {_TABLE} p ON p.measure_id = n.measure_id AND p.period_id = %s
    WHERE n.period_id = %s AND n.measure_id IN ({id_sql})
    ORDER BY m.code
    """
    found: dict[str, list[int]] = {key: [] for key in SINCE_KEYS}
    params = [*_threshold_params(), previous.pk if previous else -1, period.pk, *id_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for measure_id, *hits in cursor:
            for key, hit in zip(SINCE_KEYS, hits, strict=True):
                if hit and len(found[key]) < limit:
                    found[key].append(measure_id)
    return found


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
    sums = ",\n".join(f"SUM(CASE WHEN {c} THEN 1 ELSE 0 END)" for c in _SINCE_CONDITIONS)
    sql = f"""
    SELECT {sums}
    FROM {_TABLE} n LEFT JOIN {_TABLE} p ON p.measure_id = n.measure_id AND p.period_id = %s
    WHERE n.period_id = %s AND n.measure_id IN ({id_sql})
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*_threshold_params(), previous.pk, period.pk, *id_params])
        row = cursor.fetchone()
    for key, value in zip(since, row, strict=True):
        since[key] = int(value or 0)
    return {"status_counts": counts, "status_since": since}


def _light_rank(column: str) -> Case:
    whens = [When(**{f"now__{column}": light}, then=Value(r)) for light, r in LIGHT_RANK.items()]
    return Case(*whens, default=Value(LIGHT_RANK["not_reported"]))


def worst_first(measures: QuerySet[Measure], period: ReportingPeriod) -> QuerySet[Measure]:
    """The measures' ids in `compare.sort_worst_first` order, sorted by the database (so a
    page of the status matrix needs rows for its own measures only)."""
    ranked = measures.annotate(
        now=FilteredRelation("status_reports", condition=Q(status_reports__period=period))
    ).annotate(
        rank_overall=_light_rank("overall"),
        rank_worst=Least(*(_light_rank(d) for d in DIMENSIONS)),
    )
    return ranked.order_by("rank_overall", "rank_worst", "code").values_list("id", flat=True)
