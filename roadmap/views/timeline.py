"""The timeline (whole roadmap, a national solution, an actor) and its downloads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import get_template
from django.utils import translation
from django.utils.translation import gettext as _

from core import spreadsheet
from core.streaming import in_one_transaction
from portfolio.models import Actor, NationalSolution
from roadmap import policies, selectors
from roadmap.models import RoadmapItem
from roadmap.views.common import (
    TIMELINE_PAGE_SIZE,
    filtered_items,
    timeline_picture,
)


def index(
    request: HttpRequest, solution_code: str | None = None, actor_pk: int | None = None
) -> HttpResponse:
    """The timeline for the whole roadmap, a national solution or an actor."""
    fixed: dict[str, Any] = {}
    heading = _("Roadmap")
    if solution_code:
        solution = get_object_or_404(NationalSolution, code=solution_code)
        fixed["national_solution"] = solution.pk
        heading = _("Roadmap: %(name)s") % {"name": solution.name}
    if actor_pk:
        actor = get_object_or_404(Actor, pk=actor_pk)
        fixed["actor"] = actor.pk
        heading = _("Roadmap: %(name)s") % {"name": actor.name}
    filterset, qs = filtered_items(request, **fixed)
    analysis = selectors.analyse(qs)
    # the analysis spans every item; the page draws and lists one page of them
    page = Paginator(analysis.items, TIMELINE_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = {item.pk for item in page.object_list}
    # only the rows the page shows become model objects
    full = selectors.full_items(shown)
    critical = analysis.critical_path
    return render(
        request,
        "roadmap/timeline.html",
        {
            "nav": "roadmap",
            "heading": heading,
            "filterset": filterset,
            "analysis": analysis,
            "page_obj": page,
            "chart": timeline_picture(analysis, only=shown, user=request.user),
            "can_plan": policies.can_plan(request.user),
            "can_publish": policies.can_publish(request.user),
            "rows": [
                selectors.scheduled_row(analysis, item) | {"item": full.get(item.pk, item)}
                for item in page.object_list
            ],
            "dependencies": analysis.dependencies_among(shown),
            "critical_rows": [
                selectors.scheduled_row(analysis, analysis.by_id[i])
                for i in critical[:TIMELINE_PAGE_SIZE]
            ],
            "critical_more": max(0, len(critical) - TIMELINE_PAGE_SIZE),
            "solutions": NationalSolution.objects.filter(parent__isnull=True),
            "actors": Actor.objects.filter(
                Exists(RoadmapItem.objects.filter(actor=OuterRef("pk")))
            ),
            "query": request.GET.urlencode(),
            "violations": len(analysis.violations),
        },
    )


# rows per rendered chunk of the SVG download and per query of the CSV download
EXPORT_BATCH = 500
SVG_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def export_svg(request: HttpRequest) -> StreamingHttpResponse:
    """The whole timeline as a standalone SVG, streamed: the XML declaration leaves before
    the analysis runs, then the picture's head, and the rows, arrows and bars in batches of
    EXPORT_BATCH (the same picture as `gantt.svg`, never held as one string)."""
    _fs, qs = filtered_items(request)
    language = translation.get_language() or settings.LANGUAGE_CODE

    def produce() -> Iterator[bytes]:
        yield SVG_DECLARATION  # before anything is read
        with translation.override(language):
            chart = timeline_picture(selectors.analyse(qs))
            context = {"chart": chart, "standalone": True}

            def part(name: str, **extra: Any) -> bytes:
                template = get_template(f"roadmap/partials/gantt_{name}.svg")
                return template.render(context | extra).encode("utf-8")

            def batches(name: str, key: str, rows: list[Any]) -> Iterator[bytes]:
                for at in range(0, len(rows), EXPORT_BATCH):
                    yield part(name, **{key: rows[at : at + EXPORT_BATCH]})

            yield part("head")
            yield from batches("row_backgrounds", "bars", chart["bars"])
            yield part("axis")
            yield from batches("arrows", "arrows", chart["arrows"])
            yield from batches("items", "bars", chart["bars"])
            yield part("tail")

    response = StreamingHttpResponse(
        in_one_transaction(produce), content_type="image/svg+xml; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="roadmap.svg"'
    return response


def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every item with its schedule, streamed: the header leaves before the analysis runs,
    then the rows, their model objects read EXPORT_BATCH at a time (one query each)."""
    _fs, qs = filtered_items(request)
    header = [
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

    def rows() -> Iterator[list[Any]]:
        analysis = selectors.analyse(qs)
        preds: dict[int, list[str]] = {}
        for d in analysis.dependencies:
            preds.setdefault(d.successor_id, []).append(
                f"{analysis.by_id[d.predecessor_id].code}:{d.kind}:{d.lag_days}"
            )
        items = analysis.items
        for at in range(0, len(items), EXPORT_BATCH):
            batch = items[at : at + EXPORT_BATCH]
            full = selectors.full_items(row_item.pk for row_item in batch)
            for row_item in batch:
                row = selectors.scheduled_row(analysis, row_item)
                item = full.get(row["id"], row_item)
                yield [
                    item.code,
                    item.name,
                    item.kind,
                    item.actor.short_name,
                    item.national_solution.code if item.national_solution else "",
                    item.measure.code
                    if policies.can_view_linked_measure(request.user, item.measure)
                    else "",
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

    def produce() -> Iterator[bytes]:
        # text cells neutralised (no formula ever), written while the rows are produced
        return spreadsheet.csv_stream(header, rows(), bom=False)

    response = StreamingHttpResponse(
        in_one_transaction(produce), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="roadmap.csv"'
    return response
