"""One roadmap item: its page, creating, editing, moving it on the timeline, publishing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.listing import paginate
from core.policy import present_history
from core.services import history_for
from roadmap import policies, selectors, services
from roadmap.forms import (
    MoveForm,
    PublishForm,
    RoadmapItemForm,
)
from roadmap.models import Dependency, RoadmapItem
from roadmap.views.common import (
    consequence_items,
    form_page,
    moved_section,
    timeline_picture,
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


# Editing ----------------------------------------------------------------------------------


def _editable_item(request: HttpRequest, pk: int) -> RoadmapItem:
    item = selectors.item_detail(request.user, pk)
    if item is None:
        raise Http404(_("No such roadmap item."))
    if not policies.can_edit_item(request.user, item):
        raise PermissionDenied(_("You may not change this roadmap item."))
    return item


@login_required
def item_create(request: HttpRequest) -> HttpResponse:
    """A new roadmap item, for an actor the user plans for."""
    if not policies.can_plan(request.user):
        raise PermissionDenied(_("Only the office and actor representatives plan the roadmap."))
    form = RoadmapItemForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        item = form.attempt(lambda: services.item_create(by=request.user, fields=form.values()))
        if item is not None:
            messages.success(request, _("Roadmap item saved."))
            return redirect("roadmap:item", pk=item.pk)
    return form_page(
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
            form.attempt(
                lambda: services.item_update(
                    item=RoadmapItem.objects.get(pk=item.pk),
                    by=request.user,
                    fields=form.values(),
                    expected_version=form.cleaned_data.get("version") or item.version,
                )
            )
        except services.VersionConflict as exc:
            conflict = exc
            form.data = form.data.copy()
            form.data["version"] = exc.item.version
        if conflict is None and not form.errors:
            messages.success(request, _("Roadmap item saved."))
            return redirect("roadmap:item", pk=item.pk)
    return form_page(
        request,
        form,
        heading=_("Edit “%(name)s”") % {"name": item.name},
        submit=_("Save the item"),
        cancel=reverse("roadmap:item", args=[item.pk]),
        status=409 if conflict else 400 if form.errors else 200,
        conflict=conflict,
        item=item,
    )


def int_or_none(value: str | None) -> int | None:
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
    chart = section = None
    if preview is not None:
        analysis = selectors.analyse(selectors.items_visible_to(request.user))
        moved = {m["id"] for m in preview["moved"]} | {item.pk}
        drawn = consequence_items(preview, [item.pk])
        chart = timeline_picture(analysis, moved, only=drawn, overrides=preview["dates"])
        section = moved_section(None, preview)
    return render(
        request,
        "roadmap/move.html",
        {
            "nav": "roadmap",
            "item": item,
            "form": form,
            "preview": preview,
            "chart": chart,
            "moved": section,
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


PUBLISH_PAGE_SIZE = 100


@login_required
def publish(request: HttpRequest) -> HttpResponse:
    """The office publishes many items at once."""
    if not policies.can_publish(request.user):
        raise PermissionDenied(_("Only the portfolio office publishes the roadmap."))
    drafts = RoadmapItem.objects.filter(published=False).select_related("actor")
    drafts = drafts.order_by("planned_start", "code", "id")
    page = paginate(request, drafts, PUBLISH_PAGE_SIZE)
    form = PublishForm(request.POST or None, items=drafts, shown=page.object_list)
    if request.method == "POST" and form.is_valid():
        count = services.items_publish(by=request.user, items=form.cleaned_data["items"])
        messages.success(request, _("%(count)s items published.") % {"count": count})
        return redirect("roadmap:publish")
    return render(
        request,
        "roadmap/publish.html",
        {"nav": "roadmap", "form": form, "page_obj": page},
        status=400 if form.errors else 200,
    )
