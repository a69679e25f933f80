"""The timeline (whole roadmap, a national solution, an actor) and its downloads."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core import spreadsheet
from portfolio.models import Actor, NationalSolution
from roadmap import policies, selectors
from roadmap.models import RoadmapItem
from roadmap.views.common import (
    TIMELINE_PAGE_SIZE,
    filtered_items,
    table_rows,
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


def export_svg(request: HttpRequest) -> HttpResponse:
    _fs, qs = filtered_items(request)
    svg = render_to_string(
        "roadmap/partials/gantt.svg",
        {"chart": timeline_picture(selectors.analyse(qs)), "standalone": True},
        request=request,
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="roadmap.svg"'
    return response


def export_csv(request: HttpRequest) -> HttpResponse:
    _fs, qs = filtered_items(request)
    analysis = selectors.analyse(qs)
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
    preds: dict[int, list[str]] = {}
    for d in analysis.dependencies:
        preds.setdefault(d.successor_id, []).append(
            f"{analysis.by_id[d.predecessor_id].code}:{d.kind}:{d.lag_days}"
        )

    full = selectors.full_items_in(qs)

    def rows() -> Any:
        for row in table_rows(analysis):
            item = full.get(row["id"], row["item"])
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

    # text cells neutralised (no formula ever), written while the rows are produced
    response = StreamingHttpResponse(
        spreadsheet.csv_stream(header, rows(), bom=False), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="roadmap.csv"'
    return response
