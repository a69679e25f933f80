"""The snapshot a round keeps when it closes: every figure its reports are made from.

Taken once, in the closing transaction, from the same selectors the dashboard uses, so a
report's figures equal the dashboard's on the day the round closed, and stay the same
however the portfolio changes afterwards."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils import timezone

from portfolio.choices import MeasureState
from portfolio.models import Measure
from portfolio.selectors import period_year, portfolio_summary, public_measures
from reporting import selectors
from reporting.models import ReportingRound
from roadmap import graph
from roadmap import selectors as roadmap_selectors
from roadmap.models import RoadmapItem

SNAPSHOT_VERSION = 1


def plain(value: Any) -> Any:
    """JSON-safe: Decimals as strings, dates as ISO, tuples as lists."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def portfolio_scope() -> Any:
    """What the office's dashboard counts: accepted, not archived measures."""
    return Measure.objects.filter(state=MeasureState.ACCEPTED, archived_at__isnull=True)


def take(round_: ReportingRound) -> dict[str, Any]:
    period = round_.period
    year = period_year(period)
    rows = selectors.measure_rows(portfolio_scope(), period, year=year)
    return {
        "version": SNAPSHOT_VERSION,
        "round": {
            "name": period.name,
            "kind": round_.kind,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "deadline": round_.deadline.isoformat(),
            "closed": timezone.localdate().isoformat(),
        },
        "year": year,
        "periods": [p.name for p in selectors.trend_periods(period)],
        "summary": plain(portfolio_summary(year=year, measures=portfolio_scope())),
        "public_summary": plain(portfolio_summary(year=year, measures=public_measures())),
        "measures": rows,
        "dependencies": dependencies_at_risk(rows),
        "completion": selectors.completion_by_actor(round_),
    }


def dependencies_at_risk(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Roadmap items on a critical path whose measure is red or yellow, with the items that
    wait for them."""
    flagged = {r["id"]: r for r in rows if (r["status"] or {}).get("overall") in ("red", "yellow")}
    if not flagged:
        return []
    try:
        analysis = roadmap_selectors.analyse(RoadmapItem.objects.all())
    except graph.CycleError:
        return []
    critical = analysis.critical_ids
    waiting: dict[int, list[Any]] = defaultdict(list)
    for dep in analysis.dependencies:
        waiting[dep.predecessor_id].append(dep.successor)
    published_measures = set(Measure.objects.filter(published=True).values_list("pk", flat=True))
    out = []
    for item in analysis.items:
        if item.pk not in critical or item.measure_id not in flagged:
            continue
        measure = flagged[item.measure_id]
        out.append(
            {
                "code": item.code,
                "name": item.name,
                "published": item.published,
                "measure_id": measure["id"],
                "measure_code": measure["code"],
                "measure_published": measure["published"],
                "overall": measure["status"]["overall"],
                "end": item.end.isoformat(),
                "slack_days": analysis.row(item.pk)["slack_days"],
                "successors": [
                    {
                        "code": s.code,
                        "name": s.name,
                        "actor": s.actor.short_name,
                        "published": s.published
                        and (s.measure_id is None or s.measure_id in published_measures),
                    }
                    for s in sorted(waiting[item.pk], key=lambda s: s.code)
                ],
            }
        )
    return sorted(out, key=lambda d: (d["overall"] != "red", d["end"], d["code"]))
