"""Compare two portfolio snapshots. Pure functions over plain rows (no ORM).

A row: {"measure_id", "code", "name", "owner", "phase", "status", "budget": {year: {kind: "amount"}},
"start_date", "end_date"} (dates may be missing or None in baselines taken before they were kept).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

Row = dict[str, Any]


def planned_in(row: Row, year: int | None) -> Decimal:
    """Planned NOK for a year (all kinds), or for all years when year is None."""
    years = (
        row["budget"].items() if year is None else [(str(year), row["budget"].get(str(year), {}))]
    )
    return sum((Decimal(v) for _y, kinds in years for v in kinds.values()), Decimal("0"))


def compare(before: list[Row], after: list[Row], *, year: int | None = None) -> dict[str, Any]:
    """Steps: index both sides by measure id; measures only in `after` are added, only in
    `before` removed; for measures in both, report budget, phase and status differences;
    sum budget differences per owner actor over all measures (added and removed included)."""
    a = {r["measure_id"]: r for r in before}
    b = {r["measure_id"]: r for r in after}
    added = [b[i] for i in sorted(b.keys() - a.keys(), key=lambda i: b[i]["code"])]
    removed = [a[i] for i in sorted(a.keys() - b.keys(), key=lambda i: a[i]["code"])]
    budget_changes, phase_changes, status_changes = [], [], []
    schedule_changes, cost_variance = [], []
    for i in sorted(a.keys() & b.keys(), key=lambda i: b[i]["code"]):
        old, new = a[i], b[i]
        old_total, new_total = planned_in(old, year), planned_in(new, year)
        if old_total != new_total:
            budget_changes.append(_change(new, old_total, new_total))
        if schedule := _schedule_change(old, new):
            schedule_changes.append(schedule)
        if cost := _cost_variance(old, new):
            cost_variance.append(cost)
        if old["phase"] != new["phase"]:
            phase_changes.append(
                {"code": new["code"], "name": new["name"], "from": old["phase"], "to": new["phase"]}
            )
        if (old.get("status") or "") != (new.get("status") or ""):
            status_changes.append(
                {
                    "code": new["code"],
                    "name": new["name"],
                    "from": old.get("status") or "",
                    "to": new.get("status") or "",
                }
            )
    return {
        "added": [_brief(r) for r in added],
        "removed": [_brief(r) for r in removed],
        "budget_changes": budget_changes,
        "schedule_changes": schedule_changes,
        "cost_variance": cost_variance,
        "phase_changes": phase_changes,
        "status_changes": status_changes,
        "by_actor": _by_actor(before, after, year),
        "total_before": sum((planned_in(r, year) for r in before), Decimal("0")),
        "total_after": sum((planned_in(r, year) for r in after), Decimal("0")),
    }


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _schedule_change(old: Row, new: Row) -> dict[str, Any] | None:
    """Start and end moved, in days (positive: later). None when both dates are unchanged or
    the baseline did not keep them."""
    row: dict[str, Any] = {"code": new["code"], "name": new["name"], "owner": new["owner"]}
    moved = False
    for key in ("start", "end"):
        before, after = _date(old.get(f"{key}_date")), _date(new.get(f"{key}_date"))
        days = (after - before).days if before and after else None
        row.update({f"{key}_before": before, f"{key}_after": after, f"{key}_days": days})
        if before and before != after:
            moved = True
    return row if moved else None


def _cost_variance(old: Row, new: Row) -> dict[str, Any] | None:
    """Planned NOK per year before and after, for a measure whose budget changed in any year
    (a budget moved from one year to the next changes no total but shows here)."""
    years = sorted(set(old["budget"]) | set(new["budget"]), key=int)
    rows = []
    for y in years:
        before, after = planned_in(old, int(y)), planned_in(new, int(y))
        if before != after:
            rows.append(
                {"year": int(y), "before": before, "after": after, "difference": after - before}
            )
    if not rows:
        return None
    before_total, after_total = planned_in(old, None), planned_in(new, None)
    return {
        "code": new["code"],
        "name": new["name"],
        "owner": new["owner"],
        "before": before_total,
        "after": after_total,
        "difference": after_total - before_total,
        "years": rows,
    }


def _brief(row: Row) -> dict[str, Any]:
    return {"code": row["code"], "name": row["name"], "owner": row["owner"]}


def _change(row: Row, old: Decimal, new: Decimal) -> dict[str, Any]:
    return {
        "code": row["code"],
        "name": row["name"],
        "owner": row["owner"],
        "before": old,
        "after": new,
        "difference": new - old,
    }


def _by_actor(before: list[Row], after: list[Row], year: int | None) -> list[dict[str, Any]]:
    totals: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal("0"), Decimal("0")])
    for row in before:
        totals[row["owner"]][0] += planned_in(row, year)
    for row in after:
        totals[row["owner"]][1] += planned_in(row, year)
    return [
        {"owner": owner, "before": old, "after": new, "difference": new - old}
        for owner, (old, new) in sorted(totals.items())
        if old != new
    ]
