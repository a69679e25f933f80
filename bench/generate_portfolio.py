"""Generate a large portfolio for the benchmarks: 100 000 measures, ~500 000 budget lines.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ehelse_bench .venv/bin/python bench/generate_portfolio.py [--reset]

Creates the database if needed, migrates, loads the reference data and demo users, then
writes measures, budget lines, partners/target groups/solutions/goals and one status report
per measure with PostgreSQL COPY (about a minute). Then, at the same scale, the rest of the
register (`--no-extras` skips it): the demo content of every app loaded first (so every page
has real objects), roadmap items (one per two measures, half of them tied to a measure) with
1.5 dependencies per item (a random DAG), suggestions (one per two measures) and a second
status report per measure in an earlier reporting period. Idempotent: what is there is not
generated again; `--reset` deletes the portfolio (measures and everything hanging off them)
first. Refuses to touch a database whose name does not contain "bench".
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _setup import DEFAULT_URL, django_on_postgres  # noqa: E402

PREFIX = "B-"
PHASES = ["idea", "concept", "planning", "execution", "execution", "closing", "benefit_realisation"]
TYPES = ["programme", "project", "project", "project", "other"]


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    if "bench" not in name:
        raise SystemExit(f"Refusing to generate into {name!r}: use a database named *bench*.")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--measures", type=int, default=100_000)
    parser.add_argument("--reset", action="store_true", help="delete the portfolio first")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--no-extras", action="store_true", help="only the portfolio")
    args = parser.parse_args()
    ensure_database(os.environ.setdefault("DATABASE_URL", DEFAULT_URL))
    django_on_postgres()

    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    from portfolio.demo import reference_data, users
    from portfolio.models import Measure

    with transaction.atomic():
        reference_data()
        users()
    if args.reset:
        with connection.cursor() as cur:
            cur.execute("TRUNCATE portfolio_measure CASCADE")
        print("portfolio deleted")
    have = Measure.objects.filter(code__startswith=PREFIX).count()
    if have >= args.measures:
        print(f"{have} generated measures already there (use --reset to redo)")
    elif have or (args.no_extras and Measure.objects.exists()):
        raise SystemExit("The database has other measures; run with --reset.")
    else:
        if not args.no_extras:
            # the demo content of every app first, on a small portfolio (its hooks are not
            # meant to run over 100 000 measures)
            from portfolio.demo import load_demo

            started = time.perf_counter()
            load_demo()
            print(f"demo content loaded in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        with transaction.atomic():
            counts = generate(args.measures, random.Random(args.seed))
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
        took = time.perf_counter() - started
        print(", ".join(f"{v} {k}" for k, v in counts.items()) + f" in {took:.1f} s")
    if not args.no_extras:
        started = time.perf_counter()
        counts = generate_extras(args.measures, random.Random(args.seed + 1))
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
        took = time.perf_counter() - started
        print(", ".join(f"{v} {k}" for k, v in counts.items()) + f" in {took:.1f} s")


def generate(n: int, rnd: random.Random) -> dict[str, int]:
    from django.db import connection

    from portfolio.models import (
        Actor,
        Measure,
        NationalSolution,
        ReportingPeriod,
        Segment,
        StrategicGoal,
        TargetGroup,
    )

    actors = list(Actor.objects.values_list("id", flat=True))
    segments = list(Segment.objects.values_list("id", flat=True))
    solutions = list(NationalSolution.objects.values_list("id", flat=True))
    goals = list(StrategicGoal.objects.values_list("id", flat=True))
    groups = list(TargetGroup.objects.values_list("id", flat=True))
    period = ReportingPeriod.objects.order_by("-start").values_list("id", flat=True).first()
    now = dt.datetime.now(dt.UTC)
    lights = ["green", "green", "green", "yellow", "red", "not_reported"]
    counts = dict.fromkeys(["measures", "budget lines", "links", "status reports"], 0)

    with connection.cursor() as django_cursor:
        cur = django_cursor.cursor  # psycopg 3 cursor: COPY
        cur.execute("SELECT coalesce(max(id), 0) FROM portfolio_measure")
        first_id = cur.fetchone()[0] + 1
        cur.execute("SELECT coalesce(max(id), 0) FROM portfolio_statusreport")
        first_report = cur.fetchone()[0] + 1
        measure_cols = (
            "id, created, updated, code, name, purpose, owner_id, contact_name, contact_email, "
            "measure_type, segment_id, phase, start_date, end_date, criterion_digitalisation_core, "
            "criterion_cross_actor, criterion_strategy, criteria_comment, total_cost_frame, "
            "published, state, archived_at, version, latest_status_id"
        )
        plans = []
        with cur.copy(f"COPY portfolio_measure ({measure_cols}) FROM STDIN") as copy:
            for i in range(n):
                mid = first_id + i
                start = dt.date(rnd.randint(2014, 2024), rnd.randint(1, 12), 1)
                end = start.replace(year=start.year + rnd.randint(1, 6))
                accepted = rnd.random() < 0.9
                segment = rnd.choice(segments) if rnd.random() < 0.9 else None
                owner = rnd.choice(actors)
                plans.append((mid, owner, start, end))
                copy.write_row(
                    (
                        mid,
                        now,
                        now,
                        f"{PREFIX}{i + 1:06d}",
                        f"Generert tiltak {i + 1} for digital samhandling",
                        "Formålet er bedre digital samhandling mellom aktørene i helse- og "
                        "omsorgstjenesten, med felles løsninger for deling av helseopplysninger.",
                        owner,
                        f"Kontakt {i + 1}",
                        f"kontakt{i + 1}@example.no",
                        rnd.choice(TYPES),
                        segment,
                        rnd.choice(PHASES),
                        start,
                        end,
                        True,
                        rnd.random() < 0.6,
                        rnd.random() < 0.7,
                        "",
                        Decimal(rnd.randint(1, 500) * 1_000_000),
                        accepted and rnd.random() < 0.95,
                        "accepted" if accepted else rnd.choice(["draft", "submitted"]),
                        None,
                        1,
                        first_report + i,
                    )
                )
                counts["measures"] += 1
        with cur.copy(
            "COPY portfolio_statusreport (id, created, updated, measure_id, period_id, overall, "
            "cost, schedule, benefits, commentary) FROM STDIN"
        ) as copy:
            for i, (mid, _owner, _start, _end) in enumerate(plans):
                copy.write_row(
                    (
                        first_report + i,
                        now,
                        now,
                        mid,
                        period,
                        rnd.choice(lights),
                        rnd.choice(lights),
                        rnd.choice(lights),
                        rnd.choice(lights),
                        "Generert statusrapport.",
                    )
                )
                counts["status reports"] += 1
        with cur.copy(
            "COPY portfolio_budgetline (created, updated, measure_id, year, kind, funding_source, "
            "planned, actual) FROM STDIN"
        ) as copy:
            for mid, _owner, start, end in plans:
                for year in range(start.year, start.year + 5):
                    kind = "investment" if year <= end.year else "operating"
                    planned = (
                        Decimal(rnd.randint(100, 50_000) * 1000) + Decimal(rnd.randint(0, 99)) / 100
                    )
                    actual = (
                        (planned * Decimal(rnd.randint(70, 120)) / 100).quantize(Decimal("0.01"))
                        if year < 2020
                        else None
                    )
                    source = rnd.choice(["own", "own", "own", "state", "joint"])
                    copy.write_row((now, now, mid, year, kind, source, planned, actual))
                    counts["budget lines"] += 1
        links = [
            ("portfolio_measure_partners", "actor_id", actors, 0, 3),
            ("portfolio_measure_target_groups", "targetgroup_id", groups, 1, 2),
            ("portfolio_measure_national_solutions", "nationalsolution_id", solutions, 0, 3),
            ("portfolio_measure_strategic_goals", "strategicgoal_id", goals, 1, 2),
        ]
        for table, column, choices, low, high in links:
            with cur.copy(f"COPY {table} (measure_id, {column}) FROM STDIN") as copy:
                for mid, owner, _start, _end in plans:
                    pool = [c for c in choices if not (table.endswith("partners") and c == owner)]
                    for target in rnd.sample(pool, rnd.randint(low, high)):
                        copy.write_row((mid, target))
                        counts["links"] += 1
        for table in ("portfolio_measure", "portfolio_statusreport", "portfolio_budgetline"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
    assert Measure.objects.filter(code__startswith=PREFIX).count() == n
    return counts


def generate_extras(n: int, rnd: random.Random) -> dict[str, int]:
    """Roadmap items, dependencies, suggestions and earlier
    status reports at the portfolio's scale (each skipped when already there)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from covid_intake import similarity
    from covid_intake.models import Suggestion
    from portfolio.models import Actor, Measure, ReportingPeriod, StatusReport
    from roadmap.models import RoadmapItem

    counts: dict[str, int] = {}
    items = n // 2
    if not RoadmapItem.objects.filter(code__startswith=PREFIX).exists():
        import importlib.util

        spec = importlib.util.spec_from_file_location("bench_roadmap", HERE / "roadmap.py")
        bench_roadmap = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(bench_roadmap)
        random_dag = bench_roadmap.random_dag

        data = random_dag(items, items * 3 // 2, seed=rnd.randint(0, 10**6))
        actors = list(Actor.objects.values_list("id", flat=True))
        measure_ids = list(
            Measure.objects.filter(code__startswith=PREFIX).values_list("id", flat=True)[:items]
        )
        rank = {item: k for k, item in enumerate(data["order"])}
        offset = (RoadmapItem.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        now = timezone.now()
        with transaction.atomic(), connection.cursor() as django_cursor:
            cur = django_cursor.cursor
            with cur.copy(
                "COPY roadmap_roadmapitem (id, created, updated, code, name, kind, description, "
                "measure_id, actor_id, phase, planned_start, planned_end, duration_days, decision, "
                "published, topo_rank, version) FROM STDIN"
            ) as copy:
                for i, start, days in zip(
                    data["ids"], data["start"], data["duration"], strict=True
                ):
                    copy.write_row(
                        (
                            offset + i,
                            now,
                            now,
                            f"{PREFIX}R{i:06d}",
                            f"Generert veikartelement {i}",
                            "delivery",
                            "",
                            measure_ids[i - 1] if i % 2 and i - 1 < len(measure_ids) else None,
                            actors[i % len(actors)],
                            "",
                            dt.date.fromordinal(start),
                            dt.date.fromordinal(start + days),
                            days,
                            "decided",
                            rnd.random() < 0.8,
                            rank[i],
                            1,
                        )
                    )
            with cur.copy(
                "COPY roadmap_dependency (created, updated, predecessor_id, successor_id, kind, "
                "lag_days, note, cross_actor) FROM STDIN"
            ) as copy:
                for pred, succ, kind, lag in zip(
                    data["predecessor"], data["successor"], data["kind"], data["lag"], strict=True
                ):
                    copy.write_row((now, now, offset + pred, offset + succ, kind, lag, "", True))
            cur.execute(
                "SELECT setval(pg_get_serial_sequence('roadmap_roadmapitem', 'id'), "
                "(SELECT max(id) FROM roadmap_roadmapitem))"
            )
        counts["roadmap items"] = items
        counts["dependencies"] = len(data["predecessor"])
    if not Suggestion.objects.filter(reference__startswith=PREFIX).exists():
        words = [
            "pasientjournal",
            "kjernejournal",
            "e-resept",
            "meldingsutveksling",
            "helsenorge",
            "video",
            "legemiddel",
            "samhandling",
            "kommune",
            "sykehus",
            "fastlege",
            "pleie",
            "omsorg",
            "digital",
            "innbygger",
            "timebestilling",
            "prøvesvar",
            "henvisning",
            "epikrise",
            "velferdsteknologi",
        ]
        now = timezone.now()
        batch: list[Suggestion] = []
        for i in range(n // 2):
            title = " ".join(rnd.sample(words, 4)).capitalize()
            description = " ".join(rnd.choices(words, k=30))
            batch.append(
                Suggestion(
                    reference=f"{PREFIX}S{i:06d}",
                    title=title,
                    description=description,
                    submitter_name="Generert innsender",
                    received_at=now,
                    search_text=similarity.search_text(title, description),
                )
            )
        Suggestion.objects.bulk_create(batch, batch_size=5000)
        counts["suggestions"] = len(batch)
    periods = list(ReportingPeriod.objects.order_by("-start").values_list("id", flat=True)[:2])
    earlier = StatusReport.objects.filter(period_id=periods[-1], measure__code__startswith=PREFIX)
    if len(periods) == 2 and not earlier.exists():
        lights = ["green", "green", "yellow", "red"]
        now = timezone.now()
        ids = list(Measure.objects.filter(code__startswith=PREFIX).values_list("id", flat=True))
        with transaction.atomic(), connection.cursor() as django_cursor:
            cur = django_cursor.cursor
            with cur.copy(
                "COPY portfolio_statusreport (created, updated, measure_id, period_id, overall, "
                "cost, schedule, benefits, commentary) FROM STDIN"
            ) as copy:
                for mid in ids:
                    light = rnd.choice(lights)
                    copy.write_row((now, now, mid, periods[1], light, light, light, light, ""))
                    counts["earlier status reports"] = counts.get("earlier status reports", 0) + 1
    return counts


if __name__ == "__main__":
    main()
