"""Writes to the roadmap. Each service checks permission, validates fully and saves atomically.

Rules written once here: a dependency that would close a cycle is refused with the cycle
named; a dependency between two actors' items is marked cross-actor; the office edits
everything, a representative edits the items (and their dependencies, challenges and
adoption plans) of the actors they speak for.

Cycle check without loading the graph: every item keeps a `topo_rank`, and for every
scheduling dependency rank(predecessor) < rank(successor) (a dynamic topological order,
Pearce & Kelly 2006). Adding p → s with rank(p) < rank(s) cannot close a cycle: no search.
Otherwise a breadth-first search from s, one query per level over the dependency table and
limited to ranks <= rank(p), either reaches p (a cycle, named from the BFS parents) or
bounds the few items whose ranks are then swapped to restore the order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.changelog import change_context
from core.models import ObjectChange
from core.policy import Refused, refuse_forbidden_fields, require
from core.services import record_change
from portfolio.models import Actor
from roadmap import graph, policies, selectors
from roadmap.choices import SCHEDULING_KINDS
from roadmap.models import (
    AdoptionPlan,
    Challenge,
    Dependency,
    RoadmapItem,
    RoadmapScenario,
    ScenarioSlip,
)

CHUNK = 5000
ITEM_FIELDS = (
    "code",
    "name",
    "kind",
    "description",
    "measure",
    "national_solution",
    "actor",
    "phase",
    "planned_start",
    "planned_end",
    "forecast_start",
    "forecast_end",
    "duration_days",
    "decision",
    "published",
)


class VersionConflict(Exception):
    """The item was changed by someone else after the caller read it."""

    def __init__(self, item: RoadmapItem) -> None:
        self.item = item
        super().__init__(
            _("Someone else changed “%(name)s” after you opened it (now version %(v)s).")
            % {"name": item.name, "v": item.version}
        )


class ConsequencesChanged(Exception):
    """What a move pushes differs from the preview the caller saw (the roadmap changed)."""

    def __init__(self, report: dict[str, Any]) -> None:
        self.report = report
        super().__init__(
            _("The roadmap changed after the preview: review the new consequences and save again.")
        )


def _require_actor(user: Any, actor: Actor | None, token: Any, field: str = "actor") -> None:
    if actor is None:
        raise ValidationError({field: _("A responsible actor is required.")})
    require(
        policies.can_edit_actor(user, actor.pk, token), _("You can only plan for your own actor.")
    )


def _require_linkable(user: Any, token: Any, fields: dict[str, Any]) -> None:
    """An item may only point at a measure the caller may see; an invisible one is refused
    exactly like one that does not exist."""
    measure = fields.get("measure")
    if measure is not None and not policies.can_view_linked_measure(user, measure, token):
        raise ValidationError({"measure": _("No such object.")})


def _refuse_office_only(user: Any, token: Any, fields: dict[str, Any], current: Any) -> None:
    """A change to `published` by someone who may not publish is a 400 naming the field."""
    if policies.can_publish(user, token):
        return
    changing = {
        k: v
        for k, v in fields.items()
        if k in policies.OFFICE_ONLY_FIELDS and v != getattr(current, k, False)
    }
    refuse_forbidden_fields(changing, allowed=())


# Items ------------------------------------------------------------------------------------


@transaction.atomic
def item_create(*, by: Any, fields: dict[str, Any], token: Any = None) -> RoadmapItem:
    """Put an item on the roadmap. Only the office publishes; a new item ranks last."""
    fields = {k: v for k, v in fields.items() if k in ITEM_FIELDS}
    _require_actor(by, fields.get("actor"), token)
    _require_linkable(by, token, fields)
    _refuse_office_only(by, token, fields, None)
    if not policies.can_publish(by, token):
        fields["published"] = False
    item = RoadmapItem(**fields)
    item.full_clean()
    item.save()
    RoadmapItem.objects.filter(pk=item.pk).update(topo_rank=item.pk)
    item.topo_rank = item.pk
    return item


def _bump_version(item: RoadmapItem, expected_version: int | None) -> None:
    """Optimistic concurrency: raise VersionConflict unless the stored version is the one
    the caller read (or the current one when the caller gave none); then count one up."""
    current = item.version if expected_version is None else expected_version
    if not RoadmapItem.objects.filter(pk=item.pk, version=current).update(version=F("version") + 1):
        raise VersionConflict(RoadmapItem.objects.select_related("actor").get(pk=item.pk))
    item.version = current + 1


@transaction.atomic
def item_update(
    *,
    item: RoadmapItem,
    by: Any,
    fields: dict[str, Any],
    expected_version: int | None = None,
    token: Any = None,
) -> RoadmapItem:
    """Change an item. Moving it to another actor needs rights on both actors. With
    `expected_version`, a save over someone else's newer save is refused (VersionConflict)."""
    require(policies.can_edit_item(by, item, token), _("You may not change this roadmap item."))
    fields = {k: v for k, v in fields.items() if k in ITEM_FIELDS}
    measure = fields.get("measure")
    if measure is not None and measure.pk != item.measure_id:
        _require_linkable(by, token, fields)
    _refuse_office_only(by, token, fields, item)
    if not policies.can_publish(by, token):
        fields.pop("published", None)
    new_actor = fields.get("actor")
    if new_actor is not None and new_actor.pk != item.actor_id:
        _require_actor(by, new_actor, token)
    if ("planned_start" in fields or "planned_end" in fields) and "duration_days" not in fields:
        fields["duration_days"] = None
    _bump_version(item, expected_version)
    for key, value in fields.items():
        setattr(item, key, value)
    item.full_clean()
    item.save()
    if new_actor is not None:
        _refresh_cross_actor(item)
    return item


def _refresh_cross_actor(item: RoadmapItem) -> None:
    for dep in Dependency.objects.filter(Q(predecessor=item) | Q(successor=item)).select_related(
        "predecessor", "successor"
    ):
        flag = dep.predecessor.actor_id != dep.successor.actor_id
        if dep.cross_actor != flag:
            dep.cross_actor = flag
            dep.save(update_fields=["cross_actor", "updated"])


@transaction.atomic
def item_delete(*, item: RoadmapItem, by: Any, token: Any = None) -> None:
    """Remove an item with its dependencies and challenges (history keeps the record)."""
    require(policies.can_edit_item(by, item, token), _("You may not remove this roadmap item."))
    item.delete()


# Dependencies -----------------------------------------------------------------------------


def _bfs(
    start: int, goal: int | None, *, forward: bool, rank_limit: int
) -> tuple[dict[int, int], dict[int, int]]:
    """Breadth-first search over scheduling dependencies, one query per level (chunked),
    visiting only items whose rank is <= rank_limit (forward) or >= it (backward).
    Returns (parent pointers, rank of each visited item); stops early on `goal`."""
    here, there = ("predecessor", "successor") if forward else ("successor", "predecessor")
    rank_filter = f"{there}__topo_rank__{'lte' if forward else 'gte'}"
    parent: dict[int, int] = {start: start}
    ranks: dict[int, int] = {}
    frontier = [start]
    while frontier:
        nxt: list[int] = []
        for k in range(0, len(frontier), CHUNK):
            rows = Dependency.objects.filter(
                **{f"{here}_id__in": frontier[k : k + CHUNK], rank_filter: rank_limit},
                kind__in=SCHEDULING_KINDS,
            ).values_list(f"{here}_id", f"{there}_id", f"{there}__topo_rank")
            for a, b, rank in rows:
                if b in parent:
                    continue
                parent[b] = a
                ranks[b] = rank
                if b == goal:
                    return parent, ranks
                nxt.append(b)
        frontier = nxt
    return parent, ranks


def cycle_message(ids: list[int]) -> str:
    names = dict(RoadmapItem.objects.filter(pk__in=ids).values_list("pk", "name"))
    chain = " → ".join(names.get(i, str(i)) for i in [*ids, ids[0]])
    return _("This dependency would close a cycle: %(cycle)s.") % {"cycle": chain}


ORDER_LOCK_KEY = 0x70AD_0001


def _lock_order() -> None:
    """Serialise changes to the scheduling graph until the transaction ends: two concurrent
    additions that are each acyclic could otherwise close a cycle together, each missing the
    other's uncommitted edge. PostgreSQL: a transaction-level advisory lock; SQLite allows
    one writer at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [ORDER_LOCK_KEY])


def _order_for_new_edge(predecessor: RoadmapItem, successor: RoadmapItem) -> None:
    """Refuse p → s if s already reaches p; else keep rank(p) < rank(s) for all edges.

    Steps: 1. if rank(p) < rank(s) nothing to do; 2. F = items s reaches with rank <=
    rank(p) (BFS); p in F means a cycle p → s → … → p: refuse, naming it; 3. B = items
    reaching p with rank >= rank(s); 4. give B then F (each in old rank order) the pooled
    ranks of B ∪ F in ascending order.
    """
    _lock_order()  # then read the ranks as the last writer left them
    ranks = dict(
        RoadmapItem.objects.filter(pk__in=[predecessor.pk, successor.pk]).values_list(
            "pk", "topo_rank"
        )
    )
    predecessor.topo_rank, successor.topo_rank = ranks[predecessor.pk], ranks[successor.pk]
    rp, rs = predecessor.topo_rank, successor.topo_rank
    if rp < rs:
        return
    parent, f_ranks = _bfs(successor.pk, predecessor.pk, forward=True, rank_limit=rp)
    if predecessor.pk in parent:
        path = graph.unwind(parent, successor.pk, predecessor.pk)
        raise ValidationError({"predecessor": cycle_message([predecessor.pk, *path[:-1]])})
    f_ranks[successor.pk] = rs
    _parent, b_ranks = _bfs(predecessor.pk, None, forward=False, rank_limit=rs)
    b_ranks[predecessor.pk] = rp
    backward = sorted(b_ranks, key=b_ranks.__getitem__)
    forward = sorted(f_ranks, key=f_ranks.__getitem__)
    pool = sorted([*b_ranks.values(), *f_ranks.values()])
    new_rank = dict(zip([*backward, *forward], pool, strict=True))
    changed = [
        RoadmapItem(pk=pk, topo_rank=rank)
        for pk, rank in new_rank.items()
        if rank != (b_ranks.get(pk) if pk in b_ranks else f_ranks.get(pk))
    ]
    RoadmapItem.objects.bulk_update(changed, ["topo_rank"], batch_size=1000)
    predecessor.topo_rank = new_rank[predecessor.pk]
    successor.topo_rank = new_rank[successor.pk]


@transaction.atomic
def dependency_add(
    *,
    by: Any,
    predecessor: RoadmapItem,
    successor: RoadmapItem,
    kind: str = graph.FINISH_TO_START,
    lag_days: int = 0,
    note: str = "",
    token: Any = None,
) -> Dependency:
    """Declare that `successor` depends on `predecessor`. A cycle is refused, naming it."""
    dep = Dependency(
        predecessor=predecessor, successor=successor, kind=kind, lag_days=lag_days, note=note
    )
    require(
        policies.can_edit_dependency(by, dep, token),
        _("You may only add dependencies to your own actor's items."),
    )
    if predecessor.pk == successor.pk:
        raise ValidationError({"predecessor": _("An item cannot depend on itself.")})
    dep.cross_actor = predecessor.actor_id != successor.actor_id
    # Both items are loaded rows and differ: skip the per-field existence and check-constraint
    # queries; the one rule that needs the database is uniqueness.
    dep.full_clean(exclude=["predecessor", "successor"], validate_constraints=False)
    if Dependency.objects.filter(predecessor=predecessor, successor=successor, kind=kind).exists():
        raise ValidationError({"successor": _("This dependency already exists.")})
    if kind in SCHEDULING_KINDS:
        _order_for_new_edge(predecessor, successor)
    dep.save()
    return dep


@transaction.atomic
def dependency_update(
    *, dependency: Dependency, by: Any, fields: dict[str, Any], token: Any = None
) -> Dependency:
    """Change kind, lag or note. The ends are fixed: remove and add to re-point."""
    require(
        policies.can_edit_dependency(by, dependency, token),
        _("You may not change this dependency."),
    )
    for end in ("predecessor", "successor"):
        if end in fields and fields[end].pk != getattr(dependency, f"{end}_id"):
            raise ValidationError(
                {end: _("The items of a dependency cannot be changed; remove it and add another.")}
            )
    was_scheduling = dependency.kind in SCHEDULING_KINDS
    for key in ("kind", "lag_days", "note"):
        if key in fields:
            setattr(dependency, key, fields[key])
    dependency.full_clean()
    if dependency.kind in SCHEDULING_KINDS and not was_scheduling:
        _order_for_new_edge(dependency.predecessor, dependency.successor)
    dependency.save()
    return dependency


@transaction.atomic
def dependency_delete(*, dependency: Dependency, by: Any, token: Any = None) -> None:
    require(
        policies.can_edit_dependency(by, dependency, token),
        _("You may not remove this dependency."),
    )
    dependency.delete()


def ranks_rebuild() -> int:
    """Recompute every item's rank from a topological order of all scheduling dependencies
    (after bulk loads). Ranks are drawn from the item ids, so they stay unique and below the
    rank of any item created later. Returns the number of items."""
    ids = sorted(RoadmapItem.objects.values_list("pk", flat=True))
    deps = list(
        Dependency.objects.filter(kind__in=SCHEDULING_KINDS).values_list(
            "predecessor_id", "successor_id"
        )
    )
    g = graph.build_columns(
        ids=ids,
        start=[0] * len(ids),
        duration=[0] * len(ids),
        actor=None,
        predecessor=[a for a, _b in deps],
        successor=[b for _a, b in deps],
        kind=[graph.FINISH_TO_START] * len(deps),
        lag=[0] * len(deps),
    )
    order = graph.topological_order(g)
    RoadmapItem.objects.bulk_update(
        [RoadmapItem(pk=ids[i], topo_rank=ids[k]) for k, i in enumerate(order)],
        ["topo_rank"],
        batch_size=2000,
    )
    return len(ids)


# Adoption plans and challenges ------------------------------------------------------------


@transaction.atomic
def adoption_plan_save(
    *, by: Any, fields: dict[str, Any], plan: AdoptionPlan | None = None, token: Any = None
) -> AdoptionPlan:
    """Record when an actor introduces a national solution (one plan per pair)."""
    plan = plan or AdoptionPlan()
    if plan.pk:
        require(
            policies.can_edit_adoption_plan(by, plan, token),
            _("You may not change this adoption plan."),
        )
    if "actor" in fields or not plan.pk:
        _require_actor(by, fields.get("actor", getattr(plan, "actor", None)), token)
    linked = fields.get("item")
    if (
        linked is not None
        and linked.pk != plan.item_id
        and not policies.visible_items(by, token).filter(pk=linked.pk).exists()
    ):
        raise ValidationError({"item": _("No such object.")})
    _refuse_office_only(by, token, fields, plan if plan.pk else None)
    if not policies.can_publish(by, token):
        fields = {k: v for k, v in fields.items() if k != "published"}
    for key, value in fields.items():
        setattr(plan, key, value)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def adoption_plan_delete(*, plan: AdoptionPlan, by: Any, token: Any = None) -> None:
    require(
        policies.can_edit_adoption_plan(by, plan, token),
        _("You may not remove this adoption plan."),
    )
    plan.delete()


@transaction.atomic
def challenge_save(
    *, by: Any, fields: dict[str, Any], challenge: Challenge | None = None, token: Any = None
) -> Challenge:
    """Attach (or update) a risk on an item the caller may edit."""
    challenge = challenge or Challenge()
    item = fields.get("item") or (challenge.item if challenge.pk else None)
    if item is None:
        raise ValidationError({"item": _("A roadmap item is required.")})
    if challenge.pk:
        require(
            policies.can_edit_challenge(by, challenge, token),
            _("You may not change this challenge."),
        )
    require(
        policies.can_edit_item(by, item, token),
        _("You may only record challenges on your own actor's items."),
    )
    for key, value in fields.items():
        setattr(challenge, key, value)
    challenge.full_clean()
    challenge.save()
    return challenge


@transaction.atomic
def challenge_delete(*, challenge: Challenge, by: Any, token: Any = None) -> None:
    require(
        policies.can_edit_challenge(by, challenge, token), _("You may not remove this challenge.")
    )
    challenge.delete()


# Publishing -------------------------------------------------------------------------------


@transaction.atomic
def items_publish(*, by: Any, items: Iterable[RoadmapItem], token: Any = None) -> int:
    """Publish many items at once (office only); one history row per item that changes,
    all under one request. Returns how many were published."""
    require(policies.can_publish(by, token), _("Only the portfolio office publishes the roadmap."))
    count = 0
    with change_context(action=ObjectChange.Action.BULK, message=_("Published in bulk")):
        for item in items:
            if item.published:
                continue
            _bump_version(item, None)
            item.published = True
            item.save()
            count += 1
    return count


# Moving an item on the timeline --------------------------------------------------------------


def set_dates(item: RoadmapItem, start: dt.date, end: dt.date) -> None:
    """Put the dates the roadmap plans with at start–end: the forecast when the item has
    one, else the plan (its duration follows)."""
    if item.forecast_start or item.forecast_end:
        item.forecast_start, item.forecast_end = start, end
    else:
        item.planned_start, item.planned_end = start, end
        item.duration_days = None


def move_signature(report: dict[str, Any]) -> str:
    """A short fingerprint of what a move changes, to tell whether the roadmap changed
    between the preview and the save."""
    rows = [f"{report['item'].pk}:{report['new_start']}:{report['new_end']}"]
    rows += [f"{m['id']}:{m['new_start']}:{m['new_end']}" for m in report["moved"]]
    return hashlib.sha256("|".join(sorted(rows)).encode()).hexdigest()[:16]


def move_preview(
    *, by: Any, item: RoadmapItem, start_days: int, end_days: int, token: Any = None
) -> dict[str, Any]:
    """What moving the item's start by `start_days` and its end by `end_days` pushes:
    the what-if's computation over the roadmap the caller sees."""
    require(policies.can_edit_item(by, item, token), _("You may not change this roadmap item."))
    if start_days == 0 and end_days == 0:
        raise ValidationError({"start_days": _("Move or resize the item by at least one day.")})
    analysis = selectors.analyse(selectors.items_visible_to(by, token))
    report = selectors.change_report(analysis, {item.pk: (start_days, end_days)})
    main = report["changed"][0]
    report.update(
        item=analysis.by_id[item.pk],
        start_days=start_days,
        end_days=end_days,
        new_start=main["new_start"],
        new_end=main["new_end"],
    )
    for m in report["moved"]:
        m["editable"] = policies.can_edit_item(by, analysis.by_id[m["id"]], token)
    report["signature"] = move_signature(report)
    return report


@transaction.atomic
def item_move(
    *,
    item: RoadmapItem,
    by: Any,
    start_days: int,
    end_days: int,
    expected_version: int | None,
    expected_signature: str | None = None,
    token: Any = None,
) -> dict[str, Any]:
    """Move or resize an item and push what depends on it, as the preview showed.

    The item's version must be the one the caller read (else VersionConflict), and with
    `expected_signature` the consequences must be those the preview showed (else
    ConsequencesChanged). The items that move take exactly the preview's dates, those the
    caller may edit; all rows share one request in the history."""
    item = RoadmapItem.objects.select_related("actor").get(pk=item.pk)
    _bump_version(item, expected_version)
    report = move_preview(by=by, item=item, start_days=start_days, end_days=end_days, token=token)
    if expected_signature is not None and report["signature"] != expected_signature:
        raise ConsequencesChanged(report)
    message = _("Moved on the timeline: “%(name)s”") % {"name": item.name}
    with change_context(request_id=uuid.uuid4(), message=message):
        set_dates(item, report["new_start"], report["new_end"])
        item.full_clean()
        item.save()
        _apply_moves(report["moved"], only=lambda other: policies.can_edit_item(by, other, token))
    return report


def _apply_moves(moved: list[dict[str, Any]], *, only: Any = None) -> list[RoadmapItem]:
    """Give each moved item its new dates (one version bump and one history row each)."""
    changed = []
    items = RoadmapItem.objects.select_related("actor").in_bulk([m["id"] for m in moved])
    for m in moved:
        other = items[m["id"]]
        if only is not None and not only(other):
            continue
        _bump_version(other, None)
        set_dates(other, m["new_start"], m["new_end"])
        other.full_clean()
        other.save()
        changed.append(other)
    return changed


# Named scenarios ------------------------------------------------------------------------------


@transaction.atomic
def scenario_create(
    *,
    by: Any,
    name: str,
    description: str = "",
    slips: Iterable[tuple[RoadmapItem, int]] = (),
) -> RoadmapScenario:
    """Save a what-if under a name, with one or more slips."""
    require(policies.can_create_scenario(by), _("Sign in to save a scenario."))
    scenario = RoadmapScenario(name=name, description=description, created_by=by)
    scenario.full_clean()
    scenario.save()
    for item, days in slips:
        scenario_slip_save(by=by, scenario=scenario, item=item, days=days)
    return scenario


@transaction.atomic
def scenario_slip_save(
    *, by: Any, scenario: RoadmapScenario, item: RoadmapItem, days: int
) -> ScenarioSlip:
    """Add a slip to a scenario, or change the days of the item's slip."""
    require(policies.can_edit_scenario(by, scenario), _("You may not change this scenario."))
    if not selectors.items_visible_to(by).filter(pk=item.pk).exists():
        raise ValidationError({"item": _("Choose a roadmap item you can see.")})
    slip = ScenarioSlip.objects.filter(scenario=scenario, item=item).first() or ScenarioSlip(
        scenario=scenario, item=item
    )
    slip.days = days
    slip.full_clean()
    slip.save()
    return slip


@transaction.atomic
def scenario_slip_delete(*, by: Any, slip: ScenarioSlip) -> None:
    require(policies.can_edit_scenario(by, slip.scenario), _("You may not change this scenario."))
    slip.delete()


@transaction.atomic
def scenario_delete(*, by: Any, scenario: RoadmapScenario) -> None:
    require(
        (policies.acts_as_office(by) or scenario.created_by_id == getattr(by, "pk", None)),
        _("You may not remove this scenario."),
    )
    scenario.delete()


@transaction.atomic
def scenario_apply(*, by: Any, scenario: RoadmapScenario) -> dict[str, Any]:
    """Make the scenario the plan in one step (office only): every slipped item ends later
    and every item it pushes takes its new dates, all or nothing. The history shows one
    change: one bulk row on the scenario listing every date it changed, and the items' rows
    under the same request and message."""
    scenario = RoadmapScenario.objects.select_for_update().get(pk=scenario.pk)
    if not policies.can_apply_scenario(by, scenario):
        if scenario.applied_at is not None:
            raise ValidationError({"scenario": _("This scenario has already been applied.")})
        raise Refused(_("Only the portfolio office applies a scenario to the plan."))
    report = selectors.scenario_report(by, scenario)
    if not report["changed"]:
        raise ValidationError({"scenario": _("The scenario has no slips to apply.")})
    message = _("Scenario “%(name)s” applied") % {"name": scenario.name}
    changes: dict[str, list[str]] = {}
    with change_context(request_id=uuid.uuid4(), action=ObjectChange.Action.BULK, message=message):
        rows = [*report["changed"], *report["moved"]]
        items = RoadmapItem.objects.in_bulk([r["id"] for r in rows])
        for r in rows:
            old = items[r["id"]]
            changes[old.code] = [
                f"{old.start.isoformat()} – {old.end.isoformat()}",
                f"{r['new_start'].isoformat()} – {r['new_end'].isoformat()}",
            ]
        _apply_moves(rows)
        RoadmapScenario.objects.filter(pk=scenario.pk).update(applied_at=timezone.now())
        scenario.applied_at = timezone.now()
        record_change(scenario, action=ObjectChange.Action.BULK, changes=changes)
    return report


def items_by_code(codes: Iterable[str]) -> dict[str, RoadmapItem]:
    return {i.code: i for i in RoadmapItem.objects.filter(code__in=list(codes))}
