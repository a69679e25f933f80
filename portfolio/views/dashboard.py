"""The office's dashboard: the year's figures from the cached summary."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.charts import horizontal_bars, mnok
from portfolio import selectors
from portfolio.choices import Phase


def dashboard(request: HttpRequest) -> HttpResponse:
    year, valid = selectors.chosen_year(request.GET.get("year"))
    summary = selectors.cached_summary(year=year, user=request.user)
    chart = horizontal_bars(
        summary["by_actor"],
        label="name",
        value="planned",
        secondary="measures",
        fmt=mnok,
        secondary_fmt=lambda n: _("%(n)s measures") % {"n": n},
    )
    years = sorted(set(selectors.cached_budget_years(request.user)) | {year})
    return render(
        request,
        "portfolio/dashboard.html",
        {
            "nav": "dashboard",
            "summary": summary,
            "chart": chart,
            "year": year,
            "years": years,
            "year_error": None
            if valid
            else _("“%(value)s” is not a budget year (2000–2100). Showing %(year)s.")
            % {"value": request.GET.get("year"), "year": year},
            "segment_chart": horizontal_bars(
                summary["by_segment"], label="name", value="planned", fmt=mnok
            ),
            "phase_rows": [dict(r, label=Phase(r["id"]).label) for r in summary["by_phase"]],
        },
        status=200 if valid else 400,
    )
