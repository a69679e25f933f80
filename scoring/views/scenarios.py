"""The optimiser, scenarios and their comparison."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.charts import horizontal_bars, mnok
from portfolio.selectors import default_year
from scoring import optimiser, selectors, services
from scoring.forms import CompareForm, OptimiseForm, ScenarioSaveForm
from scoring.models import Scenario
from scoring.views.common import office_required, page_context


@office_required
def optimise(request: HttpRequest) -> HttpResponse:
    years = selectors.portfolio_budget_years() or [default_year()]
    form = OptimiseForm(request.POST or None, years=years, resolve=selectors.portfolio_measure_ids)
    if request.method == "POST" and form.is_valid():
        try:
            scenario = services.optimise_request(
                by=request.user, params=form.params(), name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("scoring:scenario-detail", pk=scenario.pk)
    return render(request, "scoring/optimise.html", page_context(request, form=form))


@office_required
def scenarios(request: HttpRequest) -> HttpResponse:
    saved = Scenario.objects.filter(saved=True).select_related("job", "created_by")
    return render(
        request,
        "scoring/scenarios.html",
        page_context(request, scenarios=saved, compare_form=CompareForm()),
    )


REASONS = {
    optimiser.IN_FORCED: lambda r, n: _("Forced in"),
    optimiser.IN_PREREQUISITE: lambda r, n: (
        _("Prerequisite of %(m)s") % {"m": ", ".join(n.get(i, str(i)) for i in r.get("for", []))}
    ),
    optimiser.IN_SELECTED: lambda r, n: _("Selected: worth its cost"),
    optimiser.OUT_FORCED: lambda r, n: _("Forced out"),
    optimiser.OUT_PREREQUISITE_FORCED_OUT: lambda r, n: (
        _("Excluded: its prerequisite %(m)s is forced out")
        % {"m": ", ".join(n.get(i, str(i)) for i in r.get("for", []))}
    ),
    optimiser.OUT_BUDGET: lambda r, n: (
        _("Budget binding in %(years)s") % {"years": ", ".join(str(y) for y in r.get("years", []))}
    ),
    optimiser.OUT_NOT_WORTH_IT: lambda r, n: _("Not worth it (adds no score)"),
}


def reason_text(reason: dict[str, Any], names: dict[int, str]) -> str:
    return REASONS.get(reason.get("code"), lambda r, n: str(r.get("code")))(reason, names)


def _scenario_rows(scenario: Scenario) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    result = scenario.result or {}
    reasons = result.get("reasons", {})
    measures = selectors.measures_by_id([int(i) for i in reasons])
    names = {pk: m.code for pk, m in measures.items()}
    scores = result.get("scores", {})
    rows = [
        {
            "measure": measures.get(int(pk)),
            "id": int(pk),
            "selected": r["selected"],
            "reason": reason_text(r, names),
            "score": scores.get(pk),
        }
        for pk, r in reasons.items()
    ]
    rows.sort(key=lambda r: (not r["selected"], -(r["score"] or 0), r["id"]))
    years = [
        {"year": int(y), "used": v["used"], "limit": v["limit"], "left": v["limit"] - v["used"]}
        for y, v in sorted(result.get("years", {}).items())
    ]
    return rows, years


def _budget_chart(years: list[dict[str, Any]]) -> dict[str, Any]:
    bars = []
    for y in years:
        bars.append({"label": _("%(y)s used") % {"y": y["year"]}, "value": y["used"]})
        bars.append({"label": _("%(y)s limit") % {"y": y["year"]}, "value": y["limit"]})
    return horizontal_bars(bars, label="label", value="value", fmt=mnok)


@office_required
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_object_or_404(Scenario.objects.select_related("job", "created_by"), pk=pk)
    rows, years = _scenario_rows(scenario)
    job = scenario.job
    return render(
        request,
        "scoring/scenario_detail.html",
        page_context(
            request,
            scenario=scenario,
            job=job,
            refresh=bool(job and job.is_active),
            rows=rows,
            years=years,
            chart=_budget_chart(years) if years else None,
            save_form=ScenarioSaveForm(initial={"name": scenario.name}),
            is_current=scenario.committed_at and scenario.prioritised_measures.exists(),
        ),
    )


@office_required
@require_POST
def scenario_save(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_object_or_404(Scenario, pk=pk)
    form = ScenarioSaveForm(request.POST)
    if form.is_valid():
        services.scenario_save(scenario=scenario, name=form.cleaned_data["name"], by=request.user)
        messages.success(request, _("Scenario saved."))
    else:
        messages.error(request, _("Give the scenario a name."))
    return redirect("scoring:scenario-detail", pk=pk)


@office_required
@require_POST
def scenario_commit(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_object_or_404(Scenario, pk=pk)
    try:
        services.scenario_commit(scenario=scenario, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Committed: its measures are now prioritised."))
    return redirect("scoring:scenario-detail", pk=pk)


@office_required
def scenario_compare(request: HttpRequest) -> HttpResponse:
    form = CompareForm(request.GET or None)
    comparison = None
    names: dict[int, str] = {}
    if form.is_valid():
        a, b = form.cleaned_data["a"], form.cleaned_data["b"]
        comparison = selectors.scenario_compare(a, b)
        ids = comparison["only_in_a"] + comparison["only_in_b"] + comparison["in_both"]
        names = {pk: str(m) for pk, m in selectors.measures_by_id(ids).items()}
        comparison.update(scenario_a=a, scenario_b=b)
    return render(
        request,
        "scoring/scenario_compare.html",
        page_context(request, form=form, comparison=comparison, names=names),
    )
