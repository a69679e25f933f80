"""Named scenarios: a what-if saved under a name, with its slips, and applying it to the plan."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.changelog import change_context
from core.models import ObjectChange
from core.policy import Refused, require
from core.services import record_change
from roadmap import policies, selectors
from roadmap.models import (
    RoadmapItem,
    RoadmapScenario,
    ScenarioSlip,
)
from roadmap.services.moves import _apply_moves

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
