"""The portfolio report's content, built from a closed round's snapshot. Pure (no ORM):
the same snapshot, baseline and texts always give the same content, and the public version
is the same function with unpublished measures and their figures left out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from portfolio.baselines import planned_in
from reporting.compare import DIMENSIONS, distribution, since_last_round, sort_worst_first

CONTENT_VERSION = 2


def build(
    snapshot: dict[str, Any],
    *,
    public: bool,
    title: str,
    introduction: str = "",
    decisions: str = "",
    baseline: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Steps: pick the rows (published only for the public version) and the matching
    summary (the dashboard's figures for the same scope); count lights now and per trend
    round; list every red measure with its narrative; compare with the last round, with the
    baseline, and list critical roadmap items of red and yellow measures."""
    rows = [r for r in snapshot["measures"] if r["published"] or not public]
    summary = snapshot["public_summary" if public else "summary"]
    periods = snapshot["periods"]
    return {
        "version": CONTENT_VERSION,
        "title": title,
        "public": public,
        "round": snapshot["round"],
        "year": snapshot["year"],
        "introduction": introduction,
        "decisions": decisions,
        "key_figures": {
            "measures": summary["measures"],
            "planned": summary["planned"],
            "planned_operating": summary["planned_operating"],
            "operating_next_year": summary["operating_next_year"],
            "operating_change_next_year": summary["operating_change_next_year"],
        },
        "by_actor": [_group(r) for r in summary["by_actor"]],
        "by_segment": [_group(r) for r in summary["by_segment"]],
        "status": {
            "distribution": distribution(rows),
            "trend": [{"period": name, **distribution(rows, i)} for i, name in enumerate(periods)],
        },
        "matrix": [_matrix_row(r) for r in sort_worst_first(rows)],
        "red": [_red(r) for r in rows if (r["status"] or {}).get("overall") == "red"],
        "since_last_round": since_last_round(rows),
        "variance": variance(rows, baseline),
        "dependencies": _dependencies(snapshot["dependencies"], public),
        "completion": [] if public else snapshot["completion"],
    }


def _group(row: dict[str, Any]) -> dict[str, Any]:
    return {"name": row["name"], "measures": row["measures"], "planned": row["planned"]}


def _lights(row: dict[str, Any]) -> dict[str, str]:
    status = row["status"] or {}
    return {k: status.get(k) or "not_reported" for k in DIMENSIONS}


def _matrix_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": row["code"],
        "name": row["name"],
        "owner": row["owner"],
        **_lights(row),
        "trend": row["trend"],
    }


def _red(row: dict[str, Any]) -> dict[str, Any]:
    status = row["status"]
    return {
        "code": row["code"],
        "name": row["name"],
        "owner": row["owner"],
        **_lights(row),
        "narrative": status["commentary"],
        "forecast_end_date": status["forecast_end_date"],
        "cost_forecast": status["cost_forecast"],
        "end_date": row["end_date"],
    }


def _iso(value: Any) -> str | None:
    """A date (object or ISO text) as ISO text; None when missing."""
    if value in (None, ""):
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _days(later: str | None, earlier: str | None) -> int | None:
    if not later or not earlier:
        return None
    return (dt.date.fromisoformat(later) - dt.date.fromisoformat(earlier)).days


def variance(rows: list[dict[str, Any]], baseline: dict[str, Any] | None) -> dict[str, Any]:
    """Cost: the reported cost forecast (else today's planned total) against the planned
    total (all years) in the baseline, or against today's plan without a baseline.

    Schedule: the current end (the reported forecast end date, else the planned end date)
    against the end date kept in the baseline, in days (positive: later), and the start
    (today's planned start) against the baseline's start when both are known. When there is
    no baseline, or the baseline kept no dates for the measure (baselines taken before the
    dates were kept), the reported forecast end is compared with the planned end instead and
    the row says so ("schedule_basis": "plan"). Only measures that differ."""
    base = {b["measure_id"]: b for b in (baseline or {}).get("rows", [])}
    out = []
    for row in rows:
        status = row["status"] or {}
        if baseline is not None and row["id"] not in base:
            continue
        kept = base.get(row["id"], {})
        reference = planned_in(kept, None) if baseline else Decimal(row["planned_total"])
        forecast = Decimal(status.get("cost_forecast") or row["planned_total"])
        cost = forecast - reference
        planned_end = _iso(row["end_date"])
        forecast_end = _iso(status.get("forecast_end_date"))
        base_start, base_end = _iso(kept.get("start_date")), _iso(kept.get("end_date"))
        start = _iso(row.get("start_date"))
        if base_end:
            basis = "baseline"
            reference_end, current_end = base_end, forecast_end or planned_end
            start_days = _days(start, base_start)
        else:
            basis = "plan"
            reference_end, current_end = planned_end, forecast_end
            base_start, start_days = None, None
        days = _days(current_end, reference_end)
        if cost == 0 and not days and not start_days:
            continue
        out.append(
            {
                "code": row["code"],
                "name": row["name"],
                "owner": row["owner"],
                "reference": str(reference),
                "forecast": str(forecast),
                "cost_variance": str(cost),
                "cost_percent": str((cost / reference * 100).quantize(Decimal("0.1")))
                if reference
                else None,
                "schedule_basis": basis,
                "planned_end": planned_end,
                "forecast_end": forecast_end,
                "reference_end": reference_end,
                "current_end": current_end,
                "schedule_days": days,
                "reference_start": base_start,
                "start": start if basis == "baseline" else None,
                "start_days": start_days,
            }
        )
    out.sort(key=lambda v: (-Decimal(v["cost_variance"]), v["code"]))
    return {
        "baseline": (baseline or {}).get("name"),
        "as_of": (baseline or {}).get("as_of"),
        "rows": out,
        "without_baseline_dates": sorted(
            v["code"] for v in out if baseline is not None and v["schedule_basis"] == "plan"
        ),
    }


def _dependencies(deps: list[dict[str, Any]], public: bool) -> list[dict[str, Any]]:
    if not public:
        return deps
    return [
        {**d, "successors": [s for s in d["successors"] if s["published"]]}
        for d in deps
        if d["published"] and d["measure_published"]
    ]
