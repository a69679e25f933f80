"""What changed since the last round. Pure functions over plain measure rows (no ORM).

A row (reporting.selectors.measure_rows): {"code", "name", "owner", "status": {...} | None,
"previous": {...} | None, "trend": [...], ...}; a status: {"overall", "cost", "schedule",
"benefits", "commentary", "forecast_end_date" (ISO) | None, "cost_forecast" (str) | None}.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from reporting.choices import COST_FORECAST_THRESHOLD, LIGHT_RANK, LIGHT_SCORE

Row = dict[str, Any]


def _brief(row: Row, **extra: Any) -> dict[str, Any]:
    status = row["status"] or {}
    return {
        "id": row["id"],
        "code": row["code"],
        "name": row["name"],
        "owner": row["owner"],
        "narrative": status.get("commentary") or "",
        **extra,
    }


def since_last_round(
    rows: list[Row], *, threshold: float = COST_FORECAST_THRESHOLD
) -> dict[str, list[dict[str, Any]]]:
    """Steps, for each measure reported this round and the one before:
    1. new red: overall red now, not red before (also when not reported before);
    2. improved: the overall light got better (red → yellow/green, yellow → green);
    3. forecast end moved: the forecast end date differs from last round's;
    4. cost up: the cost forecast rose by more than `threshold` (a share, 0.10 = 10 %).
    Each entry carries this round's narrative."""
    new_red, improved, end_moved, cost_up = [], [], [], []
    for row in rows:
        now, before = row["status"], row["previous"]
        if now is None:
            continue
        was = (before or {}).get("overall")
        if now["overall"] == "red" and was != "red":
            new_red.append(_brief(row, before=was or "not_reported"))
        if (
            was in LIGHT_SCORE
            and now["overall"] in LIGHT_SCORE
            and LIGHT_SCORE[now["overall"]] > LIGHT_SCORE[was]
        ):
            improved.append(_brief(row, before=was, after=now["overall"]))
        if before is None:
            continue
        old_end, new_end = before.get("forecast_end_date"), now.get("forecast_end_date")
        if old_end and new_end and old_end != new_end:
            days = (dt.date.fromisoformat(new_end) - dt.date.fromisoformat(old_end)).days
            end_moved.append(_brief(row, before=old_end, after=new_end, days=days))
        old_cost, new_cost = before.get("cost_forecast"), now.get("cost_forecast")
        if old_cost and new_cost and Decimal(old_cost) > 0:
            change = (Decimal(new_cost) - Decimal(old_cost)) / Decimal(old_cost)
            if change > Decimal(str(threshold)):
                cost_up.append(
                    _brief(
                        row,
                        before=old_cost,
                        after=new_cost,
                        percent=str((change * 100).quantize(Decimal("0.1"))),
                    )
                )
    return {"new_red": new_red, "improved": improved, "end_moved": end_moved, "cost_up": cost_up}


def distribution(rows: list[Row], index: int | None = None) -> dict[str, int]:
    """Count of overall lights: this round's (index None) or the trend's `index`-th round."""
    counts = {"green": 0, "yellow": 0, "red": 0, "not_reported": 0}
    for row in rows:
        if index is None:
            light = (row["status"] or {}).get("overall") or "not_reported"
        else:
            light = row["trend"][index] if index < len(row["trend"]) else "not_reported"
        counts[light] += 1
    return counts


DIMENSIONS = ("overall", "cost", "schedule", "benefits")


def sort_worst_first(rows: list[Row]) -> list[Row]:
    """Red first, then yellow, not reported, green (by overall, then the worst dimension),
    then by code."""

    def key(row: Row) -> tuple[int, int, str]:
        s = row["status"] or {}
        lights = [s.get(k) or "not_reported" for k in DIMENSIONS]
        return (LIGHT_RANK[lights[0]], min(LIGHT_RANK[x] for x in lights), row["code"])

    return sorted(rows, key=key)
