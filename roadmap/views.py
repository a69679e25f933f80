"""Roadmap pages: thin views over selectors, services and the pure picture geometry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from core import spreadsheet
from core.services import history_for
from portfolio.choices import ActorKind, Phase
from portfolio.models import Actor, NationalSolution
from roadmap import graph, selectors, services, timeline
from roadmap.choices import Decision
from roadmap.filtersets import AdoptionPlanFilterSet, RoadmapItemFilterSet
from roadmap.forms import DependencyForm, WhatIfForm

CSS = "ds-input"
TIMELINE_PAGE_SIZE = 100


def _filtered(request: HttpRequest, **fixed: Any) -> tuple[RoadmapItemFilterSet, Any]:
    data = request.GET.copy()
    for key, value in fixed.items():
        data.setlist(key, [str(value)])
    base = selectors.items_visible_to(request.user)
    filterset = RoadmapItemFilterSet(data or None, queryset=base, request=request)
    for field in filterset.form.fields.values():
        field.widget.attrs.setdefault("class", CSS)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    return filterset, qs


def _picture(
    analysis: selectors.Analysis, moved: set[int] | None = None, only: set[int] | None = None
) -> dict[str, Any]:
    """The Gantt geometry; `only`: draw just these items (one page) and the links among them."""
    critical = analysis.critical_ids
    critical_pairs = {
        (a, b) for path in analysis.critical_paths for a, b in zip(path, path[1:], strict=False)
    }
    rows = [
        {
            "id": item.pk,
            "label": item.name,
            "actor": item.actor.short_name,
            "kind": item.kind,
            "decided": item.is_decided,
            "critical": item.pk in critical,
            "moved": bool(moved and item.pk in moved),
            "start": item.start,
            "end": item.end,
            "url": reverse("roadmap:item", args=[item.pk]),
        }
        for item in analysis.items
        if only is None or item.pk in only
    ]
    deps = [
        {
            "predecessor": d.predecessor_id,
            "successor": d.successor_id,
            "kind": d.kind,
            "critical": (d.predecessor_id, d.successor_id) in critical_pairs,
        }
        for d in analysis.dependencies
        if only is None or (d.predecessor_id in only and d.successor_id in only)
    ]
    return timeline.gantt(rows, deps, today=dt.date.today())


def _table_rows(analysis: selectors.Analysis) -> list[dict[str, Any]]:
    return [selectors.scheduled_row(analysis, item) | {"item": item} for item in analysis.items]


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
    filterset, qs = _filtered(request, **fixed)
    analysis = selectors.analyse(qs)
    # the analysis spans every item; the page draws and lists one page of them
    page = Paginator(analysis.items, TIMELINE_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = {item.pk for item in page.object_list}
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
            "chart": _picture(analysis, only=shown),
            "rows": [
                selectors.scheduled_row(analysis, item) | {"item": item}
                for item in page.object_list
            ],
            "dependencies": [
                d
                for d in analysis.dependencies
                if d.predecessor_id in shown and d.successor_id in shown
            ],
            "critical_rows": [
                selectors.scheduled_row(analysis, analysis.by_id[i])
                for i in critical[:TIMELINE_PAGE_SIZE]
            ],
            "critical_more": max(0, len(critical) - TIMELINE_PAGE_SIZE),
            "solutions": NationalSolution.objects.filter(parent__isnull=True),
            "actors": Actor.objects.filter(roadmap_items__isnull=False).distinct(),
            "query": request.GET.urlencode(),
            "violations": len(analysis.violations),
        },
    )


def export_svg(request: HttpRequest) -> HttpResponse:
    _fs, qs = _filtered(request)
    svg = render_to_string(
        "roadmap/partials/gantt.svg",
        {"chart": _picture(selectors.analyse(qs)), "standalone": True},
        request=request,
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="roadmap.svg"'
    return response


def export_csv(request: HttpRequest) -> HttpResponse:
    _fs, qs = _filtered(request)
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

    def rows() -> Any:
        for row in _table_rows(analysis):
            item = row["item"]
            yield [
                item.code,
                item.name,
                item.kind,
                item.actor.short_name,
                item.national_solution.code if item.national_solution else "",
                item.measure.code if item.measure else "",
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


def graph_view(request: HttpRequest) -> HttpResponse:
    """The dependency graph, layered left to right by the longest chain before each item."""
    filterset, qs = _filtered(request)
    analysis = selectors.analyse(qs)
    linked = {d.predecessor_id for d in analysis.dependencies} | {
        d.successor_id for d in analysis.dependencies
    }
    items = [i for i in analysis.items if i.pk in linked]
    edges = [selectors.edge_of(d) for d in analysis.dependencies]
    layout = graph.layered_layout([i.pk for i in items], edges)
    critical = analysis.critical_ids
    pairs = {(a, b) for p in analysis.critical_paths for a, b in zip(p, p[1:], strict=False)}
    nodes = [
        {
            "id": i.pk,
            "label": i.name,
            "actor": i.actor.short_name,
            "decided": i.is_decided,
            "critical": i.pk in critical,
            "url": reverse("roadmap:item", args=[i.pk]),
        }
        for i in items
    ]
    lines = [
        {
            "predecessor": d.predecessor_id,
            "successor": d.successor_id,
            "kind": d.kind,
            "kind_label": d.get_kind_display(),
            "scheduling": d.kind in graph.SCHEDULING_KINDS,
            "critical": (d.predecessor_id, d.successor_id) in pairs,
            "cross_actor": d.cross_actor,
        }
        for d in analysis.dependencies
    ]
    return render(
        request,
        "roadmap/graph.html",
        {
            "nav": "roadmap",
            "filterset": filterset,
            "picture": timeline.graph_picture(nodes, lines, layout),
            "dependencies": analysis.dependencies,
            "by_id": analysis.by_id,
        },
    )


def phases(request: HttpRequest) -> HttpResponse:
    """Phase overview: what is in which phase, decided or tentative, by year."""
    filterset, qs = _filtered(request)
    items = list(qs.select_related("actor", "national_solution").order_by("planned_start"))
    groups = []
    for value, label in [*Phase.choices, ("", _("No phase"))]:
        members = [i for i in items if i.phase == value]
        if members:
            groups.append(
                {
                    "label": label,
                    "items": members,
                    "decided": sum(1 for i in members if i.is_decided),
                    "tentative": sum(1 for i in members if not i.is_decided),
                }
            )
    return render(
        request,
        "roadmap/phases.html",
        {"nav": "roadmap", "filterset": filterset, "groups": groups},
    )


def _adoption(request: HttpRequest, *, heading: str, municipalities: bool) -> HttpResponse:
    data = request.GET.copy()
    if municipalities:
        data.setlist("actor_kind", [ActorKind.MUNICIPALITY])
    base = selectors.adoption_plans_visible_to(request.user)
    filterset = AdoptionPlanFilterSet(data or None, queryset=base, request=request)
    for field in filterset.form.fields.values():
        field.widget.attrs.setdefault("class", CSS)
    plans = list(filterset.qs if filterset.is_valid() else base)
    actors = sorted({p.actor for p in plans}, key=lambda a: a.short_name)
    solutions = sorted({p.national_solution for p in plans}, key=lambda s: s.name)
    matrix = {(p.actor_id, p.national_solution_id): p for p in plans}
    grid = [{"actor": a, "cells": [matrix.get((a.pk, s.pk)) for s in solutions]} for a in actors]
    items_qs = selectors.items_visible_to(request.user).filter(actor__in=[a.pk for a in actors])
    analysis = selectors.analyse(items_qs)
    return render(
        request,
        "roadmap/adoption.html",
        {
            "nav": "roadmap",
            "heading": heading,
            "filterset": filterset,
            "plans": plans,
            "solutions": solutions,
            "grid": grid,
            "chart": _picture(analysis),
            "rows": _table_rows(analysis),
            "municipalities": municipalities,
        },
    )


def adoption(request: HttpRequest) -> HttpResponse:
    return _adoption(request, heading=_("Adoption plans by actor"), municipalities=False)


def municipalities(request: HttpRequest) -> HttpResponse:
    return _adoption(request, heading=_("Municipalities' roadmap"), municipalities=True)


def what_if(request: HttpRequest) -> HttpResponse:
    """ "If this slips N days": the moved items, by how much, and the affected actors."""
    items = selectors.items_visible_to(request.user)
    form = WhatIfForm(request.GET or None, items=items)
    report = None
    chart = None
    if form.is_bound and form.is_valid():
        analysis = selectors.analyse(items)
        report = selectors.impact_report(
            analysis, form.cleaned_data["item"].pk, form.cleaned_data["slip_days"]
        )
        moved = {m["id"] for m in report["moved"]}
        chart = _picture(analysis, moved | {form.cleaned_data["item"].pk})
    return render(
        request,
        "roadmap/what_if.html",
        {"nav": "roadmap", "form": form, "report": report, "chart": chart},
    )


def violations(request: HttpRequest) -> HttpResponse:
    filterset, qs = _filtered(request)
    rows = selectors.violation_report(selectors.analyse(qs))
    return render(
        request,
        "roadmap/violations.html",
        {"nav": "roadmap", "filterset": filterset, "rows": rows},
    )


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_detail(request.user, pk)
    if item is None:
        raise Http404(_("No such roadmap item."))
    return render(
        request,
        "roadmap/item_detail.html",
        {
            "nav": "roadmap",
            "item": item,
            "can_edit": services.item_can_edit(request.user, item),
            "history": history_for(item)[:50],
        },
    )


@login_required
def dependency_create(request: HttpRequest) -> HttpResponse:
    """Add a dependency; a cycle is shown beside the field, naming the items on it."""
    items = selectors.items_visible_to(request.user)
    initial = {k: request.GET[k] for k in ("predecessor", "successor") if k in request.GET}
    form = DependencyForm(request.POST or None, items=items, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                dep = services.dependency_add(
                    by=request.user,
                    predecessor=data["predecessor"],
                    successor=data["successor"],
                    kind=data["kind"],
                    lag_days=data["lag_days"],
                    note=data["note"],
                )
            except ValidationError as exc:
                form.add_service_errors(
                    exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
                )
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Dependency added."))
                return redirect("roadmap:item", pk=dep.successor_id)
        status = 400
    return render(
        request,
        "roadmap/dependency_form.html",
        {"nav": "roadmap", "form": form, "decision": Decision},
        status=status,
    )
