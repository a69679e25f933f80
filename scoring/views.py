"""Staff UI: rankings, the weights editor, jobs with progress, the optimiser and scenarios."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.charts import horizontal_bars, mnok
from core.history import translate_stored
from core.policy import policy_view, require
from portfolio.choices import Phase, TrafficLight
from portfolio.selectors import default_year
from scoring import optimiser, policies, selectors, services
from scoring.choices import Target
from scoring.forms import CompareForm, OptimiseForm, ScenarioSaveForm, WeightsForm
from scoring.models import Job, Scenario, ScoringModel

View = Callable[..., HttpResponse]


office_required = policy_view(policies.can_open_scoring_pages, login=True)


def _target(target: str) -> str:
    if target not in Target.values:
        raise Http404(_("No such target."))
    return target


def _common(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {"nav": "scoring", "running_job": selectors.running_recompute(), **extra}


def _criterion_labels(model: Any) -> dict[str, str]:
    """Criterion key -> label, so a breakdown names criteria as people do."""
    if model is None:
        return {}
    return {c.key: translate_stored(c.label) for c in model.criteria.all()}


def _raw_labels() -> dict[str, str]:
    """Category values a breakdown's raw column may hold (a phase, a traffic light) -> label."""
    return {value: str(label) for value, label in [*Phase.choices, *TrafficLight.choices]}


@office_required
def index(request: HttpRequest) -> HttpResponse:
    """The measure ranking with the breakdown of each score."""
    model = selectors.active_model(Target.MEASURE)
    return render(
        request,
        "scoring/ranking.html",
        _common(
            request,
            target=Target.MEASURE,
            rows=selectors.measure_ranking(request.user),
            model=model,
            criterion_labels=_criterion_labels(model),
            raw_labels=_raw_labels(),
        ),
    )


@login_required
def suggestions(request: HttpRequest) -> HttpResponse:
    require(
        Target.SUGGESTION in selectors.targets_visible_to(request.user),
        _("Only the office and the steering group see suggestion scores."),
    )
    model = selectors.active_model(Target.SUGGESTION)
    return render(
        request,
        "scoring/ranking.html",
        _common(
            request,
            target=Target.SUGGESTION,
            rows=selectors.suggestion_ranking(request.user),
            model=model,
            criterion_labels=_criterion_labels(model),
            raw_labels=_raw_labels(),
        ),
    )


@office_required
def object_score(request: HttpRequest, target: str, object_id: int) -> HttpResponse:
    """One object's current score, its breakdown and its score history with model versions."""
    score = (
        selectors.scores_visible_to(request.user)
        .filter(target=_target(target), object_id=object_id)
        .first()
    )
    return render(
        request,
        "scoring/object_score.html",
        _common(
            request,
            target=target,
            object_id=object_id,
            object_name=selectors.object_name(target, object_id),
            criterion_labels=_criterion_labels(score.model if score else None),
            raw_labels=_raw_labels(),
            score=score,
            history=selectors.history_of(target, object_id),
        ),
    )


@office_required
def model_edit(request: HttpRequest, target: str) -> HttpResponse:
    """The weights editor: saving makes and activates a new version; versions are listed."""
    target = _target(target)
    versions = ScoringModel.objects.filter(target=target).prefetch_related("criteria")
    current = next((m for m in versions if m.active), None) or versions.first()
    if current is None:
        raise Http404(_("No scoring model yet: load the defaults (manage.py load_demo)."))
    form = WeightsForm(request.POST or None, model=current)
    if request.method == "POST" and form.is_valid():
        try:
            model = services.scoring_model_create(
                target=target,
                by=request.user,
                weights=form.weights(),
                based_on=current,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Version %(v)s is active; every score is being recomputed.")
                % {"v": model.version},
            )
            return redirect("scoring:jobs")
    return render(
        request,
        "scoring/model_edit.html",
        _common(request, target=target, form=form, current=current, versions=versions),
    )


@office_required
@require_POST
def model_activate(request: HttpRequest, pk: int) -> HttpResponse:
    model = get_object_or_404(ScoringModel, pk=pk)
    services.scoring_model_activate(model=model, by=request.user)
    messages.success(request, _("Version %(v)s is active.") % {"v": model.version})
    return redirect("scoring:model-edit", target=model.target)


@office_required
def jobs(request: HttpRequest) -> HttpResponse:
    job_list = list(Job.objects.select_related("requested_by", "scenario")[:50])
    return render(
        request,
        "scoring/jobs.html",
        _common(request, jobs=job_list, refresh=any(j.is_active for j in job_list)),
    )


@office_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(Job.objects.select_related("requested_by"), pk=pk)
    scenario = getattr(job, "scenario", None)
    if scenario and not job.is_active:
        return redirect("scoring:scenario-detail", pk=scenario.pk)
    return render(
        request,
        "scoring/job_detail.html",
        _common(request, job=job, refresh=job.is_active, result_rows=_result_rows(job.result)),
    )


def _result_rows(result: dict[str, Any] | None) -> list[tuple[str, Any]]:
    """A job's result as (label, value) rows people can read, not the stored keys."""
    labels = {
        "computed": _("Scores computed"),
        "written": _("Scores written"),
        "history": _("Changed scores added to the history"),
        "deleted": _("Scores removed"),
        "unchanged": _("Scores unchanged"),
        "runs": _("Runs"),
        "error": _("Error"),
    }
    return [
        (labels[key], value)
        for key, value in (result or {}).items()
        if key in labels and not isinstance(value, dict | list)
    ]


@office_required
@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    job, started = services.recompute_request(by=request.user)
    if not started:
        messages.info(request, _("A recompute is already queued or running."))
    return redirect("scoring:job-detail", pk=job.pk)


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
    return render(request, "scoring/optimise.html", _common(request, form=form))


@office_required
def scenarios(request: HttpRequest) -> HttpResponse:
    saved = Scenario.objects.filter(saved=True).select_related("job", "created_by")
    return render(
        request,
        "scoring/scenarios.html",
        _common(request, scenarios=saved, compare_form=CompareForm()),
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
        _common(
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
        _common(request, form=form, comparison=comparison, names=names),
    )
