"""The public version of published portfolio reports, for everyone."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from reporting.choices import ReportState
from reporting.models import PortfolioReport
from reporting.views.reports import pdf_response, report_context


def _published():  # type: ignore[no-untyped-def]
    return PortfolioReport.objects.filter(state=ReportState.PUBLISHED).select_related(
        "round", "round__period"
    )


def report_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "reporting/public_list.html", {"nav": "public-reports", "reports": _published()}
    )


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(_published(), pk=pk)
    return render(
        request,
        "reporting/report_detail.html",
        {
            "nav": "public-reports",
            "report": report,
            "public_page": True,
            **report_context(report.public_content),
        },
    )


def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(_published(), pk=pk)
    return pdf_response(report.public_content, slugify(report.title) + "-public")
