"""Writes to roadmap items: create, change (with optimistic versions), remove, publish.

The office edits everything, a representative edits the items of the actors they speak for;
only the office publishes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from core.changelog import change_context
from core.models import ObjectChange
from core.policy import refuse_forbidden_fields, require
from portfolio.models import Actor
from roadmap import policies
from roadmap.models import (
    Dependency,
    RoadmapItem,
)

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


def items_by_code(codes: Iterable[str]) -> dict[str, RoadmapItem]:
    return {i.code: i for i in RoadmapItem.objects.filter(code__in=list(codes))}
