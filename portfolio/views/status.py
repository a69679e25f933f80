"""Status reporting: a measure's status report, and the office's overview of a reporting
period (who has not reported) where it adds periods."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core import data_version
from core.listing import section_page
from portfolio import policies, selectors, services
from portfolio.forms import ReportingPeriodForm, StatusReportForm
from portfolio.models import Measure
from portfolio.views import office_required
from portfolio.views.measures import visible_measure


@login_required
def status_report_create(request: HttpRequest, pk: int) -> HttpResponse:
    measure = visible_measure(request, pk)
    if not policies.can_edit_measure(request.user, measure):
        raise PermissionDenied(_("You may not report status for this measure."))
    form = StatusReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        period = data.pop("period")
        services.status_report_file(measure=measure, period=period, by=request.user, data=data)
        messages.success(request, _("Status report saved."))
        return redirect("measure-detail", pk=measure.pk)
    return render(
        request,
        "portfolio/status_report_form.html",
        {"form": form, "measure": measure, "nav": "measures"},
    )


MISSING_PAGE_SIZE = 50


@office_required
def status_overview(request: HttpRequest) -> HttpResponse:
    form = ReportingPeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reporting_period_create(by=request.user, fields=form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Reporting period added."))
            return redirect("status-overview")
    periods = selectors.reporting_periods()
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
                request,
                missing,
                "page",
                _("Pages of measures without a status report"),
                MISSING_PAGE_SIZE,
                count=data_version.cached(
                    "portfolio", ("missing-status", period.pk if period else 0), missing.count
                ),
                deferred_join=True,
            ),
        },
    )
