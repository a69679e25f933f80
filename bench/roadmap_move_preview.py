"""Benchmark the preview of a move on the timeline at national scale (pure graph part).

A random DAG of N items (default 100 000) and E dependencies (default 150 000), as in
bench/roadmap.py. For a few items: `graph.propagate` of a move (start and end +90 days),
of a slip (end +90 days), and the extra schedule pass the preview runs to tell whether the
critical path changes. Prints CPU and wall seconds per step; no assertions.

    .venv/bin/python bench/roadmap_move_preview.py [--items N] [--deps E]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.roadmap import random_dag  # noqa: E402
from roadmap import graph  # noqa: E402


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    cpu, wall = time.process_time(), time.perf_counter()
    out = fn()
    print(f"{label:<58} {time.process_time() - cpu:7.3f} s CPU {time.perf_counter() - wall:7.3f} s")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--deps", type=int, default=150_000)
    args = parser.parse_args()
    data = random_dag(args.items, args.deps)
    cols = {k: data[k] for k in ("ids", "start", "duration", "actor")}
    edges = {k: data[k] for k in ("predecessor", "successor", "kind", "lag")}
    sched = timed(
        f"schedule {args.items} items, {args.deps} dependencies",
        lambda: graph.schedule(graph.build_columns(**cols, **edges)),
    )
    rng = random.Random(19)
    # The head of the longest critical path (pushes the most), an early item in the
    # topological order, and a random one.
    head = graph.critical_path(sched)[0]
    early = sched.graph.ids[sched.order[len(sched.order) // 20]]
    for item in [head, early, rng.choice(data["ids"])]:
        move = timed(
            f"move item {item} by +90 days (propagate)",
            lambda item=item: graph.propagate(sched, {item: (90, 90)}),
        )
        slip = timed(
            f"slip item {item} by 90 days (propagate)",
            lambda item=item: graph.propagate(sched, {item: (0, 90)}),
        )
        print(f"  moved items: move {len(move.moved_ids)}, slip {len(slip.moved_ids)}")
        start = list(data["start"])
        pos = sched.graph.pos
        for i, s in zip(move.moved_ids, move.new_start, strict=True):
            start[pos[i]] = s
        start[pos[item]] += 90
        timed(
            "  critical path after the move (one more schedule)",
            lambda start=start: graph.critical_paths(
                graph.schedule(graph.build_columns(**{**cols, "start": start}, **edges))
            ),
        )


if __name__ == "__main__":
    main()
