"""Roadmap pages: thin views over selectors, services and the pure picture geometry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from core import spreadsheet
from core.policy import present_history
from core.services import history_for
from portfolio.choices import ActorKind, Phase
from portfolio.models import Actor, NationalSolution
from roadmap import graph, policies, selectors, services, timeline
from roadmap.choices import Decision
from roadmap.filtersets import AdoptionPlanFilterSet, RoadmapItemFilterSet
from roadmap.forms import (
    AdoptionPlanForm,
    ChallengeForm,
    DependencyForm,
    MoveForm,
    PublishForm,
    RoadmapItemForm,
    ScenarioForm,
    SlipForm,
    WhatIfForm,
)
from roadmap.models import AdoptionPlan, Challenge, Dependency, RoadmapItem, ScenarioSlip

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
    analysis: selectors.Analysis,
    moved: set[int] | None = None,
    *,
    only: set[int] | None = None,
    overrides: dict[int, tuple[dt.date, dt.date]] | None = None,
    user: Any = None,
) -> dict[str, Any]:
    """The timeline geometry; `only`: draw just these items (one page) and the links among
    them; `overrides` draws some items at other dates (a preview or a scenario), `user` marks
    the bars that user may move on the timeline."""
    critical = analysis.critical_ids
    critical_pairs = {
        (a, b) for path in analysis.critical_paths for a, b in zip(path, path[1:], strict=False)
    }
    overrides = overrides or {}
    rows = []
    for item in analysis.items:
        if only is not None and item.pk not in only:
            continue
        start, end = overrides.get(item.pk, (item.start, item.end))
        editable = user is not None and policies.can_edit_item(user, item)
        rows.append(
            {
                "id": item.pk,
                "label": item.name,
                "actor": item.actor.short_name,
                "kind": item.kind,
                "decided": item.is_decided,
                "critical": item.pk in critical,
                "moved": bool(moved and item.pk in moved),
                "start": start,
                "end": end,
                "url": reverse("roadmap:item", args=[item.pk]),
                "move_url": reverse("roadmap:item-move", args=[item.pk]) if editable else "",
                "version": item.version,
            }
        )
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
            "chart": _picture(analysis, only=shown, user=request.user),
            "can_plan": policies.can_plan(request.user),
            "can_publish": policies.can_publish(request.user),
            "rows": [
                selectors.scheduled_row(analysis, item) | {"item": full.get(item.pk, item)}
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

    full = selectors.full_items_in(qs)

    def rows() -> Any:
        for row in _table_rows(analysis):
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
    items = selectors.item_rows(qs.order_by("planned_start"), with_solutions=True)
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


def _item_history(request: HttpRequest, item: Any) -> Any:
    """The item's history without changes of dependencies the caller may not see."""
    visible = policies.visible_dependencies(request.user).filter(successor=item)
    dependency = ContentType.objects.get_for_model(Dependency)
    return history_for(item).exclude(
        Q(content_type=dependency)
        & ~Q(object_id__in=[str(pk) for pk in visible.values_list("pk", flat=True)])
    )


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_detail(request.user, pk)
    if item is None:
        raise Http404(_("No such roadmap item."))
    measure_visible = policies.can_view_linked_measure(request.user, item.measure)
    plans = list(selectors.adoption_plans_visible_to(request.user).filter(item=item))
    for plan in plans:
        plan.editable = policies.can_edit_adoption_plan(request.user, plan)
    return render(
        request,
        "roadmap/item_detail.html",
        {
            "nav": "roadmap",
            "item": item,
            "adoption_plans": plans,
            "can_plan": policies.can_plan(request.user),
            "can_edit": policies.can_edit_item(request.user, item),
            "measure_visible": measure_visible,
            "history": present_history(
                _item_history(request, item)[:50],
                request.user,
                hidden_fields=() if measure_visible else ("measure",),
            ),
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


# Editing ----------------------------------------------------------------------------------


def _editable_item(request: HttpRequest, pk: int) -> RoadmapItem:
    item = selectors.item_detail(request.user, pk)
    if item is None:
        raise Http404(_("No such roadmap item."))
    if not policies.can_edit_item(request.user, item):
        raise PermissionDenied(_("You may not change this roadmap item."))
    return item


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    heading: str,
    submit: str,
    cancel: str,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    return render(
        request,
        "roadmap/edit_form.html",
        {
            "nav": "roadmap",
            "form": form,
            "heading": heading,
            "submit": submit,
            "cancel": cancel,
            **extra,
        },
        status=status,
    )


@login_required
def item_create(request: HttpRequest) -> HttpResponse:
    """A new roadmap item, for an actor the user plans for."""
    if not policies.can_plan(request.user):
        raise PermissionDenied(_("Only the office and actor representatives plan the roadmap."))
    form = RoadmapItemForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(by=request.user, fields=form.values())
        except ValidationError as exc:
            form.add_service_errors(exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Roadmap item saved."))
            return redirect("roadmap:item", pk=item.pk)
    return _form_page(
        request,
        form,
        heading=_("New roadmap item"),
        submit=_("Save the item"),
        cancel=reverse("roadmap:index"),
        status=400 if form.errors else 200,
    )


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an item; a save over someone else's newer save is reported, never made."""
    item = _editable_item(request, pk)
    form = RoadmapItemForm(request.POST or None, user=request.user, instance=item)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(
                item=RoadmapItem.objects.get(pk=item.pk),
                by=request.user,
                fields=form.values(),
                expected_version=form.cleaned_data.get("version") or item.version,
            )
        except services.VersionConflict as exc:
            conflict = exc
            form.data = form.data.copy()
            form.data["version"] = exc.item.version
        except ValidationError as exc:
            form.add_service_errors(exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Roadmap item saved."))
            return redirect("roadmap:item", pk=item.pk)
    return _form_page(
        request,
        form,
        heading=_("Edit “%(name)s”") % {"name": item.name},
        submit=_("Save the item"),
        cancel=reverse("roadmap:item", args=[item.pk]),
        status=409 if conflict else 400 if form.errors else 200,
        conflict=conflict,
        item=item,
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


@login_required
def item_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move or resize an item: the form (no JavaScript needed), the preview of what it
    pushes (the what-if's computation), then the save with the version the user read.
    The timeline's drag and keyboard layer only fills in the days and opens the preview."""
    item = _editable_item(request, pk)
    data = request.POST if request.method == "POST" else request.GET
    bound = "start_days" in data or "end_days" in data
    if bound and not data.get("version"):
        data = data.copy()
        data["version"] = str(item.version)
    initial = {"start_days": 0, "end_days": 0, "version": item.version}
    form = MoveForm(data if bound else None, initial=initial)
    preview = conflict = changed = None
    status = 200
    if bound and form.is_valid():
        d = form.cleaned_data
        if request.method == "POST":
            try:
                report = services.item_move(
                    item=item,
                    by=request.user,
                    start_days=d["start_days"],
                    end_days=d["end_days"],
                    expected_version=d["version"],
                    expected_signature=d["signature"] or None,
                )
            except services.VersionConflict as exc:
                conflict, status = exc, 409
            except services.ConsequencesChanged as exc:
                changed, preview, status = exc, exc.report, 409
            except ValidationError as exc:
                _errors_to(form, exc)
                status = 400
            else:
                messages.success(
                    request,
                    _("“%(name)s” moved; %(count)s other items moved with it.")
                    % {"name": item.name, "count": len(report["moved"])},
                )
                return redirect("roadmap:item", pk=item.pk)
        else:
            try:
                preview = services.move_preview(
                    by=request.user, item=item, start_days=d["start_days"], end_days=d["end_days"]
                )
            except ValidationError as exc:
                _errors_to(form, exc)
                status = 400
        if preview is not None:
            form = MoveForm(
                initial={
                    "start_days": d["start_days"],
                    "end_days": d["end_days"],
                    "version": d["version"],
                    "signature": preview["signature"],
                }
            )
    elif bound:
        status = 400
    chart = None
    if preview is not None:
        analysis = selectors.analyse(selectors.items_visible_to(request.user))
        moved = {m["id"] for m in preview["moved"]} | {item.pk}
        chart = _picture(analysis, moved, overrides=preview["dates"])
    return render(
        request,
        "roadmap/move.html",
        {
            "nav": "roadmap",
            "item": item,
            "form": form,
            "preview": preview,
            "chart": chart,
            "conflict": conflict,
            "changed": changed,
        },
        status=status,
    )


def _errors_to(form: Any, exc: ValidationError) -> None:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for field, msgs in errors.items():
        for msg in msgs:
            form.add_error(field if field in form.fields else None, msg)


@login_required
def publish(request: HttpRequest) -> HttpResponse:
    """The office publishes many items at once."""
    if not policies.can_publish(request.user):
        raise PermissionDenied(_("Only the portfolio office publishes the roadmap."))
    drafts = RoadmapItem.objects.filter(published=False).select_related("actor")
    form = PublishForm(request.POST or None, items=drafts.order_by("planned_start", "code"))
    if request.method == "POST" and form.is_valid():
        count = services.items_publish(by=request.user, items=form.cleaned_data["items"])
        messages.success(request, _("%(count)s items published.") % {"count": count})
        return redirect("roadmap:publish")
    return render(
        request,
        "roadmap/publish.html",
        {"nav": "roadmap", "form": form, "drafts": drafts.order_by("planned_start", "code")},
        status=400 if form.errors else 200,
    )


@login_required
def adoption_plan_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create or change an adoption plan for an actor the user plans for."""
    plan = None
    if pk is not None:
        plan = get_object_or_404(selectors.adoption_plans_visible_to(request.user), pk=pk)
        if not policies.can_edit_adoption_plan(request.user, plan):
            raise PermissionDenied(_("You may not change this adoption plan."))
    elif not policies.can_plan(request.user):
        raise PermissionDenied(_("Only the office and actor representatives plan the roadmap."))
    initial = {}
    if plan is None and _int(request.GET.get("item")):
        linked = selectors.items_visible_to(request.user).filter(pk=request.GET["item"]).first()
        if linked is not None:
            initial = {
                "item": linked.pk,
                "actor": linked.actor_id,
                "national_solution": linked.national_solution_id,
                "planned_date": linked.end,
            }
    form = AdoptionPlanForm(request.POST or None, user=request.user, instance=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.adoption_plan_save(
                by=request.user,
                fields=dict(form.cleaned_data),
                plan=AdoptionPlan.objects.get(pk=plan.pk) if plan else None,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Adoption plan saved."))
            if saved.item_id:
                return redirect("roadmap:item", pk=saved.item_id)
            return redirect("roadmap:adoption")
    cancel = reverse("roadmap:adoption")
    if plan and plan.item_id:
        cancel = reverse("roadmap:item", args=[plan.item_id])
    return _form_page(
        request,
        form,
        heading=_("Edit the adoption plan") if plan else _("New adoption plan"),
        submit=_("Save the adoption plan"),
        cancel=cancel,
        status=400 if form.errors else 200,
    )


@login_required
def challenge_edit(
    request: HttpRequest, item_pk: int | None = None, pk: int | None = None
) -> HttpResponse:
    """Record or change a challenge on an item the user may edit."""
    challenge = None
    if pk is not None:
        challenge = get_object_or_404(selectors.challenges_visible_to(request.user), pk=pk)
        item = challenge.item
    else:
        item = selectors.item_detail(request.user, item_pk)
        if item is None:
            raise Http404(_("No such roadmap item."))
    if not policies.can_edit_item(request.user, item):
        raise PermissionDenied(_("You may only record challenges on your own actor's items."))
    form = ChallengeForm(request.POST or None, instance=challenge)
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_save(
                by=request.user,
                fields={**form.cleaned_data, "item": item},
                challenge=Challenge.objects.get(pk=challenge.pk) if challenge else None,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Challenge saved."))
            return redirect("roadmap:item", pk=item.pk)
    return _form_page(
        request,
        form,
        heading=(_("Edit the challenge") if challenge else _("New challenge")) + f" – {item.name}",
        submit=_("Save the challenge"),
        cancel=reverse("roadmap:item", args=[item.pk]),
        status=400 if form.errors else 200,
    )


# Scenarios --------------------------------------------------------------------------------


def _visible_scenarios(request: HttpRequest) -> Any:
    return (
        policies.scenarios_visible_to(request.user)
        .select_related("created_by")
        .prefetch_related("slips", "slips__item")
    )


@login_required
def scenarios(request: HttpRequest) -> HttpResponse:
    """The saved scenarios, and a form to save a new one (from the what-if page too)."""
    items = selectors.items_visible_to(request.user)
    form = ScenarioForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        slips = [(d["item"], d["slip_days"])] if d.get("item") else []
        try:
            scenario = services.scenario_create(
                by=request.user, name=d["name"], description=d["description"], slips=slips
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Scenario saved."))
            return redirect("roadmap:scenario", pk=scenario.pk)
    return render(
        request,
        "roadmap/scenarios.html",
        {"nav": "roadmap", "form": form, "scenarios": _visible_scenarios(request)},
        status=400 if form.errors else 200,
    )


@login_required
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The scenario beside the plan: two timelines and the table of differences (the same
    computation as the what-if page); add or remove slips; apply (office)."""
    scenario = get_object_or_404(_visible_scenarios(request), pk=pk)
    report = selectors.scenario_report(request.user, scenario)
    analysis = report["analysis"]
    moved = {m["id"] for m in report["moved"]} | {c["id"] for c in report["changed"]}
    slip_form = SlipForm(
        request.POST if request.method == "POST" else None,
        items=selectors.items_visible_to(request.user),
    )
    status = 200
    if request.method == "POST":
        if not policies.can_edit_scenario(request.user, scenario):
            raise PermissionDenied(_("You may not change this scenario."))
        if slip_form.is_valid():
            try:
                services.scenario_slip_save(
                    by=request.user,
                    scenario=scenario,
                    item=slip_form.cleaned_data["item"],
                    days=slip_form.cleaned_data["slip_days"],
                )
            except ValidationError as exc:
                slip_form.add_service_errors(exc)
            else:
                messages.success(request, _("Slip saved."))
                return redirect("roadmap:scenario", pk=scenario.pk)
        status = 400
    return render(
        request,
        "roadmap/scenario_detail.html",
        {
            "nav": "roadmap",
            "scenario": scenario,
            "report": report,
            "plan_chart": _picture(analysis),
            "scenario_chart": _picture(analysis, moved, overrides=report["dates"]),
            "form": slip_form,
            "can_edit": policies.can_edit_scenario(request.user, scenario),
            "can_apply": policies.can_apply_scenario(request.user, scenario),
            "history": history_for(scenario)[:50],
        },
        status=status,
    )


@login_required
def scenario_slip_delete(request: HttpRequest, pk: int, slip_pk: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("roadmap:scenario", pk=pk)
    slip = get_object_or_404(
        ScenarioSlip.objects.select_related("scenario"), pk=slip_pk, scenario=pk
    )
    services.scenario_slip_delete(by=request.user, slip=slip)
    messages.success(request, _("Slip removed."))
    return redirect("roadmap:scenario", pk=pk)


@login_required
def scenario_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Make the scenario the plan, in one step (office only)."""
    scenario = get_object_or_404(policies.scenarios_visible_to(request.user), pk=pk)
    if request.method != "POST":
        return redirect("roadmap:scenario", pk=pk)
    try:
        report = services.scenario_apply(by=request.user, scenario=scenario)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Scenario applied: %(count)s items have new dates.")
            % {"count": len(report["changed"]) + len(report["moved"])},
        )
    return redirect("roadmap:scenario", pk=pk)
