"""Writes to the roadmap. Each service checks permission, validates fully and saves atomically.

The modules, by what they write: `items` (items, publishing), `dependencies` (the cycle rule
and the ranks behind it), `plans` (adoption plans and challenges), `moves` (moving an item on
the timeline), `scenarios` (named what-ifs and applying them). Every service is importable
from `roadmap.services` itself.
"""

from roadmap.services.dependencies import (
    cycle_message,
    dependency_add,
    dependency_delete,
    dependency_update,
    ranks_rebuild,
)
from roadmap.services.items import (
    ITEM_FIELDS,
    ConsequencesChanged,
    VersionConflict,
    item_create,
    item_delete,
    item_update,
    items_by_code,
    items_publish,
)
from roadmap.services.moves import item_move, move_preview, move_signature, set_dates
from roadmap.services.plans import (
    adoption_plan_delete,
    adoption_plan_save,
    challenge_delete,
    challenge_save,
)
from roadmap.services.scenarios import (
    scenario_apply,
    scenario_create,
    scenario_delete,
    scenario_slip_delete,
    scenario_slip_save,
)

__all__ = [
    "ITEM_FIELDS",
    "ConsequencesChanged",
    "VersionConflict",
    "adoption_plan_delete",
    "adoption_plan_save",
    "challenge_delete",
    "challenge_save",
    "cycle_message",
    "dependency_add",
    "dependency_delete",
    "dependency_update",
    "item_create",
    "item_delete",
    "item_move",
    "item_update",
    "items_by_code",
    "items_publish",
    "move_preview",
    "move_signature",
    "ranks_rebuild",
    "scenario_apply",
    "scenario_create",
    "scenario_delete",
    "scenario_slip_delete",
    "scenario_slip_save",
    "set_dates",
]
