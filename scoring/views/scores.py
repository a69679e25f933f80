"""Rankings, one object's score and the weights editor."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.policy import require
from scoring import selectors, services
from scoring.choices import Target
from scoring.forms import WeightsForm
from scoring.models import ScoringModel
from scoring.views.common import (
    criterion_labels,
    office_required,
    page_context,
    raw_labels,
    target_or_404,
)


@office_required
def index(request: HttpRequest) -> HttpResponse:
    """The measure ranking with the breakdown of each score."""
    return _ranking(request, Target.MEASURE, selectors.measure_ranking)


@login_required
def suggestions(request: HttpRequest) -> HttpResponse:
    require(
        Target.SUGGESTION in selectors.targets_visible_to(request.user),
        _("Only the office and the steering group see suggestion scores."),
    )
    return _ranking(request, Target.SUGGESTION, selectors.suggestion_ranking)


def _ranking(request: HttpRequest, target: str, ranking: Any) -> HttpResponse:
    """One page of a ranking (`ranking(user, page number)`) with its model's criteria."""
    model = selectors.active_model(target)
    return render(
        request,
        "scoring/ranking.html",
        page_context(
            request,
            target=target,
            page_obj=ranking(request.user, request.GET.get("page")),
            model=model,
            criterion_labels=criterion_labels(model),
            raw_labels=raw_labels(),
        ),
    )


@office_required
def object_score(request: HttpRequest, target: str, object_id: int) -> HttpResponse:
    """One object's current score, its breakdown and its score history with model versions."""
    score = (
        selectors.scores_visible_to(request.user)
        .filter(target=target_or_404(target), object_id=object_id)
        .first()
    )
    return render(
        request,
        "scoring/object_score.html",
        page_context(
            request,
            target=target,
            object_id=object_id,
            object_name=selectors.object_name(target, object_id),
            criterion_labels=criterion_labels(score.model if score else None),
            raw_labels=raw_labels(),
            score=score,
            history=selectors.history_of(target, object_id),
        ),
    )


@office_required
def model_edit(request: HttpRequest, target: str) -> HttpResponse:
    """The weights editor: saving makes and activates a new version; versions are listed."""
    target = target_or_404(target)
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
        page_context(request, target=target, form=form, current=current, versions=versions),
    )


@office_required
@require_POST
def model_activate(request: HttpRequest, pk: int) -> HttpResponse:
    model = get_object_or_404(ScoringModel, pk=pk)
    services.scoring_model_activate(model=model, by=request.user)
    messages.success(request, _("Version %(v)s is active.") % {"v": model.version})
    return redirect("scoring:model-edit", target=model.target)
