"""The 2020 roadmap demo (`roadmap.demo.data`), loaded through the services. Safe to rerun."""

from __future__ import annotations

import datetime as dt
from typing import Any

from portfolio.models import Actor, Measure, NationalSolution
from roadmap import services
from roadmap.demo.data import ADOPTION_PLANS, CHALLENGES, DEPENDENCIES, ITEMS
from roadmap.models import AdoptionPlan, Challenge, Dependency, RoadmapItem


class _System:
    """Demo data is written as the office."""

    is_superuser = True
    is_authenticated = True
    pk = None


def load() -> dict[str, Any]:
    by = _System()
    actors = {a.short_name: a for a in Actor.objects.all()}
    solutions = {s.code: s for s in NationalSolution.objects.all()}
    measures = {m.code: m for m in Measure.objects.all()}
    items = {i.code: i for i in RoadmapItem.objects.all()}
    created = {"items": 0, "dependencies": 0, "adoption_plans": 0, "challenges": 0}
    for code, name, kind, actor, sol, measure, phase, start, end, decision in ITEMS:
        if code in items:
            continue
        items[code] = services.item_create(
            by=by,
            fields={
                "code": code,
                "name": name,
                "kind": kind,
                "actor": actors[actor],
                "national_solution": solutions.get(sol) if sol else None,
                "measure": measures.get(measure) if measure else None,
                "phase": phase,
                "planned_start": dt.date.fromisoformat(start),
                "planned_end": dt.date.fromisoformat(end),
                "decision": decision,
                "published": True,
            },
        )
        created["items"] += 1
    for pred, succ, kind, lag, note in DEPENDENCIES:
        p, s = items[pred], items[succ]
        if Dependency.objects.filter(predecessor=p, successor=s, kind=kind).exists():
            continue
        services.dependency_add(
            by=by, predecessor=p, successor=s, kind=kind, lag_days=lag, note=note
        )
        created["dependencies"] += 1
    for actor, sol, date, decision, status, item in ADOPTION_PLANS:
        if AdoptionPlan.objects.filter(
            actor=actors[actor], national_solution=solutions[sol]
        ).exists():
            continue
        services.adoption_plan_save(
            by=by,
            fields={
                "actor": actors[actor],
                "national_solution": solutions[sol],
                "planned_date": dt.date.fromisoformat(date),
                "decision": decision,
                "status": status,
                "item": items.get(item) if item else None,
                "published": True,
            },
        )
        created["adoption_plans"] += 1
    for code, title, severity, mitigation in CHALLENGES:
        if Challenge.objects.filter(item=items[code], title=title).exists():
            continue
        services.challenge_save(
            by=by,
            fields={
                "item": items[code],
                "title": title,
                "severity": severity,
                "mitigation": mitigation,
            },
        )
        created["challenges"] += 1
    return created
