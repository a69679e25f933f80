"""Where each item goes when the dependency graph is drawn left to right."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from roadmap.graph.model import Edge, Node, build
from roadmap.graph.order import topological_order


def layered_layout(nodes: Sequence[int], edges: Iterable[Edge]) -> dict[int, tuple[int, int]]:
    """Layer and row of each node for drawing the dependency graph left to right.

    Steps: 1. layer = longest chain of dependencies (any directed kind that keeps the
    graph acyclic; relation-only edges are ignored) leading to the node, by Kahn;
    2. order each layer by the mean row of the node's predecessors (one barycentre sweep),
    ties by id, so arrows cross less; 3. return {id: (layer, row)}.
    """
    graph = build((Node(i, 0, 0) for i in nodes), edges)
    order = topological_order(graph)
    preds = graph.preds()
    layer = [0] * len(order)
    for i in order:
        for j, _t, _l in graph.successors(i):
            if layer[i] + 1 > layer[j]:
                layer[j] = layer[i] + 1
    rows: dict[int, list[int]] = {}
    for i in order:
        rows.setdefault(layer[i], []).append(i)
    row_of = [0] * len(order)
    for lay in sorted(rows):
        members = rows[lay]
        if lay:

            def centre(i: int) -> tuple[float, int]:
                ps = [row_of[p] for p in preds[i]]
                return (sum(ps) / len(ps) if ps else float("inf"), graph.ids[i])

            members.sort(key=centre)
        else:
            members.sort(key=lambda i: graph.ids[i])
        for r, i in enumerate(members):
            row_of[i] = r
    return {graph.ids[i]: (layer[i], row_of[i]) for i in range(len(order))}
