"""Analysis pages: the dependency graph, phases, adoption, the what-if and violations."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from portfolio.choices import ActorKind, Phase
from roadmap import graph, selectors, timeline
from roadmap.filtersets import AdoptionPlanFilterSet
from roadmap.forms import (
    WhatIfForm,
)
from roadmap.views.common import (
    CSS,
    TIMELINE_PAGE_SIZE,
    consequence_items,
    filtered_items,
    moved_section,
    timeline_picture,
)


def graph_view(request: HttpRequest) -> HttpResponse:
    """The dependency graph, one page of dependencies at a time: the page's dependencies are
    drawn (their items layered left to right by the longest chain before each) and listed in
    the table beside the drawing."""
    filterset, qs = filtered_items(request)
    analysis = selectors.analyse(qs)
    page = selectors.graph_page(analysis, request.GET.get("page"))
    shown = page.object_list
    ids = {d.predecessor_id for d in shown} | {d.successor_id for d in shown}
    items = [analysis.by_id[i] for i in sorted(ids)]
    layout = graph.layered_layout([i.pk for i in items], [selectors.edge_of(d) for d in shown])
    critical = analysis.critical_ids
    pairs = analysis.critical_pairs
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
        for d in shown
    ]
    return render(
        request,
        "roadmap/graph.html",
        {
            "nav": "roadmap",
            "filterset": filterset,
            "picture": timeline.graph_picture(nodes, lines, layout),
            "dependencies": shown,
            "page_obj": page,
        },
    )


def phases(request: HttpRequest) -> HttpResponse:
    """Phase overview: how many items are in which phase, decided or tentative (one
    aggregate), and one page of the items in phase order, grouped by phase."""
    filterset, qs = filtered_items(request)
    labels = {value: label for value, label in Phase.choices} | {"": _("No phase")}
    counts = [row | {"label": labels[row["phase"]]} for row in selectors.phase_counts(qs)]
    page, rows = selectors.phase_page(qs, request.GET.get("page"), counts=counts)
    by_phase = {row["phase"]: row for row in counts}
    groups: list[dict] = []
    for item in rows:
        if not groups or groups[-1]["phase"] != item.phase:
            groups.append({**by_phase[item.phase], "items": []})
        groups[-1]["items"].append(item)
    return render(
        request,
        "roadmap/phases.html",
        {
            "nav": "roadmap",
            "filterset": filterset,
            "counts": counts,
            "groups": groups,
            "page_obj": page,
        },
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
    # the analysis spans these actors' items; the page draws and lists one page of them
    page = Paginator(analysis.items, TIMELINE_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = {item.pk for item in page.object_list}
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
            "chart": timeline_picture(analysis, only=shown),
            "rows": [
                selectors.scheduled_row(analysis, item) | {"item": item}
                for item in page.object_list
            ],
            "page_obj": page,
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
    report = chart = section = None
    if form.is_bound and form.is_valid():
        analysis = selectors.analyse(items)
        slipping = form.cleaned_data["item"].pk
        report = selectors.impact_report(analysis, slipping, form.cleaned_data["slip_days"])
        moved = {m["id"] for m in report["moved"]}
        drawn = consequence_items(report, [slipping])
        chart = timeline_picture(analysis, moved | {slipping}, only=drawn)
        section = moved_section(request, report)
    return render(
        request,
        "roadmap/what_if.html",
        {"nav": "roadmap", "form": form, "report": report, "chart": chart, "moved": section},
    )


def violations(request: HttpRequest) -> HttpResponse:
    """The dependencies the plan breaks, one page at a time (the count from the analysis)."""
    filterset, qs = filtered_items(request)
    page = selectors.violation_page(selectors.analyse(qs), request.GET.get("page"))
    return render(
        request,
        "roadmap/violations.html",
        {"nav": "roadmap", "filterset": filterset, "rows": page.rows, "page_obj": page},
    )
