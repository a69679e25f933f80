"""Staff pages for measures: list, detail, create, edit, archive and restore."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from core import data_version
from core.labels import labelled
from core.listing import ListView
from core.policy import present_history, require, visible_or_404
from core.services import history_for
from people.roles import is_office
from portfolio import policies, selectors, services, workflow
from portfolio.filtersets import MeasureFilterSet
from portfolio.forms import BudgetLineFormSet, MeasureForm
from portfolio.models import Measure

LIST_COLUMNS = [
    ("code", _lazy("Code")),
    ("name", _lazy("Name")),
    ("owner__short_name", _lazy("Owner")),
    ("phase", _lazy("Phase")),
    ("start_date", _lazy("Start")),
    ("end_date", _lazy("End")),
]


MEASURES = ListView(
    filterset_class=MeasureFilterSet,
    sortable=("code", "name", "phase", "start_date", "end_date", "owner__short_name"),
    default_sort="code",
    sort_by={"phase": selectors.phase_order()},  # lifecycle order, not alphabetical by code
    deferred_join=True,
)


def _show_archived(request: HttpRequest) -> bool:
    return request.GET.get("archived") == "1" and is_office(request.user)


def _base(request: HttpRequest) -> Any:
    archived = _show_archived(request)
    base = selectors.measure_list(request.user, archived=archived)
    return base.filter(archived_at__isnull=False) if archived else base


def filtered_measures(request: HttpRequest) -> tuple[MeasureFilterSet, Any]:
    """The measure list as the UI filters and sorts it: the same FilterSet as the API."""
    return MEASURES.query(request, _base(request))


def measure_list(request: HttpRequest) -> HttpResponse:
    show_archived = _show_archived(request)
    archived = [{"name": "archived", "label": _("Archived"), "values": [_("Yes")]}]
    listing = MEASURES.listing(
        request,
        _base(request),
        count=lambda qs: _cached_count(request, qs),
        extra_filters=archived if show_archived else [],
    )
    return render(
        request,
        "portfolio/measure_list.html",
        {
            **listing.context(rows="measures"),
            "nav": "measures",
            "columns": LIST_COLUMNS,
            "show_archived": show_archived,
        },
    )


def _cached_count(request: HttpRequest, qs: Any) -> int:
    """The list's total, cached per data version, caller scope and filter (not per page)."""
    query = request.GET.copy()
    for key in ("page", "page_size", "sort"):
        query.pop(key, None)
    scope = (
        "office" if is_office(request.user) else f"user-{request.user.pk or 0}"
    )  # what the caller may see
    return data_version.cached("portfolio", ("measure-count", scope, query.urlencode()), qs.count)


def visible_measure(request: HttpRequest, pk: int) -> Measure:
    return visible_or_404(selectors.measure_list(request.user, archived=True), pk=pk)


def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = visible_measure(request, pk)
    lines = list(measure.budget_lines.all())
    years = sorted({b.year for b in lines})
    table = {
        y: {
            k: sum((b.planned for b in lines if b.year == y and b.kind == k), start=0)
            for k in ("investment", "operating")
        }
        for y in years
    }
    return render(
        request,
        "portfolio/measure_detail.html",
        {
            "nav": "measures",
            "measure": measure,
            "budget_lines": lines,
            "budget_by_year": table,
            "can_edit": policies.can_edit_measure(request.user, measure),
            "history": present_history(history_for(measure)[:100], request.user),
            "status_reports": measure.status_reports.select_related("period"),
            "transitions": workflow.allowed_transitions(request.user, measure),
            "meets_entry_criteria": workflow.meets_entry_criteria(measure),
            "workflow_events": measure.workflow_events.select_related("by")[:50],
        },
    )


@login_required
def measure_create(request: HttpRequest) -> HttpResponse:
    office = is_office(request.user)
    form = MeasureForm(request.POST or None, user=request.user, office=office)
    budget = BudgetLineFormSet(request.POST or None, prefix="budget")
    if request.method == "POST" and form.is_valid() and budget.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        try:
            measure = services.measure_create(
                by=request.user, fields=data, budget_lines=budget.lines()
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("Measure %(code)s saved.") % {"code": measure.code})
            return redirect("measure-detail", pk=measure.pk)
    return render(request, "portfolio/measure_form.html", _form_context(form, budget, None))


@login_required
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = visible_measure(request, pk)
    if not policies.can_edit_measure(request.user, measure):
        raise PermissionDenied(_("You may not change this measure."))
    office = is_office(request.user)
    initial_lines = [
        {
            "year": b.year,
            "kind": b.kind,
            "funding_source": b.funding_source,
            "planned": b.planned,
            "actual": b.actual,
        }
        for b in measure.budget_lines.all()
    ]
    form = MeasureForm(request.POST or None, instance=measure, user=request.user, office=office)
    budget = BudgetLineFormSet(request.POST or None, prefix="budget", initial=initial_lines)
    conflict = None
    if request.method == "POST" and form.is_valid() and budget.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("version", None) or measure.version
        try:
            services.measure_update(
                measure=Measure.objects.get(pk=measure.pk),
                by=request.user,
                fields=data,
                budget_lines=budget.lines(),
                expected_version=expected,
            )
        except services.VersionConflict as exc:
            conflict = exc
            form.data = form.data.copy()
            form.data["version"] = exc.measure.version
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("Measure %(code)s saved.") % {"code": measure.code})
            return redirect("measure-detail", pk=measure.pk)
    context = _form_context(form, budget, measure)
    context["conflict"] = conflict
    return render(request, "portfolio/measure_form.html", context, status=409 if conflict else 200)


def _attach(form: MeasureForm, exc: ValidationError) -> None:
    for field, errors in (
        exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    ):
        for error in errors:
            if field in form.fields:
                form.add_error(field, error)
            else:  # a rule on a field the form does not show: name it by its label
                form.add_error(None, labelled(Measure, field, error))


def _form_context(form: MeasureForm, budget: Any, measure: Measure | None) -> dict[str, Any]:
    return {
        "nav": "measures",
        "form": form,
        "budget": budget,
        "measure": measure,
        "formset_errors": budget.non_form_errors() if budget.is_bound else [],
    }


@login_required
def measure_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """Archiving asks first: GET (or a POST without `confirm`) shows what it means."""
    measure = visible_measure(request, pk)
    require(policies.can_edit_measure(request.user, measure), _("You may not change this measure."))
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        services.measure_archive(measure=measure, by=request.user)
        messages.success(request, _("Measure archived. The office can restore it."))
        return redirect("measure-detail", pk=pk)
    return render(
        request, "portfolio/measure_archive.html", {"nav": "measures", "measure": measure}
    )


@login_required
@require_POST
def measure_restore(request: HttpRequest, pk: int) -> HttpResponse:
    measure = visible_measure(request, pk)
    services.measure_restore(measure=measure, by=request.user)
    messages.success(request, _("Measure restored."))
    return redirect("measure-detail", pk=pk)
