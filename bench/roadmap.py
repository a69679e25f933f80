"""Benchmark the roadmap analysis and the cycle check at national scale.

1. A random DAG of N items (default 100 000) and E dependencies (default 150 000 and
   300 000): critical path + slip propagation with roadmap.graph, and the same algorithm
   on networkx (topological sort, forward/backward pass over its adjacency, descendants
   for the slip) in the same run. Both include building their graph from plain lists.
2. With a PostgreSQL DATABASE_URL: load N items and E dependencies, then time adding one
   dependency through roadmap.services.dependency_add (cycle check included; each add is
   rolled back so every sample sees the same database).

    .venv/bin/python bench/roadmap.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ehelse_bench_roadmap .venv/bin/python bench/roadmap.py
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from roadmap import graph  # noqa: E402

KINDS = ["finish_to_start"] * 17 + ["start_to_start", "finish_to_finish", "delivers_capability"]


def random_dag(n: int, e: int, seed: int = 2020, window: int = 2000) -> dict[str, list[Any]]:
    """Columns of a random DAG: a hidden random order, each edge from an item to one of the
    `window` items after it (roadmaps are local: programmes depend on nearby work)."""
    rng = random.Random(seed)
    order = list(range(1, n + 1))
    rng.shuffle(order)
    seen: set[tuple[int, int]] = set()
    pred: list[int] = []
    succ: list[int] = []
    while len(pred) < e:
        i = rng.randrange(n - 1)
        j = min(n - 1, i + rng.randint(1, window))
        if (i, j) in seen:
            continue
        seen.add((i, j))
        pred.append(order[i])
        succ.append(order[j])
    return {
        "ids": list(range(1, n + 1)),
        "start": [737_000 + rng.randint(0, 60) for _ in range(n)],
        "duration": [rng.randint(0, 120) for _ in range(n)],
        "actor": [rng.randint(1, 400) for _ in range(n)],
        "predecessor": pred,
        "successor": succ,
        "kind": [rng.choice(KINDS) for _ in range(e)],
        "lag": [rng.randint(0, 30) for _ in range(e)],
        "order": order,
    }


def ours(data: dict[str, list[Any]], slips: list[int]) -> tuple[int, int]:
    g = graph.build_columns(
        ids=data["ids"],
        start=data["start"],
        duration=data["duration"],
        actor=data["actor"],
        predecessor=data["predecessor"],
        successor=data["successor"],
        kind=data["kind"],
        lag=data["lag"],
    )
    sched = graph.schedule(g)
    path = graph.critical_path(sched)
    moved = sum(len(graph.propagate_slip(sched, item, 90).moved_ids) for item in slips)
    return len(path), moved


def with_networkx(data: dict[str, list[Any]], slips: list[int]) -> tuple[int, int]:
    """The same analysis written the ordinary way on networkx."""
    import networkx as nx

    ctype = graph.CONSTRAINT_OF_KIND
    dg = nx.DiGraph()
    dg.add_nodes_from(
        (i, {"start": s, "dur": d, "actor": a})
        for i, s, d, a in zip(
            data["ids"], data["start"], data["duration"], data["actor"], strict=True
        )
    )
    dg.add_edges_from(
        (p, s, {"t": ctype[k], "lag": lg})
        for p, s, k, lg in zip(
            data["predecessor"], data["successor"], data["kind"], data["lag"], strict=True
        )
    )
    nodes = dg.nodes
    order = list(nx.topological_sort(dg))

    def constraint(t: int, lag: int, ps: int, pe: int, sd: int) -> int:
        return pe + lag if t == 0 else ps + lag if t == 1 else pe + lag - sd

    es: dict[int, int] = {}
    ef: dict[int, int] = {}
    for v in order:
        start = nodes[v]["start"]
        for p, _v, a in dg.in_edges(v, data=True):
            start = max(start, constraint(a["t"], a["lag"], es[p], ef[p], nodes[v]["dur"]))
        es[v], ef[v] = start, start + nodes[v]["dur"]
    horizon: dict[int, int] = {}
    for comp in nx.weakly_connected_components(dg):
        end = max(ef[v] for v in comp)
        for v in comp:
            horizon[v] = end
    ls: dict[int, int] = {}
    lf: dict[int, int] = {}
    for v in reversed(order):
        finish = horizon[v]
        for _v, s, a in dg.out_edges(v, data=True):
            t, lag = a["t"], a["lag"]
            c = ls[s] - lag if t == 0 else ls[s] - lag + nodes[v]["dur"] if t == 1 else lf[s] - lag
            finish = min(finish, c)
        lf[v], ls[v] = finish, finish - nodes[v]["dur"]
    end = max((v for v in order if ls[v] == es[v]), key=lambda v: ef[v])
    path = [end]
    while True:
        drivers = [
            p
            for p, _v, a in dg.in_edges(path[-1], data=True)
            if ls[p] == es[p]
            and constraint(a["t"], a["lag"], es[p], ef[p], nodes[path[-1]]["dur"]) == es[path[-1]]
        ]
        if not drivers:
            break
        path.append(drivers[0])
    moved_total = 0
    for item in slips:
        sub = nx.descendants(dg, item)
        new_es, new_ef = dict(es), dict(ef)
        new_ef[item] = ef[item] + 90
        for v in nx.topological_sort(dg.subgraph(sub | {item})):
            if v == item:
                continue
            start = nodes[v]["start"]
            for p, _v, a in dg.in_edges(v, data=True):
                start = max(
                    start, constraint(a["t"], a["lag"], new_es[p], new_ef[p], nodes[v]["dur"])
                )
            new_es[v], new_ef[v] = start, start + nodes[v]["dur"]
        moved_total += sum(1 for v in sub if new_ef[v] != ef[v] or new_es[v] != es[v])
    return len(path), moved_total


def best_of(fn: Any, *args: Any, repeat: int = 3) -> tuple[float, float, Any]:
    """Best wall-clock and best CPU time (the CPU time is what to compare on a busy host)."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn(*args)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return min(walls), min(cpus), result


def analysis_bench(n: int, e: int, repeat: int) -> None:
    data = random_dag(n, e)
    rng = random.Random(7)
    # Slip the first item of the critical path (the longest reach) and two random items.
    probe = graph.schedule(graph.build_columns(**{k: v for k, v in data.items() if k != "order"}))
    slips = [graph.critical_path(probe)[0], rng.choice(data["ids"]), rng.choice(data["ids"])]
    w_ours, c_ours, r_ours = best_of(ours, data, slips, repeat=repeat)
    w_nx, c_nx, r_nx = best_of(with_networkx, data, slips, repeat=1)
    print(f"\n== {n:,} items, {e:,} dependencies ==")
    print(
        f"roadmap.graph  critical path + 3 slips: CPU {c_ours:6.3f} s, wall {w_ours:6.3f} s"
        f"  (path {r_ours[0]} items, {r_ours[1]} items moved)"
    )
    print(
        f"networkx       critical path + 3 slips: CPU {c_nx:6.3f} s, wall {w_nx:6.3f} s"
        f"  (path {r_nx[0]} items, {r_nx[1]} items moved)"
    )
    print(f"ratio networkx / roadmap.graph: CPU {c_nx / c_ours:4.1f}x, wall {w_nx / w_ours:4.1f}x")
    assert r_ours[1] == r_nx[1], "moved counts differ"


def db_bench(n: int, e: int, samples: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    if not settings.IS_POSTGRES:
        print("\n(DB benchmark skipped: set DATABASE_URL to a PostgreSQL database)")
        return
    _ensure_database()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    from portfolio.demo import reference_data
    from portfolio.models import Actor
    from roadmap import services
    from roadmap.models import Dependency, RoadmapItem

    reference_data()
    actors = list(Actor.objects.all())
    data = random_dag(n, e, seed=99)
    if (
        RoadmapItem.objects.filter(code__startswith="B-").count() != n
        or Dependency.objects.count() != e
    ):
        t0 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(
                "TRUNCATE roadmap_dependency, roadmap_challenge, roadmap_adoptionplan, roadmap_roadmapitem RESTART IDENTITY CASCADE"
            )
        rank = {item: k for k, item in enumerate(data["order"])}
        import datetime as dt

        RoadmapItem.objects.bulk_create(
            [
                RoadmapItem(
                    id=i,
                    code=f"B-{i}",
                    name=f"Bench item {i}",
                    actor=actors[i % len(actors)],
                    planned_start=dt.date.fromordinal(s),
                    planned_end=dt.date.fromordinal(s + d),
                    duration_days=d,
                    published=True,
                    topo_rank=rank[i],
                )
                for i, s, d in zip(data["ids"], data["start"], data["duration"], strict=True)
            ],
            batch_size=5000,
        )
        Dependency.objects.bulk_create(
            [
                Dependency(predecessor_id=p, successor_id=s, kind=k, lag_days=lg, cross_actor=True)
                for p, s, k, lg in zip(
                    data["predecessor"], data["successor"], data["kind"], data["lag"], strict=True
                )
            ],
            batch_size=10000,
        )
        with connection.cursor() as cur:
            cur.execute(
                "SELECT setval(pg_get_serial_sequence('roadmap_roadmapitem','id'), %s)", [n]
            )
            cur.execute("ANALYZE roadmap_roadmapitem; ANALYZE roadmap_dependency")
        print(f"\nloaded {n:,} items and {e:,} dependencies in {time.perf_counter() - t0:.1f} s")

    class Office:
        is_superuser = True
        is_authenticated = True
        pk = None

    by = Office()
    order = data["order"]
    rng = random.Random(3)
    existing = set(zip(data["predecessor"], data["successor"], strict=True))

    def sample(kind: str) -> tuple[int, int]:
        while True:
            i = rng.randrange(n - 1)
            if kind == "forward":  # respects the current order: the usual case
                j = min(n - 1, i + rng.randint(1, 5000))
                p, s = order[i], order[j]
            elif kind == "backward-near":  # against the order, nothing in between: reorder
                j = i + 1
                p, s = order[j], order[i]
            else:  # closes a cycle: s already reaches p through an existing dependency
                p, s = data["successor"][i % e], data["predecessor"][i % e]
            if (p, s) not in existing and p != s:
                return p, s

    from django.core.exceptions import ValidationError
    from django.test.utils import CaptureQueriesContext

    latency = []
    for _ in range(20):
        t0 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
        latency.append((time.perf_counter() - t0) * 1000)
    print(f"database round trip (SELECT 1): median {statistics.median(latency):.2f} ms")
    for kind in ("forward", "backward-near", "cycle"):
        walls, cpus, queries = [], [], []
        for _ in range(samples):
            p, s = sample(kind)
            items = RoadmapItem.objects.in_bulk([p, s])
            t0, c0 = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as ctx:
                try:
                    with transaction.atomic():
                        services.dependency_add(by=by, predecessor=items[p], successor=items[s])
                        transaction.set_rollback(True)
                except ValidationError:  # the refused cycle
                    if kind != "cycle":
                        raise
                else:
                    assert kind != "cycle", "a cycle was accepted"
            walls.append((time.perf_counter() - t0) * 1000)
            cpus.append((time.process_time() - c0) * 1000)
            queries.append(len(ctx.captured_queries))
        print(
            f"add one dependency ({kind:13}): median {statistics.median(walls):6.1f} ms wall "
            f"(max {max(walls):6.1f}), {statistics.median(cpus):5.1f} ms CPU, "
            f"{statistics.median(queries):.0f} queries incl. transaction, {samples} samples"
        )


def _ensure_database() -> None:
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    params = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [db["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


def calibrate() -> float:
    """CPU seconds for 10 million additions: compare hosts (about 0.3 s on an idle laptop)."""
    c0 = time.process_time()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.process_time() - c0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--edges", type=int, nargs="+", default=[150_000, 300_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"host: {os.cpu_count()} CPUs, load average {load:.1f}; yardstick {calibrate():.2f} s CPU"
    )
    for e in args.edges:
        analysis_bench(args.items, e, args.repeat)
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        db_bench(args.items, max(args.edges), args.samples)
    else:
        print("\n(DB benchmark skipped: set DATABASE_URL to a PostgreSQL database)")


if __name__ == "__main__":
    main()
