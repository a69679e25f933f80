"""Moving or resizing an item on the timeline: the preview of what it pushes, then the save
with the version and the consequences the caller saw."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.changelog import change_context
from core.policy import require
from roadmap import policies, selectors
from roadmap.models import (
    RoadmapItem,
)
from roadmap.services.items import ConsequencesChanged, _bump_version

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
