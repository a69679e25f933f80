"""Benchmark: recomputing 100 000 scores, set-based upsert vs Django's bulk_update, the
idempotent rerun, and the optimiser on 2 000 measures over 5 years with dependencies.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ehelse_bench_scoring .venv/bin/python bench/scoring.py

Creates the database if needed (the name must contain "bench"), migrates, and creates 100 000
accepted measures with budget lines, target groups, strategic goals and a status report each
(bulk_create / SQL; once). Each recompute changes every score (a new weights version), so both
writers write 100 000 scores and 100 000 history rows. Targets: < 3 s and ≥ 8× faster than
bulk_update; idempotent rerun < 1 s; optimiser < 10 s.

BENCH_PORTFOLIO=1 scores the database's own portfolio instead (e.g. a copy of the database
`bench/generate_portfolio.py` fills; generates nothing, keeps scenarios and old versions):

    createdb -T ehelse_bench ehelse_bench_mine
    BENCH_PORTFOLIO=1 BENCH_SKIP_BULK_UPDATE=1 DATABASE_URL=…/ehelse_bench_mine .venv/bin/python bench/scoring.py
"""

from __future__ import annotations

import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ehelse_bench_scoring"
N_MEASURES = int(os.environ.get("BENCH_SCORES", "100000"))
OWN_PORTFOLIO = bool(os.environ.get("BENCH_PORTFOLIO"))
PREFIX = "S-"


def ensure_database(url: str) -> None:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    if "bench" not in cfg["NAME"]:
        raise SystemExit("Refusing: the database name must contain 'bench'.")
    conn = psycopg.connect(
        host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"],
        password=cfg["PASSWORD"] or None, dbname="postgres", autocommit=True,
    )  # fmt: skip
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
        conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    conn.close()


def setup() -> None:
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "0"
    ensure_database(os.environ["DATABASE_URL"])
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if not settings.IS_POSTGRES:
        raise SystemExit("The benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…")
    call_command("migrate", verbosity=0)


def generate() -> None:
    from django.db import connection, transaction

    from portfolio.demo import reference_data
    from portfolio.models import (
        Actor,
        BudgetLine,
        Measure,
        ReportingPeriod,
        StatusReport,
        StrategicGoal,
        TargetGroup,
    )  # fmt: skip

    if Measure.objects.filter(code__startswith=PREFIX).count() >= N_MEASURES:
        return
    start = time.perf_counter()
    reference_data()
    Measure.objects.filter(code__startswith=PREFIX).delete()
    rng = random.Random(6)
    owners = list(Actor.objects.values_list("id", flat=True))
    phases = ["idea", "concept", "planning", "execution", "closing", "benefit_realisation"]
    with transaction.atomic():
        Measure.objects.bulk_create(
            [
                Measure(
                    code=f"{PREFIX}{n:06d}", name=f"Bench measure {n}", owner_id=rng.choice(owners),
                    state="accepted", published=True, phase=rng.choice(phases),
                    criterion_digitalisation_core=rng.random() < 0.8,
                    criterion_cross_actor=rng.random() < 0.5,
                    criterion_strategy=rng.random() < 0.5,
                )
                for n in range(N_MEASURES)
            ],
            batch_size=5000,
        )  # fmt: skip
        ids = list(Measure.objects.filter(code__startswith=PREFIX).values_list("id", flat=True))
        groups = list(TargetGroup.objects.values_list("id", flat=True))
        goals = list(StrategicGoal.objects.values_list("id", flat=True))
        tg, sg = Measure.target_groups.through, Measure.strategic_goals.through
        tg.objects.bulk_create(
            [tg(measure_id=i, targetgroup_id=g) for i in ids for g in rng.sample(groups, rng.randint(0, 3))],
            batch_size=10000,
        )  # fmt: skip
        sg.objects.bulk_create(
            [sg(measure_id=i, strategicgoal_id=g) for i in ids for g in rng.sample(goals, rng.randint(0, min(3, len(goals))))],
            batch_size=10000,
        )  # fmt: skip
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(measure_id=i, year=y, kind="investment", planned=Decimal(rng.randint(1, 500) * 100_000))
                for i in ids for y in (2021, 2022)
            ],
            batch_size=10000,
        )  # fmt: skip
        period = ReportingPeriod.objects.order_by("start").first()
        lights = ["green", "yellow", "red", "not_reported"]
        StatusReport.objects.bulk_create(
            [
                StatusReport(measure_id=i, period=period, overall=rng.choice(lights[:3]),
                             cost=rng.choice(lights), schedule=rng.choice(lights), benefits=rng.choice(lights))
                for i in ids
            ],
            batch_size=10000,
        )  # fmt: skip
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE portfolio_measure m SET latest_status_id = s.id "
                "FROM portfolio_statusreport s WHERE s.measure_id = m.id"
            )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(f"generated {len(ids)} measures in {time.perf_counter() - start:.1f} s")


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    out = fn()
    took = time.perf_counter() - start
    print(f"{label:<48} {took:7.2f} s   {out}")
    return took, out


def bench_recompute() -> dict[str, float]:
    from django.db import connection

    from scoring import defaults, recompute, services
    from scoring.demo import _System
    from scoring.models import Job, Scenario, Score, ScoreHistory, ScoringModel
    from scoring.services import jobs

    if not OWN_PORTFOLIO:  # a generated portfolio's committee decisions keep their scenarios
        Scenario.objects.all().delete()
    Job.objects.all().delete()
    with connection.cursor() as cur:
        cur.execute("TRUNCATE scoring_score, scoring_scorehistory")
    Score.objects.all().delete()
    if OWN_PORTFOLIO:
        ScoringModel.objects.filter(target="measure").update(active=False)
    else:
        ScoringModel.objects.all().delete()
    by = _System()
    jobs.enqueue = lambda *args, **kwargs: None  # no job runs behind our back; we time the engine

    def new_version(**weights: int) -> None:
        criteria = [
            dict(c, weight=weights.get(c["key"], c["weight"])) for c in defaults.MEASURE_CRITERIA
        ]
        services.scoring_model_create(target="measure", by=by, criteria=criteria)  # fmt: skip
        Job.objects.all().delete()

    def run(writer: str = "upsert"):  # type: ignore[no-untyped-def]
        # As autovacuum would between two nightly recomputes: not timed.
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE scoring_score, scoring_scorehistory")
        return lambda: recompute.recompute(targets=["measure"], writer=writer)

    new_version()
    timed("initial recompute (insert 100 000)", run())
    new_version(cost=20)
    t_upsert, _ = timed("recompute, every score changed: upsert", run())
    if os.environ.get("BENCH_SKIP_BULK_UPDATE"):
        t_bulk = float("nan")
    else:
        new_version(cost=25)
        t_bulk, _ = timed("recompute, every score changed: bulk_update", run("bulk_update"))
    t_idem, _ = timed("idempotent rerun (nothing changed)", run())
    print(f"scores: {Score.objects.count()}, history rows: {ScoreHistory.objects.count()}")
    return {"upsert": t_upsert, "bulk_update": t_bulk, "idempotent": t_idem}


def bench_optimiser() -> float:
    from scoring.optimiser import Item, optimise

    rng = random.Random(2020)
    years = list(range(2021, 2026))
    n = 2000
    items = [
        Item(
            id=i,
            score=round(rng.uniform(5, 95), 2),
            costs={y: float(rng.randint(1, 100) * 100_000) for y in years if rng.random() < 0.7},
        )
        for i in range(n)
    ]
    prerequisites = [(i, rng.randrange(i)) for i in range(1, n) if rng.random() < 0.3]
    limits = {y: 0.4 * sum(it.costs.get(y, 0) for it in items) for y in years}
    start = time.perf_counter()
    outcome = optimise(items, limits, prerequisites=prerequisites, forced_in=[5], forced_out=[7])
    took = time.perf_counter() - start
    label = f"optimiser: {n} measures, {len(years)} years, {len(prerequisites)} prerequisites"
    print(f"{label:<48} {took:7.2f} s")
    print(
        f"  selected {len(outcome.selected)}, total score {outcome.total_score:.2f}, "
        f"proven bound {outcome.bound:.2f} (gap {outcome.gap:.4%}), status {outcome.status}"
    )
    return took


def main() -> None:
    setup()
    if not OWN_PORTFOLIO:
        generate()
    r = bench_recompute()
    t_opt = bench_optimiser()
    ratio = r["bulk_update"] / r["upsert"]
    print()
    print(
        f"100 000 scores upsert:  {r['upsert']:.2f} s  (target < 3 s)  {'OK' if r['upsert'] < 3 else 'MISSED'}"
    )
    print(
        f"vs bulk_update:         {ratio:.1f}×  (target ≥ 8×)   {'OK' if ratio >= 8 else 'MISSED'}"
    )
    print(
        f"idempotent rerun:       {r['idempotent']:.2f} s  (target < 1 s)  {'OK' if r['idempotent'] < 1 else 'MISSED'}"
    )
    print(
        f"optimiser:              {t_opt:.2f} s  (target < 10 s) {'OK' if t_opt < 10 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
