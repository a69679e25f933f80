"""One suggestion: the detail page and its workflow steps (triage, merge, overlap, assess,
complete, decide, promote). Each step validates its form, calls one service and redirects,
or shows the page again with the form's errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.policy import present_history
from core.services import history_for
from covid_intake import criteria, policies, selectors, services
from covid_intake.choices import OPEN, SuggestionStatus
from covid_intake.forms import AssessmentForm, DecisionForm, OverlapForm, PromoteForm, TriageForm
from covid_intake.models import Suggestion
from covid_intake.views.common import attach_errors, message_errors, staff_required
from portfolio.selectors import measures_visible_to


def _visible(request: HttpRequest, pk: int) -> Suggestion:
    suggestion = selectors.suggestion_detail(request.user, pk)
    if suggestion is None:
        raise Http404(_("No such suggestion."))
    return suggestion


@staff_required
def suggestion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, pk)


def _render_detail(
    request: HttpRequest, pk: int, forms: dict[str, Any] | None = None
) -> HttpResponse:
    suggestion = _visible(request, pk)
    user = request.user
    forms = forms or {}
    own = next((a for a in suggestion.assessments.all() if a.assessor_id == user.pk), None)
    assessment_initial = (
        {c: getattr(own, c) for c in criteria.CODES} | {"comment": own.comment} if own else None
    )
    decisions = list(suggestion.decisions.all())
    latest = decisions[0] if decisions else None
    show_personal = policies.can_see_personal_data(user)
    similar = selectors.similar_items(suggestion, user)
    context = {
        "nav": "intake",
        "suggestion": suggestion,
        "similar": similar,
        "combined": selectors.combined_score(suggestion),
        "criteria": criteria.labelled(),
        "decisions": decisions,
        "history": present_history(
            history_for(suggestion)[:100],
            user,
            hidden_fields=() if show_personal else policies.PERSONAL_FIELDS,
        ),
        "show_personal": show_personal,
        "can_triage": policies.can_triage(user),
        "can_assess": policies.can_assess(user, suggestion),
        "can_complete": suggestion.status == SuggestionStatus.IN_ASSESSMENT
        and policies.can_complete_assessment(user, suggestion),
        "can_decide": policies.can_decide(user)
        and suggestion.status in {SuggestionStatus.ASSESSED, SuggestionStatus.POSTPONED},
        "can_promote": policies.can_promote(user)
        and suggestion.status == SuggestionStatus.PRIORITISED,
        "open": suggestion.status in OPEN,
        "triage_form": forms.get("triage")
        or TriageForm(
            initial={
                "category": suggestion.category_id or suggestion.proposed_category_id,
                "working_group": suggestion.working_group_id,
            }
        ),
        "overlap_form": forms.get("overlap")
        or OverlapForm(measures=measures_visible_to(user), similar=similar["measures"]),
        "assessment_form": forms.get("assessment") or AssessmentForm(initial=assessment_initial),
        "decision_form": forms.get("decision") or DecisionForm(),
        "promote_form": forms.get("promote")
        or PromoteForm(initial={"owner": latest.proposed_owner_id if latest else None}),
    }
    return render(
        request, "covid_intake/suggestion_detail.html", context, status=400 if forms else 200
    )


def _post_step(
    request: HttpRequest,
    pk: int,
    name: str,
    form: Any,
    run: Callable[[Suggestion, Any], str],
) -> HttpResponse:
    """Validate a detail-page form, run the service, and redirect or redisplay with errors."""
    suggestion = _visible(request, pk)
    if form.is_valid():
        try:
            done = run(suggestion, form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("covid_intake:detail", pk=pk)
    return _render_detail(request, pk, forms={name: form})


@staff_required
@require_POST
def triage(request: HttpRequest, pk: int) -> HttpResponse:
    def run(s: Suggestion, data: dict[str, Any]) -> str:
        services.suggestion_triage(suggestion=s, by=request.user, **data)
        return _("Suggestion triaged.")

    return _post_step(request, pk, "triage", TriageForm(request.POST), run)


@staff_required
@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    into = _visible(request, pk)
    duplicates = list(
        selectors.suggestions_visible_to(request.user).filter(
            pk__in=request.POST.getlist("duplicates")
        )
    )
    try:
        services.suggestions_merge(duplicates=duplicates, into=into, by=request.user)
    except ValidationError as exc:
        message_errors(request, exc)
    else:
        messages.success(
            request,
            _("Merged into %(ref)s: %(refs)s.")
            % {"ref": into.reference, "refs": ", ".join(d.reference for d in duplicates)},
        )
    return redirect("covid_intake:detail", pk=pk)


@staff_required
@require_POST
def overlap(request: HttpRequest, pk: int) -> HttpResponse:
    form = OverlapForm(request.POST, measures=measures_visible_to(request.user))

    def run(s: Suggestion, data: dict[str, Any]) -> str:
        services.overlap_flag(suggestion=s, by=request.user, **data)
        return _("Overlap with %(m)s recorded.") % {"m": data["measure"].code}

    return _post_step(request, pk, "overlap", form, run)


@staff_required
@require_POST
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    form = AssessmentForm(request.POST)

    def run(s: Suggestion, data: dict[str, Any]) -> str:
        services.assessment_save(
            suggestion=s, by=request.user, scores=form.scores(), comment=data.get("comment", "")
        )
        return _("Your assessment is saved.")

    return _post_step(request, pk, "assessment", form, run)


@staff_required
@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.assessment_complete(suggestion=_visible(request, pk), by=request.user)
    except ValidationError as exc:
        message_errors(request, exc)
    else:
        messages.success(request, _("Assessment closed."))
    return redirect("covid_intake:detail", pk=pk)


@staff_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    def run(s: Suggestion, data: dict[str, Any]) -> str:
        services.decision_make(suggestion=s, by=request.user, **data)
        return _("Decision recorded.")

    return _post_step(request, pk, "decision", DecisionForm(request.POST), run)


@staff_required
@require_POST
def promote(request: HttpRequest, pk: int) -> HttpResponse:
    def run(s: Suggestion, data: dict[str, Any]) -> str:
        measure = services.suggestion_promote(suggestion=s, by=request.user, **data)
        return _("Draft measure %(code)s created.") % {"code": measure.code}

    return _post_step(request, pk, "promote", PromoteForm(request.POST), run)
