"""Dependencies the plan itself breaks."""

from __future__ import annotations

from collections.abc import Iterable

from roadmap.graph.model import _FF, _SS, CONSTRAINT_OF_KIND, Edge, Node, Violation


def violations(nodes: Iterable[Node], edges: Iterable[Edge]) -> list[Violation]:
    """Dependencies the plan itself breaks: the successor is planned to start (or, for
    finish-to-finish, to end) before the predecessor's date plus the lag allows."""
    by_id = {node.id: node for node in nodes}
    found: list[Violation] = []
    for edge in edges:
        t = CONSTRAINT_OF_KIND.get(edge.kind)
        p, s = by_id.get(edge.predecessor), by_id.get(edge.successor)
        if t is None or p is None or s is None:
            continue
        if t == _FF:
            required, planned = p.end + edge.lag, s.end
        elif t == _SS:
            required, planned = p.start + edge.lag, s.start
        else:
            required, planned = p.end + edge.lag, s.start
        if planned < required:
            found.append(
                Violation(edge.predecessor, edge.successor, edge.kind, edge.lag, required, planned)
            )
    return found
