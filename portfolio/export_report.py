"""The report layout of the measure export, for people (the import layout is for machines).

One row per measure: code, name, owner, segment, type, phase, state, RAG status (latest
overall status), dates, total cost frame, one column per budget year (planned NOK, all kinds
and funding sources) and whether it is published. Headers and choice labels in the active
language (bokmål by default). CSV for Norwegian Excel: `;`-separated, UTF-8 with a BOM,
decimal comma, ISO dates. XLSX: money in kroner format, column widths, frozen header row.
Both are streamed while the measures are read from a server-side cursor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core import spreadsheet
from portfolio.choices import MeasureState, MeasureType, Phase, TrafficLight
from portfolio.models import BudgetLine, Measure

# measures read (with their budget lines) per round trip while exporting, in both layouts:
# small enough that the first rows leave at once, large enough that the queries stay few
CHUNK = 500


def report_queryset(measures: QuerySet[Measure]) -> QuerySet[Measure]:
    return measures.select_related("owner", "segment", "latest_status").prefetch_related(
        "budget_lines"
    )


def report_years(measures: QuerySet[Measure]) -> list[int]:
    """The budget years of the given measures (one cheap DISTINCT query)."""
    ids = measures.order_by().values("id")
    return sorted(
        BudgetLine.objects.filter(measure_id__in=ids)
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )


def _columns(years: list[int]) -> list[spreadsheet.Column]:
    text, money, date = spreadsheet.TEXT, spreadsheet.WHOLE_MONEY, spreadsheet.DATE
    return [
        spreadsheet.Column(_("Code"), text, 12),
        spreadsheet.Column(_("Name"), text, 48),
        spreadsheet.Column(_("Owner"), text, 32),
        spreadsheet.Column(_("Segment"), text, 20),
        spreadsheet.Column(_("Type"), text, 12),
        spreadsheet.Column(_("Phase"), text, 18),
        spreadsheet.Column(_("State"), text, 14),
        spreadsheet.Column(_("Status (RAG)"), text, 14),
        spreadsheet.Column(_("Start date"), date, 12),
        spreadsheet.Column(_("End date"), date, 12),
        spreadsheet.Column(_("Total cost frame (NOK)"), money, 18),
        *(spreadsheet.Column(_("Budget %(year)s (NOK)") % {"year": y}, money, 16) for y in years),
        spreadsheet.Column(_("Published"), text, 10),
    ]


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def report_rows(measures: Iterable[Measure], years: list[int]) -> Iterator[list[Any]]:
    yes, no = _("Yes"), _("No")
    for m in measures:
        planned: dict[int, Decimal] = {}
        for line in m.budget_lines.all():
            planned[line.year] = planned.get(line.year, Decimal(0)) + line.planned
        status = m.latest_status.overall if m.latest_status else TrafficLight.NOT_REPORTED
        yield [
            m.code,
            m.name,
            m.owner.name,
            m.segment.name if m.segment else "",
            _label(MeasureType, m.measure_type),
            _label(Phase, m.phase),
            _label(MeasureState, m.state),
            _label(TrafficLight, status),
            m.start_date,
            m.end_date,
            m.total_cost_frame,
            *(planned.get(y, Decimal(0)) for y in years),
            yes if m.published else no,
        ]


def norwegian_number(value: Any) -> str:
    """CSV text for Norwegian Excel: decimal comma, no grouping (so it stays a number)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = f"{value.quantize(Decimal('0.01'))}"
        return text.removesuffix(".00").replace(".", ",")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def csv_chunks(measures: QuerySet[Measure]) -> Iterator[bytes]:
    years = report_years(measures)
    rows = report_rows(report_queryset(measures).iterator(chunk_size=CHUNK), years)
    header = [c.header for c in _columns(years)]
    return spreadsheet.csv_stream(header, rows, delimiter=";", fmt=norwegian_number)


def xlsx_chunks(measures: QuerySet[Measure]) -> Iterator[bytes]:
    years = report_years(measures)
    rows = report_rows(report_queryset(measures).iterator(chunk_size=CHUNK), years)
    return spreadsheet.xlsx_stream(_("Measures"), _columns(years), rows)
