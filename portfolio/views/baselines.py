"""Baselines: the office freezes the portfolio under a name and compares it with another
baseline or with today."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.listing import section_page
from portfolio import selectors, services
from portfolio.choices import Phase, TrafficLight
from portfolio.forms import BaselineForm
from portfolio.models import Baseline
from portfolio.views import office_required


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


COMPARISON_PAGE_SIZE = 50


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
    after = get_object_or_404(Baseline, pk=int(to)) if base and to.isdigit() else None
    result = selectors.baseline_comparison(base, after, year) if base else None
    label = _("Pages of the comparison's list")
    sections = (
        {
            name: section_page(request, result[name], f"{name}_page", label, COMPARISON_PAGE_SIZE)
            for name in selectors.COMPARISON_LISTS
        }
        if result
        else {}
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
            "sections": sections,
            "phase_labels": dict(Phase.choices),
            "status_labels": dict(TrafficLight.choices),
        },
    )
