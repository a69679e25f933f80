"""Editing what hangs off items: dependencies, adoption plans and challenges."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from roadmap import policies, selectors, services
from roadmap.choices import Decision
from roadmap.forms import (
    AdoptionPlanForm,
    ChallengeForm,
    DependencyForm,
)
from roadmap.models import AdoptionPlan, Challenge
from roadmap.views.common import (
    form_page,
)
from roadmap.views.items import int_or_none


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
            dep = form.attempt(
                lambda: services.dependency_add(
                    by=request.user,
                    predecessor=data["predecessor"],
                    successor=data["successor"],
                    kind=data["kind"],
                    lag_days=data["lag_days"],
                    note=data["note"],
                )
            )
            if dep is not None:
                messages.success(request, _("Dependency added."))
                return redirect("roadmap:item", pk=dep.successor_id)
        status = 400
    return render(
        request,
        "roadmap/dependency_form.html",
        {"nav": "roadmap", "form": form, "decision": Decision},
        status=status,
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
    if plan is None and int_or_none(request.GET.get("item")):
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
        saved = form.attempt(
            lambda: services.adoption_plan_save(
                by=request.user,
                fields=dict(form.cleaned_data),
                plan=AdoptionPlan.objects.get(pk=plan.pk) if plan else None,
            )
        )
        if saved is not None:
            messages.success(request, _("Adoption plan saved."))
            if saved.item_id:
                return redirect("roadmap:item", pk=saved.item_id)
            return redirect("roadmap:adoption")
    cancel = reverse("roadmap:adoption")
    if plan and plan.item_id:
        cancel = reverse("roadmap:item", args=[plan.item_id])
    return form_page(
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
        form.attempt(
            lambda: services.challenge_save(
                by=request.user,
                fields={**form.cleaned_data, "item": item},
                challenge=Challenge.objects.get(pk=challenge.pk) if challenge else None,
            )
        )
        if not form.errors:
            messages.success(request, _("Challenge saved."))
            return redirect("roadmap:item", pk=item.pk)
    return form_page(
        request,
        form,
        heading=(_("Edit the challenge") if challenge else _("New challenge")) + f" – {item.name}",
        submit=_("Save the challenge"),
        cancel=reverse("roadmap:item", args=[item.pk]),
        status=400 if form.errors else 200,
    )
