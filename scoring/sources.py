"""The source data of the scores, read in bulk into NumPy columns (no per-row Python).

Measures: one SELECT of the portfolio's measures (accepted, not archived) with their latest
status report as category codes, and three plain reads of their budget lines, strategic
goals and target groups, grouped per measure in NumPy (cheaper than GROUP BY + join in SQL
at 100 000 measures). The four reads run side by side where they can (pg_copy.fetch_many). Suggestions: the mean assessment per criterion and the number of
overlap findings (covid_intake's selectors).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import Count, Max, Min, Sum

from covid_intake.models import MeasureOverlap
from covid_intake.selectors import criterion_means
from portfolio.choices import MeasureState
from portfolio.models import BudgetLine, Measure, StatusReport
from scoring import columns, formula, pg_copy


def _place(ids: np.ndarray, keys: Sequence[int], values: Sequence[Any], fill: float) -> np.ndarray:
    """values[k] belongs to object keys[k]; an array aligned with the sorted `ids`."""
    out = np.full(len(ids), fill, dtype=float)
    if len(keys) and len(ids):
        k = np.asarray(keys, dtype=np.int64)
        pos = np.searchsorted(ids, k).clip(max=len(ids) - 1)
        hit = ids[pos] == k
        out[pos[hit]] = np.asarray(values, dtype=float)[hit]
    return out


def _case(column: str, categories: Sequence[str], params: list[Any]) -> str:
    """SQL giving the 1-based index of the column's value among the categories, 0 for none."""
    params.extend(categories)
    whens = " ".join(f"WHEN %s THEN {k}" for k in range(1, len(categories) + 1))
    return f"CASE {column} {whens} ELSE 0 END"


def in_ids(column: str, ids: Sequence[int] | None, params: list[Any]) -> str:
    if ids is None:
        return ""
    params.extend(int(i) for i in ids)
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})" if ids else " AND 1 = 0"


MEASURE_COLUMNS = ("id", "phase", "entry", "overall", "cost", "schedule", "benefits")


def _measure_sql(ids: Sequence[int] | None) -> tuple[str, list[Any]]:
    """One portable SELECT of the portfolio's measures with their latest status: numbers only,
    no NULLs (category codes start at 1, 0 for none)."""
    params: list[Any] = []
    phase = _case("m.phase", columns.PHASES, params)
    lights = [_case(f"s.{c}", columns.LIGHTS, params) for c in MEASURE_COLUMNS[-4:]]
    entry = " + ".join(f"CASE WHEN m.{f} THEN 1 ELSE 0 END" for f in formula.ENTRY_CRITERIA)
    params.append(MeasureState.ACCEPTED)
    where = in_ids("m.id", ids, params)
    codes = ", ".join(f"CAST({e} AS BIGINT)" for e in (phase, entry, *lights))
    sql = (
        f"SELECT m.id, {codes} FROM {Measure._meta.db_table} m "
        f"LEFT JOIN {StatusReport._meta.db_table} s ON s.id = m.latest_status_id "
        f"WHERE m.state = %s AND m.archived_at IS NULL{where}"
    )
    return sql, params


def _per_measure_sql(table: str, ids: Sequence[int] | None, value: str = "1") -> pg_copy.Query:
    params: list[Any] = []
    where = in_ids("measure_id", ids, params).replace(" AND ", " WHERE ", 1)
    return f"SELECT measure_id, {value} FROM {table}{where}", params, ("measure_id", "value")


def _per_measure(
    object_ids: np.ndarray, rows: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Rows (measure_id, value) sorted by measure: per measure their number and the exact
    (integer) sum of the values, aligned with the sorted `object_ids`. The rows are read
    plainly and grouped here: cheaper than GROUP BY + join in SQL at 100 000 measures."""
    counts = np.zeros(len(object_ids), dtype=np.int64)
    sums = np.zeros(len(object_ids), dtype=np.int64)
    if len(object_ids) and len(rows["measure_id"]):
        pos = np.searchsorted(object_ids, rows["measure_id"]).clip(max=len(object_ids) - 1)
        hit = object_ids[pos] == rows["measure_id"]
        at, values = pos[hit], rows["value"][hit]
        if len(at):
            counts = np.bincount(at, minlength=len(object_ids)).astype(np.int64)
            starts = np.flatnonzero(np.r_[True, at[1:] != at[:-1]])  # `at` is sorted
            sums[at[starts]] = np.add.reduceat(values, starts)
    return counts, sums


def cents_sql(column: str) -> str:
    """SQL for a money (two-decimal) column in whole hundredths. PostgreSQL stores it as
    numeric(…, 2), so × 100 is already whole and the cast is exact (a per-row ROUND costs a
    third of the read); elsewhere (SQLite keeps floats) it is rounded first."""
    if connection.vendor == "postgresql":
        return f"CAST({column} * 100 AS BIGINT)"
    return f"CAST(ROUND({column} * 100) AS BIGINT)"


def _codes(column: np.ndarray) -> np.ndarray:
    """1-based category codes with 0 for none -> 0-based index, NaN for none."""
    out = column.astype(float) - 1
    out[out < 0] = np.nan
    return out


def portfolio_cost_bounds() -> tuple[float, float] | None:
    """Cheapest and dearest total planned budget over the whole portfolio."""
    totals = (
        BudgetLine.objects.filter(
            measure__state=MeasureState.ACCEPTED, measure__archived_at__isnull=True
        )
        .order_by()
        .values("measure_id")
        .annotate(t=Sum("planned"))
        .aggregate(low=Min("t"), high=Max("t"))
    )
    if totals["low"] is None:
        return None
    return float(totals["low"]), float(totals["high"])


def measure_columns(
    ids: Sequence[int] | None = None,
) -> tuple[columns.MeasureColumns, tuple[float, float] | None]:
    """Source data per portfolio measure (accepted, not archived), sorted by id, and the
    portfolio's cost bounds (always over the whole portfolio, also when only some ids are
    asked for). Four plain reads (five for some ids)."""
    sql, params = _measure_sql(ids)
    c, budget, goal_rows, group_rows = pg_copy.fetch_many(
        [
            (sql, params, MEASURE_COLUMNS),
            _per_measure_sql(BudgetLine._meta.db_table, ids, cents_sql("planned")),
            _per_measure_sql(Measure.strategic_goals.through._meta.db_table, ids),
            _per_measure_sql(Measure.target_groups.through._meta.db_table, ids),
        ]
    )
    object_ids = c["id"]
    lines, cents = _per_measure(object_ids, budget)
    total = np.where(lines > 0, cents / 100, np.nan)
    goals, _ = _per_measure(object_ids, goal_rows)
    groups, _ = _per_measure(object_ids, group_rows)
    data = columns.MeasureColumns(
        ids=object_ids,
        phase=_codes(c["phase"]),
        entry_criteria_met=c["entry"],
        strategic_goals=goals,
        target_groups=groups,
        total_budget=total,
        overall=_codes(c["overall"]),
        cost=_codes(c["cost"]),
        schedule=_codes(c["schedule"]),
        benefits=_codes(c["benefits"]),
    )
    bounds = columns.cost_bounds(total) if ids is None else portfolio_cost_bounds()
    return data, bounds


def suggestion_inputs(ids: Sequence[int] | None = None) -> columns.Inputs:
    """Mean assessment per criterion and the number of overlap findings, per assessed
    suggestion."""
    means = criterion_means(suggestion_ids=list(ids) if ids is not None else None)
    object_ids = np.array(sorted(means), dtype=np.int64)
    q = MeasureOverlap.objects.order_by()
    if ids is not None:
        q = q.filter(suggestion_id__in=ids)
    overlaps = list(
        q.values("suggestion_id").annotate(n=Count("id")).values_list("suggestion_id", "n")
    )
    by_criterion = {
        k: np.array([means[i].get(k, np.nan) for i in object_ids.tolist()], dtype=float)
        for k in formula.SUGGESTION_ASSESSED
    }
    found = _place(object_ids, [o[0] for o in overlaps], [o[1] for o in overlaps], 0.0)
    return columns.suggestion_inputs(object_ids, by_criterion, found)
