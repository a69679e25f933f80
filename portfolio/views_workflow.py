"""Staff UI for the submission workflow, status reporting rounds, baselines and people."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from core.labels import labelled
from core.policy import policy_view
from core.widgets import date_picker
from portfolio import policies, selectors, services, workflow
from portfolio.api.workflow import comparison
from portfolio.choices import MeasureState, Phase, TrafficLight
from portfolio.forms import StyledFormMixin
from portfolio.models import Baseline, Measure, ReportingPeriod

office_required = policy_view(policies.can_manage_reference_data, login=True)


@login_required
@require_POST
def measure_transition(request: HttpRequest, pk: int, transition: str) -> HttpResponse:
    measure = get_object_or_404(selectors.measures_visible_to(request.user), pk=pk)
    try:
        workflow.measure_transition(
            measure=measure,
            by=request.user,
            transition=transition,
            comment=request.POST.get("comment", ""),
            publish=request.POST.get("publish") == "on",
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            for error in errors:
                messages.error(request, labelled(Measure, field, error))
    else:
        messages.success(request, _("Done: %(t)s.") % {"t": workflow.T(transition).label})
    return redirect("measure-detail", pk=pk)


@office_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """Each queue a page at a time (its own page parameter), with its total count."""
    base = Measure.objects.filter(archived_at__isnull=True).select_related("owner")
    return render(
        request,
        "portfolio/review_queue.html",
        {
            "nav": "review",
            "submitted": section_page(
                request,
                base.filter(state=MeasureState.SUBMITTED).order_by("updated", "id"),
                "submitted_page",
                _("Pages of submitted measures"),
            ),
            "returned": section_page(
                request,
                base.filter(state=MeasureState.RETURNED).order_by("-updated", "-id"),
                "returned_page",
                _("Pages of returned measures"),
            ),
            "drafts": section_page(
                request,
                base.filter(state=MeasureState.DRAFT).order_by("-updated", "-id"),
                "drafts_page",
                _("Pages of draft measures"),
            ),
        },
    )


SECTION_PAGE_SIZE = 50


def section_page(request: HttpRequest, qs: Any, param: str, label: str) -> dict[str, Any]:
    """One page of one list on a page with several (`param` names its page number), with
    links to the neighbouring pages that keep the other lists where they are."""
    page = Paginator(qs, SECTION_PAGE_SIZE).get_page(request.GET.get(param))

    def url(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return "?" + query.urlencode()

    return {
        "page": page,
        "rows": page.object_list,
        "count": page.paginator.count,
        "label": label,
        "prev_url": url(page.previous_page_number()) if page.has_previous() else "",
        "next_url": url(page.next_page_number()) if page.has_next() else "",
    }


class ReportingPeriodForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ["name", "start", "end", "due"]
        widgets = {k: date_picker() for k in ("start", "end", "due")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


@office_required
def status_overview(request: HttpRequest) -> HttpResponse:
    form = ReportingPeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Reporting period added."))
        return redirect("status-overview")
    periods = ReportingPeriod.objects.all()
    chosen = request.GET.get("period")
    period = (
        periods.filter(pk=chosen).first()
        if chosen and chosen.isdigit()
        else selectors.current_period()
    )
    missing = selectors.measures_missing_status(period) if period else Measure.objects.none()
    return render(
        request,
        "portfolio/status_overview.html",
        {
            "nav": "status",
            "form": form,
            "periods": periods,
            "period": period,
            "missing": section_page(
                request, missing, "page", _("Pages of measures without a status report")
            ),
        },
    )


class BaselineForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_lazy("Name"), max_length=120)
    as_of = forms.DateField(label=_lazy("As of"), initial=dt.date.today, widget=date_picker())
    note = forms.CharField(
        label=_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


@office_required
def baseline_list(request: HttpRequest) -> HttpResponse:
    form = BaselineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            baseline = services.baseline_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Baseline “%(name)s” taken.") % {"name": baseline.name})
            return redirect("baseline-list")
    return render(
        request,
        "portfolio/baseline_list.html",
        {
            "nav": "baselines",
            "form": form,
            "baselines": Baseline.objects.all(),
        },
    )


@office_required
def baseline_compare(request: HttpRequest) -> HttpResponse:
    base = (
        get_object_or_404(Baseline, pk=request.GET.get("base") or 0)
        if request.GET.get("base", "").isdigit()
        else None
    )
    to = request.GET.get("to", "today")
    year_raw = request.GET.get("year", "")
    year = int(year_raw) if year_raw.isdigit() else None
    result = (
        comparison(base, to if to == "today" or to.isdigit() else "today", year) if base else None
    )
    return render(
        request,
        "portfolio/baseline_compare.html",
        {
            "nav": "baselines",
            "baselines": Baseline.objects.all(),
            "base": base,
            "to": to,
            "year": year,
            "result": result,
            "phase_labels": dict(Phase.choices),
            "status_labels": dict(TrafficLight.choices),
        },
    )
