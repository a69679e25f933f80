"""Named scenarios: list, detail beside the plan, slips, applying one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.services import history_for
from roadmap import policies, selectors, services
from roadmap.forms import (
    ScenarioForm,
    SlipForm,
)
from roadmap.models import ScenarioSlip
from roadmap.views.common import (
    consequence_items,
    moved_section,
    timeline_picture,
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
    drawn = consequence_items(report)
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
            "plan_chart": timeline_picture(analysis, only=drawn),
            "scenario_chart": timeline_picture(
                analysis, moved, only=drawn, overrides=report["dates"]
            ),
            "moved": moved_section(request, report),
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
