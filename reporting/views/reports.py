from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.charts import horizontal_bars, mnok
from reporting import pdf, policies, selectors, services
from reporting.forms import ReportForm
from reporting.models import PortfolioReport
from reporting.views import attach_errors, require, since_sections


def report_context(content: dict) -> dict:
    """Charts for the web page, laid out from the content's own rows."""
    return {
        "content": content,
        "actor_chart": horizontal_bars(
            content["by_actor"],
            label="name",
            value="planned",
            secondary="measures",
            fmt=mnok,
            secondary_fmt=lambda n: _("%(n)s measures") % {"n": n},
        ),
        "segment_chart": horizontal_bars(
            content["by_segment"], label="name", value="planned", fmt=mnok
        ),
        "periods": [t["period"] for t in content["status"]["trend"]],
        "since": content["since_last_round"],
        "since_sections": since_sections(),
    }


def pdf_response(content: dict, filename: str) -> HttpResponse:
    response = HttpResponse(pdf.render_cached(content), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response


@login_required
def report_create(request: HttpRequest, round_pk: int) -> HttpResponse:
    require(policies.can_write_reports(request.user), _("Only the office writes reports."))
    round_ = get_object_or_404(selectors.round_list(request.user), pk=round_pk)
    form = ReportForm(
        request.POST or None,
        initial={"title": _("National e-health portfolio %(round)s") % {"round": round_.name}},
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(
                round_=round_, by=request.user, fields=form.cleaned_data
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Report made."))
            return redirect("reporting:report-detail", pk=report.pk)
    return render(
        request, "reporting/report_form.html", {"nav": "reporting", "form": form, "round": round_}
    )


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(policies.can_write_reports(request.user), _("Only the office writes reports."))
    report = get_object_or_404(PortfolioReport, pk=pk)
    form = ReportForm(request.POST or None, instance=PortfolioReport.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(report=report, by=request.user, fields=form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Report saved."))
            return redirect("reporting:report-detail", pk=pk)
    return render(
        request,
        "reporting/report_form.html",
        {"nav": "reporting", "form": form, "round": report.round, "report": report},
    )


def _content(request: HttpRequest, report: PortfolioReport) -> dict:
    full = policies.sees_full_reports(request.user) and request.GET.get("version") != "public"
    return report.content if full else report.public_content


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(selectors.report_list(request.user), pk=pk)
    return render(
        request,
        "reporting/report_detail.html",
        {
            "nav": "reporting",
            "report": report,
            "can_write": policies.can_write_reports(request.user),
            **report_context(_content(request, report)),
        },
    )


def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(selectors.report_list(request.user), pk=pk)
    content = _content(request, report)
    suffix = "" if content is report.content else "-public"
    return pdf_response(content, slugify(report.title) + suffix)


@login_required
@require_POST
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(selectors.report_list(request.user), pk=pk)
    try:
        services.report_publish(report=report, by=request.user)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("Report published."))
    return redirect("reporting:report-detail", pk=pk)
