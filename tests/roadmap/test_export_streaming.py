"""The roadmap downloads stream: the CSV header and the SVG's XML declaration leave before
the roadmap is analysed, the CSV reads its model objects one batch of rows at a time, and
the SVG is rendered and sent in batches of rows, yet both are the same documents as before."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core import spreadsheet
from portfolio.models import Actor, NationalSolution
from roadmap import policies, selectors
from roadmap.choices import DependencyKind
from roadmap.models import Dependency, RoadmapItem
from roadmap.views import timeline as timeline_views
from roadmap.views.common import table_rows, timeline_picture

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
HEADER = [
    "code",
    "name",
    "kind",
    "actor",
    "national_solution",
    "measure",
    "phase",
    "decision",
    "start",
    "end",
    "earliest_start",
    "earliest_end",
    "latest_start",
    "latest_end",
    "slack_days",
    "critical",
    "depends_on",
]


def _add_chain(n: int, *, prefix: str, actors: list[Actor] | None = None) -> list[RoadmapItem]:
    """`n` published items over three actors, each waiting for the one before."""
    actors = actors or list(Actor.objects.order_by("pk")[:3])
    base = dt.date(2022, 1, 3)
    items = RoadmapItem.objects.bulk_create(
        RoadmapItem(
            code=f"{prefix}-{i}",
            name=f"{prefix} item {i}",
            actor=actors[i % len(actors)],
            phase="" if i % 2 else "concept",
            kind="milestone" if i % 5 == 4 else "delivery",
            decision="decided" if i % 3 == 0 else "tentative",
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
            lag_days=k % 4,
            cross_actor=a.actor_id != b.actor_id,
        )
        for k, (a, b) in enumerate(zip(items, items[1:], strict=False))
    )
    return items


def _old_export(user: Any) -> bytes:
    """The CSV the export wrote before it streamed (the whole roadmap as model objects)."""
    qs = selectors.items_visible_to(user)
    analysis = selectors.analyse(qs)
    preds: dict[int, list[str]] = {}
    for d in analysis.dependencies:
        preds.setdefault(d.successor_id, []).append(
            f"{analysis.by_id[d.predecessor_id].code}:{d.kind}:{d.lag_days}"
        )
    full = selectors.full_items_in(qs)
    rows = []
    for row in table_rows(analysis):
        item = full.get(row["id"], row["item"])
        rows.append(
            [
                item.code,
                item.name,
                item.kind,
                item.actor.short_name,
                item.national_solution.code if item.national_solution else "",
                item.measure.code if policies.can_view_linked_measure(user, item.measure) else "",
                item.phase,
                item.decision,
                row["start"],
                row["end"],
                row["earliest_start"],
                row["earliest_end"],
                row["latest_start"],
                row["latest_end"],
                row["slack_days"],
                "yes" if row["critical"] else "no",
                " ".join(preds.get(item.pk, [])),
            ]
        )
    return b"".join(spreadsheet.csv_stream(HEADER, rows, bom=False))


def _small_roadmap(actor_a: Any, make_measure: Any) -> None:
    """A chain with dependencies, an unpublished measure of actor A linked to a published
    item, a published measure, a national solution, a text that looks like a formula, a
    relation, and an unpublished item."""
    items = _add_chain(7, prefix="C")
    hidden = make_measure(actor_a, published=False, code="HIDDEN-M")
    shown = make_measure(actor_a, code="SHOWN-M")
    solution = NationalSolution.objects.order_by("pk").first()
    RoadmapItem.objects.filter(pk=items[1].pk).update(measure=hidden, name='=1+2, "quoted"')
    RoadmapItem.objects.filter(pk=items[2].pk).update(measure=shown, national_solution=solution)
    RoadmapItem.objects.filter(pk=items[5].pk).update(published=False, actor=actor_a)
    Dependency.objects.create(predecessor=items[0], successor=items[4], kind=DependencyKind.REUSE)
    extra = RoadmapItem.objects.create(
        code="SOLO",
        name="Alone",
        actor=actor_a,
        planned_start=dt.date(2021, 3, 1),
        planned_end=dt.date(2021, 3, 1),
        duration_days=0,
        kind="milestone",
        published=True,
    )
    Dependency.objects.create(
        predecessor=extra, successor=items[3], kind=DependencyKind.START_TO_START, lag_days=3
    )


def _download(client: Any, url: str) -> tuple[Any, list[bytes]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.streaming
    return response, list(response.streaming_content)


@pytest.mark.parametrize("who", ["anonymous", "rep_a", "rep_b", "office"])
def test_csv_export_writes_the_same_bytes_as_before(
    client, monkeypatch, who, rep_a, rep_b, office_user, actor_a, make_measure
):
    monkeypatch.setattr(timeline_views, "EXPORT_BATCH", 3)  # several batches of rows
    _small_roadmap(actor_a, make_measure)
    user = {"anonymous": None, "rep_a": rep_a, "rep_b": rep_b, "office": office_user}[who]
    if user is not None:
        client.force_login(user)
    response, chunks = _download(client, "/roadmap/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="roadmap.csv"'
    body = b"".join(chunks)
    expected = _old_export(user if user is not None else response.wsgi_request.user)
    assert body == expected
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert rows[0] == HEADER
    assert ("HIDDEN-M" in body.decode()) is (who in ("rep_a", "office"))
    assert "SHOWN-M" in body.decode()
    assert any(r[1] == '\'=1+2, "quoted"' for r in rows[1:])
    # everything the caller may see, each once
    assert len(rows) - 1 == selectors.items_visible_to(response.wsgi_request.user).count()


def test_csv_header_leaves_before_the_roadmap_is_read(client, office_user, actor_a, make_measure):
    _small_roadmap(actor_a, make_measure)
    client.force_login(office_user)
    response = client.get("/roadmap/export.csv")
    chunks = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as ctx:
        first = next(chunks)
    assert first == ",".join(HEADER).encode() + b"\r\n"
    assert not [q for q in ctx.captured_queries if "roadmap_roadmapitem" in q["sql"]]
    assert b"C-0," in b"".join(chunks)


def _queries_of(client: Any, url: str) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as ctx:
        _response, chunks = _download(client, url)
    return len(ctx.captured_queries), b"".join(chunks)


def test_csv_queries_grow_by_one_per_batch_of_rows_only(client, monkeypatch, reference_data):
    monkeypatch.setattr(timeline_views, "EXPORT_BATCH", 10)
    _add_chain(5, prefix="S")
    small, small_body = _queries_of(client, "/roadmap/export.csv")
    _add_chain(55, prefix="L")
    large, large_body = _queries_of(client, "/roadmap/export.csv")
    assert small_body.count(b"\r\n") == 1 + 5 and large_body.count(b"\r\n") == 1 + 60
    assert large - small == math.ceil(60 / 10) - math.ceil(5 / 10)


def _svg_download(client: Any) -> tuple[Any, list[bytes]]:
    response, chunks = _download(client, "/roadmap/export.svg")
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="roadmap.svg"'
    return response, chunks


def test_svg_export_streams_one_bar_per_item_in_batches(
    client, monkeypatch, office_user, actor_a, make_measure
):
    monkeypatch.setattr(timeline_views, "EXPORT_BATCH", 4)
    _small_roadmap(actor_a, make_measure)
    _add_chain(30, prefix="B")
    client.force_login(office_user)
    response = client.get("/roadmap/export.svg")
    assert response.streaming
    chunks = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as ctx:
        first = next(chunks)
    # the XML declaration leaves before the roadmap is read, and no row comes with it
    assert first.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert not [q for q in ctx.captured_queries if "roadmap_" in q["sql"]]
    assert b"item" not in first and b"C-0" not in first
    rest = list(chunks)
    head = rest[0].decode()
    assert head.startswith("<svg ") and "g-item" not in head and "C item" not in head
    assert '<title id="gantt-title">' in head and '<desc id="gantt-desc">' in head
    items = RoadmapItem.objects.count()
    # rows, arrows and bars are rendered a batch at a time: no chunk holds more than 4 bars
    assert max(chunk.count(b'<g class="g-item">') for chunk in rest) == 4
    assert len(rest) >= 3 * math.ceil(items / 4)

    svg = b"".join([first, *rest])
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "group" and root.get("aria-labelledby") == "gantt-title"
    bars = [g for g in root.iter(f"{SVG}g") if g.get("class") == "g-item"]
    assert len(bars) == items
    stripes = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "g-row"]
    assert len(stripes) == items
    labels = {"".join(g.find(f"{SVG}text").itertext()) for g in bars}
    assert any("B item 29" in label for label in labels)
    arrows = [p for p in root.iter(f"{SVG}path") if "g-arrow" in (p.get("class") or "")]
    assert len(arrows) == Dependency.objects.count()
    assert root.get("height") == str(28 + items * 26 + 8)
    # every bar keeps its own title (screen readers)
    assert all(g.find(f"{SVG}a/*/{SVG}title") is not None for g in bars)


def test_svg_export_is_the_timeline_picture_of_the_whole_roadmap(
    client, monkeypatch, office_user, actor_a, make_measure
):
    monkeypatch.setattr(timeline_views, "EXPORT_BATCH", 3)
    _small_roadmap(actor_a, make_measure)
    client.force_login(office_user)
    _response, chunks = _svg_download(client)
    analysis = selectors.analyse(selectors.items_visible_to(office_user))
    whole = render_to_string(
        "roadmap/partials/gantt.svg",
        {"chart": timeline_picture(analysis), "standalone": True},
    )
    assert b"".join(chunks).decode() == whole


@pytest.mark.parametrize(
    ("language", "words"), [("nb", ("I dag", "foreløpig")), ("en", ("Today",))]
)
def test_svg_export_speaks_the_request_language_while_it_streams(
    client, office_user, actor_a, make_measure, language, words
):
    _small_roadmap(actor_a, make_measure)
    client.force_login(office_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/roadmap/export.svg")
    other = "en" if language == "nb" else "nb"
    with translation.override(other):  # the rows are rendered after the view returned
        svg = b"".join(response.streaming_content).decode()
    assert all(word in svg for word in words)
    assert "I dag" not in svg if language == "en" else "Today" not in svg


def test_svg_export_of_an_empty_roadmap_is_a_valid_picture(client, reference_data):
    _response, chunks = _svg_download(client)
    root = ET.fromstring(b"".join(chunks))
    assert not [g for g in root.iter(f"{SVG}g") if g.get("class") == "g-item"]
    assert root.find(f"{SVG}title") is not None
