"""The export: measures with their budget lines as one flat table, CSV or XLSX, streamed.

The layout is `portfolio.io.layout` (the columns of `portfolio.measure_fields`, then the
budget-line columns); the import reads exactly what this writes, so an export re-imports with
no change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from core import spreadsheet
from portfolio import measure_fields as mf
from portfolio.io.layout import BUDGET_COLUMNS, CENT, COLUMNS, LIST_SEPARATOR, MONEY_COLUMNS
from portfolio.models import BudgetLine, Measure

# Money below this is written to XLSX as a number (exact through a float); larger as text.
XLSX_EXACT_NUMBER_LIMIT = Decimal("10") ** 13


def export_queryset(measures: QuerySet[Measure]) -> QuerySet[Measure]:
    """Everything a row needs, in a fixed number of queries (the caller scopes and filters)."""
    return measures.select_related(*mf.FOREIGN_KEY_FIELDS).prefetch_related(
        *mf.MANY_FIELDS, "budget_lines"
    )


def _codes(items: Iterable[Any], attr: str) -> str:
    return LIST_SEPARATOR.join(sorted(getattr(i, attr) for i in items))


def _segment_name(segment: Any) -> str:
    return segment.name if segment else ""


# kind -> the cell of a measure's field (a typed value; the CSV/XLSX writers format it)
CELL: dict[str, Callable[[Measure, str], Any]] = {
    mf.CODE: getattr,
    mf.TEXT: getattr,
    mf.CHOICE: getattr,
    mf.BOOL: getattr,
    mf.DATE: getattr,
    mf.MONEY: getattr,
    mf.ACTOR: lambda m, name: getattr(m, name).short_name,
    mf.SEGMENT: lambda m, name: _segment_name(getattr(m, name)),
    mf.ACTORS: lambda m, name: _codes(getattr(m, name).all(), "short_name"),
    mf.CODES: lambda m, name: _codes(getattr(m, name).all(), "code"),
}


def _sorted_lines(measure: Measure) -> list[BudgetLine]:
    return sorted(measure.budget_lines.all(), key=lambda b: (b.year, b.kind, b.funding_source))


def export_rows(measures: Iterable[Measure]) -> Iterator[dict[str, Any]]:
    """Typed rows (str, bool, date, Decimal, int, None) in the import layout."""
    for m in measures:
        base = {f.header: CELL[f.kind](m, f.name) for f in mf.IO_FIELDS}
        lines = _sorted_lines(m)
        if not lines:
            yield {**base, **dict.fromkeys(BUDGET_COLUMNS)}
        for b in lines:
            yield {
                **base,
                "budget_year": b.year,
                "budget_kind": b.kind,
                "funding_source": b.funding_source,
                "planned": b.planned,
                "actual": b.actual,
            }


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value.quantize(CENT)}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _csv_rows(measures: Iterable[Measure]) -> Iterator[list[Any]]:
    # text stays str (neutralised by the writer); other values are formatted by `_text`
    for row in export_rows(measures):
        yield [row[c] for c in COLUMNS]


def csv_chunks(measures: Iterable[Measure], *, delimiter: str = ",") -> Iterator[bytes]:
    """The import layout as UTF-8 CSV with a BOM (so spreadsheet programs detect the
    encoding), yielded while `measures` are read. Text starting with `=`, `+`, `-`, `@`, tab
    or CR gets a leading apostrophe (never a formula); the import removes it again."""
    return spreadsheet.csv_stream(COLUMNS, _csv_rows(measures), delimiter=delimiter, fmt=_text)


def write_csv(measures: Iterable[Measure], stream: Any) -> None:
    for chunk in csv_chunks(measures):
        stream.write(chunk.decode("utf-8"))


def csv_bytes(measures: Iterable[Measure]) -> bytes:
    return b"".join(csv_chunks(measures))


DATE_COLUMNS = [f.header for f in mf.IO_FIELDS if f.kind == mf.DATE]


def _xlsx_type(column: str) -> str:
    if column in MONEY_COLUMNS:
        return spreadsheet.MONEY
    if column in DATE_COLUMNS:
        return spreadsheet.DATE
    if column == "budget_year":
        return spreadsheet.INTEGER
    return spreadsheet.TEXT


XLSX_COLUMNS = [spreadsheet.Column(c, _xlsx_type(c)) for c in COLUMNS]


def _xlsx_rows(measures: Iterable[Measure]) -> Iterator[list[Any]]:
    for row in export_rows(measures):
        cells: list[Any] = []
        for column in COLUMNS:
            value = row[column]
            if value is None or value == "":
                cells.append(None)
            elif column in MONEY_COLUMNS:
                exact = abs(value) < XLSX_EXACT_NUMBER_LIMIT
                cells.append(value.quantize(CENT) if exact else _text(value))
            elif isinstance(value, dt.date) or column == "budget_year":
                cells.append(value)
            else:
                cells.append(_text(value))
        yield cells


def xlsx_chunks(measures: Iterable[Measure]) -> Iterator[bytes]:
    """Sheet "measures", streamed: dates as date cells, money as numbers in a NOK format
    (exact up to 10^13 NOK; larger amounts as text), everything else as text, neutralised
    (never a formula, even for text starting with "=")."""
    return spreadsheet.xlsx_stream(
        "measures", XLSX_COLUMNS, _xlsx_rows(measures), freeze_header=False
    )


def xlsx_bytes(measures: Iterable[Measure]) -> bytes:
    return b"".join(xlsx_chunks(measures))
