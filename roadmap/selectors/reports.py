"""Reports over an analysis: scheduled rows, critical paths, what a change pushes (the
what-if, the move preview, scenarios), and violations."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

from roadmap import graph
from roadmap.choices import DependencyKind
from roadmap.selectors.analysis import Analysis, analyse
from roadmap.selectors.rows import date_of, day
from roadmap.selectors.visible import actors_by_id, items_visible_to


def scheduled_row(analysis: Analysis, item: Any) -> dict[str, Any]:
    """One item with its dates and its place in the schedule (plain data for API and UI)."""
    return {
        "id": item.pk,
        "code": item.code,
        "name": item.name,
        "actor": item.actor_id,
        "actor_name": item.actor.short_name,
        "decision": item.decision,
        "kind": item.kind,
        "start": item.start,
        "end": item.end,
        **analysis.row(item.pk),
    }


def critical_path_report(analysis: Analysis) -> dict[str, Any]:
    rows = {item.pk: scheduled_row(analysis, item) for item in analysis.items}
    paths = [[rows[i] for i in path] for path in analysis.critical_paths]
    return {
        "critical_path": paths[0] if paths else [],
        "paths": paths,
        "items": list(rows.values()),
    }


def _shift(value: dt.date, days: int) -> dt.date:
    return value + dt.timedelta(days=days)


def change_report(analysis: Analysis, changes: dict[int, tuple[int, int]]) -> dict[str, Any]:
    """What moves, by how much and whose, if items change dates: `changes` maps an item id
    to (start shift, end shift) in days. The one computation behind the what-if page, the
    preview of a move on the timeline and the named scenarios.

    Returns `changed` (the items changed on purpose, with their new dates), `moved` (every
    other item pushed, in schedule order), `affected_actors` (whose items are pushed), and
    whether the critical path changes (`critical_changes`, `critical_added`,
    `critical_removed`, `new_critical_path`)."""
    result = graph.propagate(analysis.schedule, changes)
    actors = actors_by_id(result.affected_actors)
    changed = []
    for item_id, (start_days, end_days) in changes.items():
        item = analysis.by_id[item_id]
        changed.append(
            {
                "id": item_id,
                "code": item.code,
                "name": item.name,
                "actor": item.actor_id,
                "actor_name": item.actor.short_name,
                "start_shift_days": start_days,
                "end_shift_days": end_days,
                "old_start": item.start,
                "old_end": item.end,
                "new_start": _shift(item.start, start_days),
                "new_end": _shift(item.end, end_days),
            }
        )
    moved = []
    for m in result.moved:
        item = analysis.by_id[m.id]
        moved.append(
            {
                "id": m.id,
                "code": item.code,
                "name": item.name,
                "actor": item.actor_id,
                "actor_name": item.actor.short_name,
                "start_shift_days": m.start_shift,
                "end_shift_days": m.end_shift,
                "old_start": item.start,
                "old_end": item.end,
                "new_start": date_of(m.new_start),
                "new_end": date_of(m.new_end),
            }
        )
    dates = {r["id"]: (r["new_start"], r["new_end"]) for r in [*changed, *moved]}
    after = _critical_after(analysis, dates)
    before = analysis.critical_ids
    return {
        "changed": changed,
        "moved": moved,
        "dates": dates,
        "affected_actors": [actors[a] for a in result.affected_actors if a in actors],
        "critical_changes": after["ids"] != before or after["path"] != analysis.critical_path,
        "critical_added": [analysis.by_id[i] for i in after["path"] if i not in before],
        "critical_removed": [
            analysis.by_id[i] for i in analysis.critical_path if i not in after["ids"]
        ],
        "new_critical_path": [analysis.by_id[i] for i in after["path"]],
    }


def _critical_after(analysis: Analysis, dates: dict[int, tuple[dt.date, dt.date]]) -> dict:
    """The critical paths once some items have new dates (one more schedule pass over the
    analysis's own graph: its edge index is reused, only the changed items' release day and
    duration differ)."""
    base = analysis.schedule.graph
    release, duration = list(base.release), list(base.duration)
    for item_id, (start, end) in dates.items():
        i = base.pos.get(item_id)
        if i is not None:
            release[i], duration[i] = day(start), max(0, (end - start).days)
    sched = graph.schedule(dataclasses.replace(base, release=release, duration=duration))
    paths = graph.critical_paths(sched)
    return {"path": paths[0] if paths else [], "ids": {i for p in paths for i in p}}


def impact_report(analysis: Analysis, item_id: int, days: int) -> dict[str, Any]:
    """What moves, by how much and whose, if the item finishes `days` later."""
    if days <= 0:
        report = change_report(analysis, {})
    else:
        report = change_report(analysis, {item_id: (0, days)})
    return {**report, "item": analysis.by_id[item_id], "slip_days": days}


def scenario_report(user: Any, scenario: Any, token: Any = None) -> dict[str, Any]:
    """A saved scenario against the plan the caller sees: the same computation as the
    what-if, with every slip of the scenario at once."""
    analysis = analyse(items_visible_to(user, token))
    slips = [s for s in scenario.slips.all() if s.item_id in analysis.by_id]
    report = change_report(analysis, {s.item_id: (0, s.days) for s in slips})
    return {**report, "analysis": analysis, "slips": slips}


def violation_report(
    analysis: Analysis, violations: Iterable[graph.Violation] | None = None
) -> list[dict[str, Any]]:
    """The violations (all of the analysis, or the given ones: a page) as report rows."""
    return [
        {
            "predecessor": analysis.by_id[v.predecessor],
            "successor": analysis.by_id[v.successor],
            "kind": v.kind,
            "kind_label": DependencyKind(v.kind).label,
            "lag_days": v.lag,
            "required_date": date_of(v.required),
            "planned_date": date_of(v.planned),
            "days_short": v.days_short,
        }
        for v in (analysis.violations if violations is None else violations)
    ]
