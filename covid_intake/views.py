"""Intake UI: the public form and status page, and the staff board, list and detail.
Thin views over selectors and services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.charts import horizontal_bars
from core.filter_ui import active_filters, checkbox_lists
from core.policy import policy_view, present_history, require
from core.services import history_for
from covid_intake import policies, ratelimit, scoring, selectors, services
from covid_intake.choices import SuggestionSource, SuggestionStatus
from covid_intake.filtersets import SuggestionFilterSet
from covid_intake.forms import (
    AssessmentForm,
    BulkActionForm,
    DecisionForm,
    OverlapForm,
    PromoteForm,
    StatusLookupForm,
    SuggestionForm,
    TriageForm,
)
from covid_intake.models import Attachment, Category, Suggestion, WorkingGroup
from portfolio.selectors import measures_visible_to

SESSION_KEY = "intake_references"
BOARD_CARDS = 25


# --- public ------------------------------------------------------------------------------


def submit(request: HttpRequest) -> HttpResponse:
    """The public form: no login, CSRF, a honeypot and a per-address rate limit."""
    form = SuggestionForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        address = ratelimit.client_address(request)
        if ratelimit.exceeded(address):
            seconds = ratelimit.limits()[1]
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Too many suggestions from your address. Please wait %(m)s minutes "
                    "and try again."
                )
                % {"m": max(1, seconds // 60)},
            )
            status = 429
        elif form.is_spam:
            ratelimit.hit(address)
            form.is_valid()
            form.add_error(None, _("The suggestion could not be accepted."))
            status = 400
        elif form.is_valid():
            try:
                suggestion = services.suggestion_submit(
                    fields=form.service_fields(),
                    target_groups=form.cleaned_data["target_groups"],
                    attachments=form.cleaned_data["attachments"],
                    source=SuggestionSource.FORM,
                )
            except ValidationError as exc:
                _attach(form, exc)
                status = 400
            else:
                ratelimit.hit(address)
                refs = request.session.get(SESSION_KEY, [])[-9:]
                request.session[SESSION_KEY] = [*refs, suggestion.reference]
                return redirect("covid_intake:receipt", reference=suggestion.reference)
        else:
            status = 400
    return render(
        request,
        "covid_intake/suggestion_form.html",
        {"form": form, "nav": "suggest"},
        status=status,
    )


def receipt(request: HttpRequest, reference: str) -> HttpResponse:
    """Shown only in the browser session that submitted the suggestion."""
    if reference not in request.session.get(SESSION_KEY, []):
        raise Http404(_("No such receipt."))
    suggestion = Suggestion.objects.only("reference", "title", "submitter_email").get(
        reference=reference
    )
    return render(
        request, "covid_intake/receipt.html", {"suggestion": suggestion, "nav": "suggest"}
    )


def status_lookup(request: HttpRequest) -> HttpResponse:
    """The status of a suggestion by its reference; nothing else about it is shown."""
    form = StatusLookupForm(request.GET or None)
    found = None
    searched = False
    if form.is_bound and form.is_valid():
        searched = True
        found = selectors.public_status(form.cleaned_data["reference"])
    return render(
        request,
        "covid_intake/status.html",
        {"form": form, "found": found, "searched": searched, "nav": "suggest"},
        status=404 if searched and found is None else 200,
    )


# --- staff -------------------------------------------------------------------------------


staff_required = policy_view(policies.can_open_intake_pages, login=True)


def _attach(form: Any, exc: ValidationError) -> None:
    items = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for field, errors in items:
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def _error(request: HttpRequest, exc: ValidationError) -> None:
    items = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for _field, errors in items:
        for error in errors:
            messages.error(request, error)


@staff_required
def board(request: HttpRequest) -> HttpResponse:
    """Columns by status: the count and the newest cards of each."""
    visible = selectors.suggestions_visible_to(request.user)
    counts = dict(visible.order_by().values_list("status").annotate(n=_count()))
    columns = []
    for value, label in SuggestionStatus.choices:
        cards = (
            list(
                visible.filter(status=value)
                .select_related("category")
                .only("id", "reference", "title", "status", "category__name")
                .order_by("-received_at", "-id")[:BOARD_CARDS]
            )
            if counts.get(value)
            else []
        )
        columns.append(
            {"status": value, "label": label, "count": counts.get(value, 0), "cards": cards}
        )
    return render(
        request,
        "covid_intake/board.html",
        {"nav": "intake", "columns": columns, "total": sum(counts.values())},
    )


def _count() -> Any:
    from django.db.models import Count

    return Count("id")


@staff_required
def suggestion_list(request: HttpRequest) -> HttpResponse:
    """The filterable list (same FilterSet as the API) with bulk triage and the counts."""
    base = selectors.suggestion_list(request.user)
    filterset = SuggestionFilterSet(request.GET or None, queryset=base, request=request)
    qs = (filterset.qs if filterset.is_bound else base).order_by("-received_at", "-id")
    checkbox_lists(filterset.form)
    bulk = BulkActionForm(request.POST or None, suggestions=base)
    if request.method == "POST":
        require(
            policies.can_triage(request.user), _("Only the portfolio office triages suggestions.")
        )
        if bulk.is_valid():
            kind, _sep, pk = bulk.cleaned_data["bulk_action"].partition(":")
            rows = list(bulk.cleaned_data["selected"])
            try:
                if kind == "categorise":
                    category = Category.objects.get(pk=pk)
                    n = services.suggestions_categorise(
                        suggestions=rows, category=category, by=request.user
                    )
                    messages.success(
                        request,
                        _("%(n)s suggestions categorised as %(c)s.") % {"n": n, "c": category},
                    )
                else:
                    group = WorkingGroup.objects.get(pk=pk)
                    n = services.suggestions_assign(
                        suggestions=rows, working_group=group, by=request.user
                    )
                    messages.success(
                        request, _("%(n)s suggestions assigned to %(g)s.") % {"n": n, "g": group}
                    )
            except ValidationError as exc:
                _error(request, exc)
            else:
                return redirect(request.get_full_path())
        else:
            for errors in bulk.errors.values():
                for e in errors:
                    messages.error(request, e)
    page = Paginator(qs, _page_size(request)).get_page(request.GET.get("page"))
    table = selectors.counts_by_category_and_status(qs)
    chart_rows = [
        {"name": r["name"] or _("Uncategorised"), "total": r["total"]} for r in table.rows
    ]
    return render(
        request,
        "covid_intake/suggestion_list.html",
        {
            "nav": "intake",
            "filterset": filterset,
            "page_obj": page,
            "suggestions": page.object_list,
            "bulk": bulk,
            "can_triage": policies.can_triage(request.user),
            "table": table,
            "chart": horizontal_bars(chart_rows, label="name", value="total"),
            "active_filters": active_filters(filterset.form),
        },
        status=200 if request.method == "GET" else 400,
    )


def _page_size(request: HttpRequest) -> int:
    try:
        return max(1, min(500, int(request.GET.get("page_size", 50))))
    except ValueError:
        return 50


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
    measures = measures_visible_to(user).order_by("code")
    own = next((a for a in suggestion.assessments.all() if a.assessor_id == user.pk), None)
    assessment_initial = (
        {c: getattr(own, c) for c in scoring.CRITERIA} | {"comment": own.comment} if own else None
    )
    decisions = list(suggestion.decisions.all())
    latest = decisions[0] if decisions else None
    show_personal = policies.can_see_personal_data(user)
    context = {
        "nav": "intake",
        "suggestion": suggestion,
        "similar": selectors.similar_items(suggestion, user),
        "combined": selectors.combined_score(suggestion),
        "criteria": [
            (c, suggestion.assessments.model._meta.get_field(c).verbose_name)
            for c in scoring.CRITERIA
        ],
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
        "open": suggestion.status in services.OPEN,
        "triage_form": forms.get("triage")
        or TriageForm(
            initial={
                "category": suggestion.category_id or suggestion.proposed_category_id,
                "working_group": suggestion.working_group_id,
            }
        ),
        "overlap_form": forms.get("overlap") or OverlapForm(measures=measures),
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
            _attach(form, exc)
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
        _error(request, exc)
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
        _error(request, exc)
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


@staff_required
def steering(request: HttpRequest) -> HttpResponse:
    """Assessed suggestions ranked by combined score, for the steering group."""
    return render(
        request,
        "covid_intake/steering.html",
        {
            "nav": "intake",
            "ranked": selectors.ranked_for_steering(request.user),
            "can_decide": policies.can_decide(request.user),
        },
    )


@staff_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """Attachments are served only to those who may see the suggestion."""
    att = Attachment.objects.filter(
        pk=pk, suggestion__in=selectors.suggestions_visible_to(request.user)
    ).first()
    if att is None:
        raise Http404(_("No such attachment."))
    return FileResponse(
        att.file.open("rb"),
        as_attachment=True,
        filename=att.filename,
        content_type=att.content_type,
    )
