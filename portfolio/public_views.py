"""The public overview the law asks for: published measures only, no login, plus open data.

Everything here reads through `selectors.public_measures()` (published, accepted, not
archived); nothing else is ever queried for measures.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_safe

from core.charts import horizontal_bars, mnok
from portfolio import selectors
from portfolio.choices import Phase, TrafficLight
from portfolio.models import BudgetLine, Measure

LICENCE = "Norsk lisens for offentlige data (NLOD) 2.0"
LICENCE_URL = "https://data.norge.no/nlod/no/2.0"

# Column names are the file's (machine) names; meanings are read by people. Values a file
# holds literally are in `backticks` (shown as code on the page).
MEASURE_FIELDS = [
    ("code", _lazy("Measure code (unique).")),
    ("name", _lazy("Name of the measure.")),
    ("purpose", _lazy("What the measure is for.")),
    ("owner", _lazy("Short name of the owning actor.")),
    ("owner_name", _lazy("Full name of the owning actor.")),
    ("segment", _lazy("Portfolio segment (follow-up level), empty if none.")),
    ("measure_type", _lazy("`programme`, `project` or `other`.")),
    (
        "phase",
        _lazy(
            "`idea`, `concept`, `planning`, `execution`, `closing`, `benefit_realisation`"
            " or `stopped`."
        ),
    ),
    ("status", _lazy("Latest overall status: `green`, `yellow`, `red` or `not_reported`.")),
    ("start_date", _lazy("Start date, ISO 8601 (YYYY-MM-DD), empty if unknown.")),
    ("end_date", _lazy("End date, ISO 8601, empty if unknown.")),
    ("total_cost_frame", _lazy("Total cost frame in NOK, decimal with a dot, empty if unknown.")),
    (
        "budget_<year>",
        _lazy("Planned budget in NOK for that year (all kinds and funding sources)."),
    ),
]
BUDGET_FIELDS = [
    ("measure_code", _lazy("Code of the measure the line belongs to.")),
    ("year", _lazy("Budget year.")),
    ("kind", _lazy("`investment` or `operating`.")),
    ("funding_source", _lazy("`own`, `state`, `joint` or `other`.")),
    ("planned", _lazy("Planned NOK, decimal with a dot.")),
    ("actual", _lazy("Actual NOK, decimal with a dot, empty if not reported.")),
]
FORMATS = ("csv", "json", "xlsx")


def public_measure_list() -> QuerySet[Measure]:
    """Published measures with everything a row shows, in a fixed number of queries."""
    return (
        selectors.public_measures()
        .select_related("owner", "segment", "latest_status")
        .prefetch_related(
            Prefetch("budget_lines", queryset=BudgetLine.objects.order_by("year", "kind"))
        )
        .order_by("code")
    )


def _year(request: HttpRequest, years: list[int]) -> int:
    """The chosen year, else the one default-year rule (selectors.default_year)."""
    return selectors.chosen_year(request.GET.get("year"))[0]


def _budget_by_year(measure: Measure) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = {}
    for line in measure.budget_lines.all():
        totals[line.year] = totals.get(line.year, Decimal(0)) + line.planned
    return totals


def _status(measure: Measure) -> str:
    status = measure.latest_status
    return status.overall if status else TrafficLight.NOT_REPORTED


def measure_rows(measures: list[Measure], years: list[int]) -> list[dict[str, Any]]:
    """One plain row per measure: the open-data record (also the page's table)."""
    rows = []
    for m in measures:
        budget = _budget_by_year(m)
        row: dict[str, Any] = {
            "code": m.code,
            "name": m.name,
            "purpose": m.purpose,
            "owner": m.owner.short_name,
            "owner_name": m.owner.name,
            "segment": m.segment.name if m.segment else None,
            "measure_type": m.measure_type,
            "phase": m.phase,
            "status": _status(m),
            "start_date": m.start_date,
            "end_date": m.end_date,
            "total_cost_frame": m.total_cost_frame,
        }
        for year in years:
            row[f"budget_{year}"] = budget.get(year, Decimal(0))
        rows.append(row)
    return rows


def budget_rows(measures: list[Measure]) -> list[dict[str, Any]]:
    return [
        {
            "measure_code": m.code,
            "year": line.year,
            "kind": line.kind,
            "funding_source": line.funding_source,
            "planned": line.planned,
            "actual": line.actual,
        }
        for m in measures
        for line in m.budget_lines.all()
    ]


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    measures = list(public_measure_list())
    years = selectors.budget_years(selectors.public_measures())
    year = _year(request, years)
    summary = selectors.cached_summary(year=year)
    chart = horizontal_bars(
        summary["by_actor"],
        label="name",
        value="planned",
        secondary="measures",
        fmt=mnok,
        secondary_fmt=lambda n: _("%(n)s measures") % {"n": n},
    )
    rows = []
    for m, row in zip(measures, measure_rows(measures, years), strict=True):
        rows.append(
            {
                "measure": m,
                "status_label": TrafficLight(row["status"]).label,
                "budget": [row[f"budget_{y}"] for y in years],
            }
        )
    return render(
        request,
        "public/index.html",
        {
            "nav": "public",
            "rows": rows,
            "years": years,
            "year": year,
            "summary": summary,
            "chart": chart,
            "phase_rows": [dict(r, label=Phase(r["id"]).label) for r in summary["by_phase"]],
            "roadmap": _public_roadmap(),
        },
    )


@require_safe
def measure_detail(request: HttpRequest, code: str) -> HttpResponse:
    measure = public_measure_list().filter(code=code).first()
    if measure is None:
        raise Http404(_("No such published measure."))
    years = sorted({line.year for line in measure.budget_lines.all()})
    return render(
        request,
        "public/measure_detail.html",
        {
            "nav": "public",
            "measure": measure,
            "lines": list(measure.budget_lines.all()),
            "budget": [(y, _budget_by_year(measure)[y]) for y in years],
            "status_label": TrafficLight(_status(measure)).label,
        },
    )


def _public_roadmap() -> list[Any] | None:
    """Published roadmap items whose measure (if any) is public; None without the roadmap app.

    The roadmap builds on the portfolio, so it is looked up lazily, never imported at load.
    """
    from django.apps import apps

    if not apps.is_installed("roadmap"):
        return None
    try:
        from roadmap.selectors import item_list
    except ImportError:
        return None
    public_ids = selectors.public_measures().values("id")
    return list(
        item_list(AnonymousUser())
        .filter(published=True)
        .filter(Q(measure__isnull=True) | Q(measure_id__in=public_ids))
        .order_by("planned_start", "code")
    )


@require_safe
def roadmap(request: HttpRequest) -> HttpResponse:
    items = _public_roadmap()
    if items is None:
        raise Http404(_("The roadmap is not available."))
    return render(request, "public/roadmap.html", {"nav": "public", "items": items})


@require_safe
def data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/data.html",
        {
            "nav": "public",
            "measure_fields": MEASURE_FIELDS,
            "budget_fields": BUDGET_FIELDS,
            "formats": FORMATS,
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
        },
    )


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else value


def _download(rows: list[dict[str, Any]], columns: list[str], name: str, fmt: str) -> HttpResponse:
    filename = f"{name}.{fmt}"
    if fmt == "json":
        body = json.dumps(
            {"licence": LICENCE, "licence_url": LICENCE_URL, "count": len(rows), "results": rows},
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
            indent=1,
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row[k]) for k in columns})
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(name)
        sheet.append(columns)
        for row in rows:
            sheet.append(
                [float(v) if isinstance(v, Decimal) else row_value(v) for v in row.values()]
            )
        buffer_b = io.BytesIO()
        book.save(buffer_b)
        response = HttpResponse(
            buffer_b.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def row_value(value: Any) -> Any:
    return "" if value is None else value


@require_safe
def measures_download(request: HttpRequest, fmt: str) -> HttpResponse:
    measures = list(public_measure_list())
    years = selectors.budget_years(selectors.public_measures())
    rows = measure_rows(measures, years)
    columns = [f for f, _d in MEASURE_FIELDS[:-1]] + [f"budget_{y}" for y in years]
    return _download(rows, columns, "measures", fmt)


@require_safe
def budget_lines_download(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = budget_rows(list(public_measure_list()))
    return _download(rows, [f for f, _d in BUDGET_FIELDS], "budget-lines", fmt)
