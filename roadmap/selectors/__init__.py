"""Reads of the roadmap, scoped to the caller, and the bridge from rows to `roadmap.graph`.

The modules, by meaning: `visible` (querysets scoped to the caller, model objects of the
rows a page shows), `rows` (items and dependencies as plain rows), `analysis` (the cached
graph analysis of a set of items), `reports` (what the pages and the API show of an
analysis), `pages` (bounded pages of an analysis for the graph, phases and violations).
Every public name is importable from `roadmap.selectors` itself.
"""

from roadmap.selectors.analysis import ANALYSIS_KEYS, Analysis, analyse
from roadmap.selectors.pages import (
    PAGE_SIZE,
    critical_path_entries,
    critical_path_of,
    dependencies_in_drawing_order,
    graph_page,
    phase_counts,
    phase_page,
    scheduled_entries,
    scheduled_rows,
    violation_page,
)
from roadmap.selectors.reports import (
    change_report,
    critical_path_report,
    impact_report,
    scenario_report,
    scheduled_row,
    violation_report,
)
from roadmap.selectors.rows import (
    ActorRef,
    DependencyRow,
    ItemRow,
    date_of,
    day,
    edge_of,
    item_rows,
    node_of,
)
from roadmap.selectors.visible import (
    FS_KINDS,
    actors_by_id,
    adoption_plans_visible_to,
    challenges_visible_to,
    dependencies_visible_to,
    full_items,
    full_items_in,
    item_detail,
    item_list,
    items_visible_to,
    linked_items,
    measure_prerequisites,
)

__all__ = [
    "ANALYSIS_KEYS",
    "PAGE_SIZE",
    "critical_path_entries",
    "critical_path_of",
    "dependencies_in_drawing_order",
    "graph_page",
    "phase_counts",
    "phase_page",
    "scheduled_entries",
    "scheduled_rows",
    "violation_page",
    "FS_KINDS",
    "ActorRef",
    "Analysis",
    "DependencyRow",
    "ItemRow",
    "actors_by_id",
    "adoption_plans_visible_to",
    "analyse",
    "challenges_visible_to",
    "change_report",
    "critical_path_report",
    "date_of",
    "day",
    "dependencies_visible_to",
    "edge_of",
    "full_items",
    "full_items_in",
    "impact_report",
    "item_detail",
    "item_list",
    "item_rows",
    "items_visible_to",
    "linked_items",
    "measure_prerequisites",
    "node_of",
    "scenario_report",
    "scheduled_row",
    "violation_report",
]
