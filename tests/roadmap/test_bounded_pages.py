"""The dependency graph, violations and phase pages show one bounded page however large the
roadmap is: the number of queries and of rows rendered do not grow with the items."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portfolio.models import Actor
from roadmap.choices import DependencyKind
from roadmap.models import Dependency, RoadmapItem
from roadmap.selectors import PAGE_SIZE

pytestmark = pytest.mark.django_db


def _add_chain(n: int, *, prefix: str) -> list[RoadmapItem]:
    """`n` published items, each waiting for the one before but planned to start a week after
    it (so every dependency is also a violation), over three actors and two phases."""
    actors = list(Actor.objects.order_by("pk")[:3])
    base = dt.date(2022, 1, 3)
    items = RoadmapItem.objects.bulk_create(
        RoadmapItem(
            code=f"{prefix}-{i}",
            name=f"{prefix} item {i}",
            actor=actors[i % len(actors)],
            phase="" if i % 2 else "concept",
            planned_start=base + dt.timedelta(days=7 * i),
            planned_end=base + dt.timedelta(days=7 * i + 20),
            duration_days=20,
            published=True,
        )
        for i in range(n)
    )
    Dependency.objects.bulk_create(
        Dependency(
            predecessor=a,
            successor=b,
            kind=DependencyKind.FINISH_TO_START,
            cross_actor=a.actor_id != b.actor_id,
        )
        for a, b in zip(items, items[1:], strict=False)
    )
    return items


def _get(client: Any, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def _body_rows(html: str, table_id: str) -> int:
    table = html.split(f'id="{table_id}"')[1].split("</table>")[0]
    return len(re.findall(r"<tr>", table.split("<tbody>")[1]))


def _measure(client: Any, url: str, table_id: str) -> tuple[int, int, str]:
    queries, html = _get(client, url)
    return queries, _body_rows(html, table_id), html


PAGES = [
    ("/roadmap/graph/", "graph-table"),
    ("/roadmap/violations/", "violations-table"),
]


@pytest.mark.parametrize(("url", "table_id"), PAGES)
def test_analysis_pages_render_one_bounded_page(client, reference_data, url, table_id):
    _add_chain(5, prefix="S")
    small_queries, small_rows, _html = _measure(client, url, table_id)
    assert small_rows == 4
    _add_chain(PAGE_SIZE + 60, prefix="M")
    middle_queries, middle_rows, html = _measure(client, url, table_id)
    assert middle_rows == PAGE_SIZE
    assert 'rel="next"' in html
    _add_chain(2 * PAGE_SIZE + 60, prefix="L")
    large_queries, large_rows, _html = _measure(client, url, table_id)
    assert large_rows == PAGE_SIZE
    assert small_queries == middle_queries == large_queries


def test_the_graph_draws_the_dependencies_of_its_page_only(client, reference_data):
    _add_chain(2 * PAGE_SIZE + 60, prefix="G")
    _queries, html = _get(client, "/roadmap/graph/")
    svg = html.split('id="graph"')[1].split("</svg>")[0]
    assert svg.count('class="edge') == PAGE_SIZE
    assert svg.count('class="node ') <= 2 * PAGE_SIZE
    last_page = 1 + (2 * PAGE_SIZE + 59 - 1) // PAGE_SIZE
    _queries, html = _get(client, f"/roadmap/graph/?page={last_page}")
    assert _body_rows(html, "graph-table") == (2 * PAGE_SIZE + 59) % PAGE_SIZE
    assert "G item 259" in html


def test_every_violation_is_on_some_page(client, reference_data):
    _add_chain(PAGE_SIZE + 30, prefix="V")
    seen = 0
    for page in (1, 2):
        _queries, html = _get(client, f"/roadmap/violations/?page={page}")
        seen += _body_rows(html, "violations-table")
    assert seen == PAGE_SIZE + 29


def test_phase_overview_is_one_page_with_counts_from_an_aggregate(client, reference_data):
    _add_chain(5, prefix="S")
    small_queries, small_html = _get(client, "/roadmap/phases/")
    _add_chain(PAGE_SIZE + 60, prefix="M")
    middle_queries, middle_html = _get(client, "/roadmap/phases/")
    _add_chain(2 * PAGE_SIZE + 60, prefix="L")
    large_queries, large_html = _get(client, "/roadmap/phases/")
    # one query per phase the page spans, at most: never more than for the small roadmap
    assert max(middle_queries, large_queries) <= small_queries
    for html in (middle_html, large_html):
        listed = len(re.findall(r'<th scope="row"><a href="/roadmap/items/', html))
        assert listed == PAGE_SIZE
    counts = large_html.split('id="phase-counts"')[1].split("</table>")[0]
    total = 5 + PAGE_SIZE + 60 + 2 * PAGE_SIZE + 60
    concept = (5 + 1) // 2 + (PAGE_SIZE + 60 + 1) // 2 + (2 * PAGE_SIZE + 60 + 1) // 2
    # every item is tentative by default: the counts cover the whole roadmap, not the page
    assert f'<td class="num">{concept}</td>' in counts
    assert f'<td class="num">{total - concept}</td>' in counts
    last_page = 1 + (total - 1) // PAGE_SIZE
    _queries, html = _get(client, f"/roadmap/phases/?page={last_page}")
    listed = len(re.findall(r'<th scope="row"><a href="/roadmap/items/', html))
    assert listed == total - (last_page - 1) * PAGE_SIZE
    assert "No phase" in html and "L item 259" in html
