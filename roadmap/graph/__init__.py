"""Dependency analysis of the roadmap as pure functions: plain data in, plain data out.

No ORM and no graph library. Items are `Node`s (a day number for the earliest allowed
start and a duration in days), dependencies are `Edge`s (predecessor, successor, kind,
lag). Every pass is a linear-time topological walk (Kahn) over dense integer indices, so
100 000 items and a few hundred thousand dependencies take well under a second.

Scheduling semantics per dependency kind (lag in days, may be negative):
- finish_to_start, delivers_capability, adopts_solution: successor starts >= predecessor end + lag
- start_to_start: successor starts >= predecessor start + lag
- finish_to_finish: successor ends >= predecessor end + lag
- reuse, overlap, competes_for_resources: relations only; drawn, never scheduled, no cycle rule.

The modules, by meaning: `model` (the data), `order` (topological order and cycles),
`critical_path` (the schedule and its critical paths), `slip` (slip propagation),
`violations` (dependencies the plan breaks), `layout` (drawing the graph). Every public
name is importable from `roadmap.graph` itself.
"""

from roadmap.graph.critical_path import critical_path, critical_paths, schedule
from roadmap.graph.layout import layered_layout
from roadmap.graph.model import (
    ADOPTS_SOLUTION,
    COMPETES_FOR_RESOURCES,
    CONSTRAINT_OF_KIND,
    DELIVERS_CAPABILITY,
    FINISH_TO_FINISH,
    FINISH_TO_START,
    OVERLAP,
    REUSE,
    SCHEDULING_KINDS,
    START_TO_START,
    CycleError,
    Edge,
    Graph,
    Moved,
    Node,
    Schedule,
    SlipResult,
    Violation,
    build,
    build_columns,
)
from roadmap.graph.order import find_cycle, path_between, topological_order, unwind
from roadmap.graph.slip import _slip_everywhere, propagate, propagate_slip
from roadmap.graph.violations import violations

__all__ = [
    "ADOPTS_SOLUTION",
    "COMPETES_FOR_RESOURCES",
    "CONSTRAINT_OF_KIND",
    "DELIVERS_CAPABILITY",
    "FINISH_TO_FINISH",
    "FINISH_TO_START",
    "OVERLAP",
    "REUSE",
    "SCHEDULING_KINDS",
    "START_TO_START",
    "CycleError",
    "Edge",
    "Graph",
    "Moved",
    "Node",
    "Schedule",
    "SlipResult",
    "Violation",
    "_slip_everywhere",
    "build",
    "build_columns",
    "critical_path",
    "critical_paths",
    "find_cycle",
    "layered_layout",
    "path_between",
    "propagate",
    "propagate_slip",
    "schedule",
    "topological_order",
    "unwind",
    "violations",
]
