"""The roadmap analysis at scale: plain rows, cached per data version and caller scope,
and a timeline page whose number of queries does not grow with the roadmap."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _add_items(
    n: int, *, prefix: str, linked: bool = True, base: dt.date = dt.date(2022, 1, 3)
) -> list[Any]:
    """`n` published items over three actors, each but the first waiting for the one before
    (bulk: the test is about the pages, not the services)."""
    from portfolio.models import Actor
    from roadmap.choices import DependencyKind
    from roadmap.models import Dependency, RoadmapItem

    actors = list(Actor.objects.order_by("pk")[:3])
    items = RoadmapItem.objects.bulk_create(
        RoadmapItem(
            code=f"{prefix}-{i}",
            name=f"{prefix} item {i}",
            actor=actors[i % len(actors)],
            planned_start=base + dt.timedelta(days=7 * i),
            planned_end=base + dt.timedelta(days=7 * i + 20),
            duration_days=20,
            published=True,
        )
        for i in range(n)
    )
    if linked:
        Dependency.objects.bulk_create(
            Dependency(
                predecessor=a,
                successor=b,
                kind=DependencyKind.FINISH_TO_START,
                lag_days=0,
                cross_actor=a.actor_id != b.actor_id,
            )
            for a, b in zip(items, items[1:], strict=False)
        )
    return items


def _without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def _queries(client: Any, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_timeline_queries_do_not_grow_with_the_number_of_items(client, reference_data):
    _add_items(5, prefix="S", base=dt.date(2021, 1, 4))
    small, html = _queries(client, "/roadmap/")
    assert "S item 4" in html
    # far more than one page (100 rows), with a dependency chain through all of them
    _add_items(260, prefix="L")
    large, html = _queries(client, "/roadmap/")
    # the first page: the early chain, then the start of the long one, not its end
    assert "S item 0" in html and "L item 0" in html and "L item 259" not in html
    assert large == small


def test_a_second_view_reuses_the_analysis_and_a_write_refreshes_it(client, reference_data):
    from roadmap.models import RoadmapItem

    items = _add_items(30, prefix="C")
    cold, first = _queries(client, "/roadmap/")
    warm, second = _queries(client, "/roadmap/")
    assert warm < cold
    assert _without_csrf(second) == _without_csrf(first)
    RoadmapItem.objects.filter(pk=items[0].pk).update(name="Renamed first item")
    _n, third = _queries(client, "/roadmap/")
    assert "Renamed first item" in third
    assert "C item 0<" not in third


def test_the_cache_is_per_caller_scope(client, reference_data, django_user_model):
    """A user who may see only published items never gets the office's cached analysis."""
    from roadmap.models import RoadmapItem

    items = _add_items(4, prefix="P", linked=False)
    RoadmapItem.objects.filter(pk=items[1].pk).update(published=False, name="Hidden draft")
    office = django_user_model.objects.create_superuser("office16", "o@example.org", "x")
    client.force_login(office)
    _n, html = _queries(client, "/roadmap/")
    assert "Hidden draft" in html
    client.logout()
    reader = django_user_model.objects.create_user("reader16", "r@example.org", "x")
    client.force_login(reader)
    _n, html = _queries(client, "/roadmap/")
    assert "Hidden draft" not in html
    assert "P item 0" in html


def test_rows_carry_the_same_dates_as_the_model(reference_data):
    """The plain rows follow RoadmapItem.start / .end (forecast first, else plan and
    duration), checked against the model's own properties."""
    from roadmap import selectors
    from roadmap.models import RoadmapItem

    items = _add_items(3, prefix="F", linked=False)
    RoadmapItem.objects.filter(pk=items[0].pk).update(
        forecast_start=dt.date(2023, 5, 1), forecast_end=dt.date(2023, 6, 1)
    )
    RoadmapItem.objects.filter(pk=items[1].pk).update(forecast_start=dt.date(2023, 2, 1))
    analysis = selectors.analyse(RoadmapItem.objects.filter(code__startswith="F-"))
    for item in RoadmapItem.objects.filter(code__startswith="F-").select_related("actor"):
        row = analysis.by_id[item.pk]
        assert (row.start, row.end) == (item.start, item.end)
        assert row.actor.short_name == item.actor.short_name
        assert row.get_kind_display() == item.get_kind_display()
        assert row.get_decision_display() == item.get_decision_display()
    assert analysis.by_id[items[0].pk].start == dt.date(2023, 5, 1)


def test_phase_overview_from_plain_rows_shows_what_the_model_holds(client, roadmap_demo):
    from django.utils.html import escape

    from roadmap.models import RoadmapItem

    client.force_login(_office())
    html = client.get("/roadmap/phases/").content.decode()
    items = list(RoadmapItem.objects.select_related("actor", "national_solution"))
    assert any(i.national_solution_id for i in items)
    for item in items:
        solution = item.national_solution.name if item.national_solution else "–"
        cells = (
            f">{escape(item.name)}</a></th><td>{escape(item.actor.short_name)}</td>"
            f"<td>{escape(solution)}</td>"
        )
        assert cells in html, item.code
        assert escape(str(item.get_decision_display())) in html


def _office() -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("office16p", "p@example.org", "x")
