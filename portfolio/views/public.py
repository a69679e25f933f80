"""The public overview the law asks for: published measures only, no login, plus open data.

Everything here reads through `selectors.public_measures()` (published, accepted, not
archived); nothing else is ever queried for measures.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_safe

from core import data_version, spreadsheet
from core.charts import horizontal_bars, mnok
from core.listing import ListView
from core.versioned import versioned_file, versioned_page
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
CHUNK = 2000


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


PAGE_SIZE = 50
VERSION_KEYS = ("portfolio",)
ROADMAP_KEYS = ("portfolio", "roadmap")


def _public_years() -> list[int]:
    return data_version.cached(
        "portfolio", ("public-years",), lambda: selectors.budget_years(selectors.public_measures())
    )


def _public_count() -> int:
    return data_version.cached(
        "portfolio", ("public-count",), lambda: selectors.public_measures().count()
    )


PUBLIC_MEASURES = ListView(page_size=PAGE_SIZE, page_size_param=None)  # in code order


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Figures from the cached summary (aggregates) and one page of the published measures;
    the whole page is cached per data version and answers conditional requests."""
    return versioned_page(request, keys=ROADMAP_KEYS, render=lambda: _index(request))


def _index(request: HttpRequest) -> HttpResponse:
    years = _public_years()
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
    page = PUBLIC_MEASURES.listing(request, public_measure_list(), count=_public_count()).page
    measures = list(page.object_list)
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
            "page_obj": page,
            "total": page.paginator.count,
            "years": years,
            "year": year,
            "summary": summary,
            "chart": chart,
            "phase_rows": [dict(r, label=Phase(r["id"]).label) for r in summary["by_phase"]],
            "roadmap": True if _roadmap_installed() else None,
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


def _roadmap_installed() -> bool:
    return apps.is_installed("roadmap")


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


CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": spreadsheet.XLSX_CONTENT_TYPE,
}


def _json_chunks(rows: Iterator[dict[str, Any]], count: Callable[[], int]) -> Iterator[bytes]:
    head = {"licence": LICENCE, "licence_url": LICENCE_URL, "count": count()}
    yield (json.dumps(head, ensure_ascii=False)[:-1] + ', "results": [\n').encode()
    batch: list[str] = []
    first = True
    for row in rows:
        text = json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False)
        batch.append(text if first else ",\n" + text)
        first = False
        if len(batch) >= 500:
            yield "".join(batch).encode()
            batch = []
    batch.append("\n]}\n")
    yield "".join(batch).encode()


def _chunks(
    rows: Iterator[dict[str, Any]],
    columns: list[str],
    name: str,
    fmt: str,
    count: Callable[[], int],
) -> Iterator[bytes]:
    """The open-data file, streamed. Text cells of CSV and XLSX are neutralised (never a
    formula); JSON carries the values as they are, after the count (asked only for JSON)."""
    if fmt == "json":
        return _json_chunks(rows, count)
    if fmt == "csv":
        cells = ([row[k] for k in columns] for row in rows)
        return spreadsheet.csv_stream(columns, cells, bom=False, fmt=lambda v: str(_cell(v)))
    cells = (
        [float(v) if isinstance(v, Decimal) else v for v in (row[k] for k in columns)]
        for row in rows
    )
    return spreadsheet.xlsx_stream(
        name, [spreadsheet.Column(c) for c in columns], cells, freeze_header=False
    )


def _download(request: HttpRequest, name: str, fmt: str, produce: Any) -> HttpResponseBase:
    response = versioned_file(
        request,
        keys=VERSION_KEYS,
        name=f"{name}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
        produce=produce,
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    return response


def row_value(value: Any) -> Any:
    return "" if value is None else value


def _streamed_measures() -> Iterator[Measure]:
    # Chunks of 500: each chunk's rows and budget lines become objects before its first row
    # is written, so a smaller chunk brings the first byte sooner (same queries per row).
    return public_measure_list().iterator(chunk_size=500)


@require_safe
def measures_download(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """Every published measure, produced once per data version and streamed from a
    server-side cursor the first time (see core.versioned)."""

    def produce() -> Iterator[bytes]:
        years = _public_years()
        columns = [f for f, _d in MEASURE_FIELDS[:-1]] + [f"budget_{y}" for y in years]
        rows = _measure_rows_stream(_streamed_measures(), years)
        return _chunks(rows, columns, "measures", fmt, _public_count)

    return _download(request, "measures", fmt, produce)


@require_safe
def budget_lines_download(request: HttpRequest, fmt: str) -> HttpResponseBase:
    def produce() -> Iterator[bytes]:
        names = [f for f, _d in BUDGET_FIELDS]
        rows = (dict(zip(names, line, strict=True)) for line in _budget_line_rows())
        return _chunks(rows, names, "budget-lines", fmt, _public_budget_count)

    return _download(request, "budget-lines", fmt, produce)


def _public_budget_count() -> int:
    lines = BudgetLine.objects.filter(measure__in=selectors.public_measures())
    return data_version.cached("portfolio", ("public-budget-count",), lines.count)


def _budget_line_rows() -> Iterator[tuple[Any, ...]]:
    """The published measures' budget lines in (measure code, year, kind) order, read a
    chunk of measures at a time (their codes from the code index, a server-side cursor), so
    the first rows come at once and memory stays flat however many lines there are."""
    measures = selectors.public_measures().order_by("code").values_list("id", "code")
    ids_and_codes = measures.iterator(chunk_size=CHUNK)
    while code_of := dict(itertools.islice(ids_and_codes, CHUNK)):
        lines = BudgetLine.objects.filter(measure_id__in=code_of).values_list(
            "measure_id", "year", "kind", "funding_source", "planned", "actual", "id"
        )
        ordered = sorted(lines, key=lambda line: (code_of[line[0]], line[1], line[2], line[6]))
        for measure_id, *values, _id in ordered:
            yield (code_of[measure_id], *values)


def _measure_rows_stream(measures: Iterator[Measure], years: list[int]) -> Iterator[dict]:
    for m in measures:
        yield from measure_rows([m], years)
