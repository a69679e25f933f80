"""Median time of the measure list and the portfolio summary on a large portfolio, against
the plain-SQL + orjson floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ehelse_bench .venv/bin/python bench/portfolio_api.py

Needs `bench/generate_portfolio.py` first. Requests go through Django's test Client (the
whole middleware, DRF, filter, pagination and serializer stack; no network or WSGI server),
so the figures are the application's own cost. The floor fetches the same page with plain
SQL (count + one query for the 100 measures with owner, latest status and the m2m codes +
one query for their budget lines) and encodes the same fields with orjson.
The summary is cached under the portfolio's data version (bumped by triggers on any write);
it is timed as served (cached), right after a real write (from the aggregates the triggers
keep, portfolio.aggregates) and, for comparison, computed from scratch.
Targets (not tests): list within 2x of the floor; summary under 150 ms.
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_on_postgres, median_ms  # noqa: E402

LIST_URL = "/api/v1/measures/?page_size=100"
SUMMARY_URL = "/api/v1/portfolio/summary/?year=2020"

FLOOR_SQL = """
SELECT m.id, m.code, m.name, m.purpose, m.owner_id, o.short_name, o.name,
       m.contact_name, m.contact_email, m.measure_type, m.segment_id, m.phase,
       m.start_date, m.end_date,
       ARRAY(SELECT p.actor_id FROM portfolio_measure_partners p
             JOIN portfolio_actor pa ON pa.id = p.actor_id
             WHERE p.measure_id = m.id ORDER BY pa.name),
       ARRAY(SELECT t.code FROM portfolio_measure_target_groups x
             JOIN portfolio_targetgroup t ON t.id = x.targetgroup_id
             WHERE x.measure_id = m.id ORDER BY t.id),
       ARRAY(SELECT s.code FROM portfolio_measure_national_solutions x
             JOIN portfolio_nationalsolution s ON s.id = x.nationalsolution_id
             WHERE x.measure_id = m.id ORDER BY s.area, s.name),
       ARRAY(SELECT g.code FROM portfolio_measure_strategic_goals x
             JOIN portfolio_strategicgoal g ON g.id = x.strategicgoal_id
             WHERE x.measure_id = m.id ORDER BY g.code),
       m.criterion_digitalisation_core, m.criterion_cross_actor, m.criterion_strategy,
       m.criteria_comment, m.total_cost_frame, m.published, m.state, m.version,
       m.archived_at, m.created, m.updated,
       s.id, s.period_id, rp.name, s.overall, s.cost, s.schedule, s.benefits,
       s.commentary, s.created
FROM portfolio_measure m
JOIN portfolio_actor o ON o.id = m.owner_id
LEFT JOIN portfolio_statusreport s ON s.id = m.latest_status_id
LEFT JOIN portfolio_reportingperiod rp ON rp.id = s.period_id
WHERE {where}
ORDER BY m.code, m.id
LIMIT 100
"""
LINES_SQL = """
SELECT measure_id, year, kind, funding_source, planned, actual
FROM portfolio_budgetline WHERE measure_id = ANY(%s) ORDER BY measure_id, year, kind
"""
PUBLIC = "m.published AND m.state = 'accepted' AND m.archived_at IS NULL"
EVERYTHING = "m.archived_at IS NULL"


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def floor_list(where: str) -> bytes:
    """The list page's content with plain SQL and orjson: the lower bound for the API."""
    import orjson
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM portfolio_measure m WHERE {where}")
        count = cur.fetchone()[0]
        cur.execute(FLOOR_SQL.format(where=where))
        rows = cur.fetchall()
        cur.execute(LINES_SQL, [[r[0] for r in rows]])
        lines: dict[int, list[dict[str, Any]]] = {}
        for mid, year, kind, source, planned, actual in cur.fetchall():
            lines.setdefault(mid, []).append(
                {
                    "year": year,
                    "kind": kind,
                    "funding_source": source,
                    "planned": _money(planned),
                    "actual": _money(actual),
                }
            )
    results = []
    for r in rows:
        status = None
        if r[29] is not None:
            status = dict(
                zip(
                    ("id", "period", "period_name", "overall", "cost", "schedule", "benefits"),
                    r[29:36],
                    strict=True,
                )
            )
            status.update(commentary=r[36], created=r[37])
        results.append(
            {
                "id": r[0],
                "code": r[1],
                "name": r[2],
                "purpose": r[3],
                "owner": r[4],
                "owner_detail": {"id": r[4], "short_name": r[5], "name": r[6]},
                "partners": r[14],
                "contact_name": r[7],
                "contact_email": r[8],
                "measure_type": r[9],
                "segment": r[10],
                "phase": r[11],
                "start_date": r[12],
                "end_date": r[13],
                "target_groups": r[15],
                "national_solutions": r[16],
                "strategic_goals": r[17],
                "criterion_digitalisation_core": r[18],
                "criterion_cross_actor": r[19],
                "criterion_strategy": r[20],
                "criteria_comment": r[21],
                "meets_entry_criteria": r[18] and (r[19] or r[20]),
                "total_cost_frame": _money(r[22]),
                "published": r[23],
                "state": r[24],
                "version": r[25],
                "archived_at": r[26],
                "budget_lines": lines.get(r[0], []),
                "latest_status": status,
                "created": r[27],
                "updated": r[28],
            }
        )
    page = {"count": count, "next": "?page=2", "previous": None, "results": results}
    return orjson.dumps(page)


def main() -> None:
    parser = argparse.ArgumentParser(description="measure list and summary vs the SQL floor")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    django_on_postgres()

    import orjson
    from django.contrib.auth import get_user_model
    from django.test import Client

    from portfolio.models import Measure

    if Measure.objects.count() < 10_000:
        print("warning: small portfolio; run bench/generate_portfolio.py first")
    anonymous = Client()
    office = Client()
    office.force_login(get_user_model().objects.get(username="kontor"))

    def get(client: Client, url: str) -> bytes:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response.content

    print(f"portfolio: {Measure.objects.count()} measures; median of {args.runs} runs")
    for who, client, where in (("anonymous", anonymous, PUBLIC), ("office", office, EVERYTHING)):
        api = orjson.loads(get(client, LIST_URL))
        floor = orjson.loads(floor_list(where))
        same = [m["id"] for m in api["results"]] == [m["id"] for m in floor["results"]]
        assert same and api["count"] == floor["count"], "floor and API differ"
        assert set(api["results"][0]) == set(floor["results"][0]), "floor fields differ"
        api_ms = median_ms(lambda c=client: get(c, LIST_URL), runs=args.runs)
        floor_ms = median_ms(lambda w=where: floor_list(w), runs=args.runs)
        print(
            f"GET {LIST_URL} as {who}: {api_ms:.1f} ms; plain SQL + orjson floor: "
            f"{floor_ms:.1f} ms; ratio {api_ms / floor_ms:.2f}x (target <= 2x)"
        )
    import statistics
    import time

    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from portfolio import selectors

    with connection.cursor() as cur:
        cur.execute("SELECT min(id) FROM portfolio_budgetline WHERE year = 2020")
        (line_id,) = cur.fetchone()

    def after_write(client: Client) -> tuple[float, float]:
        """A real write (a budget line's planned amount; the triggers bump the data version
        and update the summary's aggregates), then the summary: (write ms, summary ms)."""
        start = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE portfolio_budgetline SET planned = planned + 0.01 WHERE id = %s",
                [line_id],
            )
        mid = time.perf_counter()
        get(client, SUMMARY_URL)
        return (mid - start) * 1000, (time.perf_counter() - mid) * 1000

    users = {
        "anonymous": AnonymousUser(),
        "office": get_user_model().objects.get(username="kontor"),
    }
    for who, client in (("anonymous", anonymous), ("office", office)):
        summary_ms = median_ms(lambda c=client: get(c, SUMMARY_URL), runs=args.runs)
        for _ in range(2):
            after_write(client)
        pairs = [after_write(client) for _ in range(args.runs)]
        write_ms = statistics.median(p[0] for p in pairs)
        cold_ms = statistics.median(p[1] for p in pairs)
        scratch_ms = median_ms(
            lambda u=users[who]: selectors.portfolio_summary(
                year=2020, measures=selectors.portfolio_measures(u)
            ),
            runs=max(3, args.runs // 4),
            warmup=1,
        )
        print(
            f"GET {SUMMARY_URL} as {who}: {summary_ms:.1f} ms (target < 150 ms); "
            f"right after a write: {cold_ms:.1f} ms (the write itself {write_ms:.1f} ms); "
            f"computed from scratch (selectors.portfolio_summary): {scratch_ms:.1f} ms"
        )
    with connection.cursor() as cur:  # leave the amount as it was
        cur.execute(
            "UPDATE portfolio_budgetline SET planned = planned - %s WHERE id = %s",
            [Decimal("0.01") * (args.runs + 2) * 2, line_id],
        )


if __name__ == "__main__":
    main()
