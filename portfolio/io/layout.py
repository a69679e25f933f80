"""The file layout shared by the export (writer) and the import (parser, importer).

One row per budget line, the measure's columns repeated on each of its rows; a measure
without budget lines gets one row with the budget columns empty. The measure's columns are
those of `portfolio.measure_fields` (in its order), then the budget-line columns.
"""

from __future__ import annotations

from decimal import Decimal

from portfolio.measure_fields import IO_FIELDS, MONEY

MEASURE_COLUMNS = [f.header for f in IO_FIELDS]
BUDGET_COLUMNS = ["budget_year", "budget_kind", "funding_source", "planned", "actual"]
COLUMNS = MEASURE_COLUMNS + BUDGET_COLUMNS
# budget-line model field -> column
LINE_COLUMN = {
    "year": "budget_year",
    "kind": "budget_kind",
    "funding_source": "funding_source",
    "planned": "planned",
    "actual": "actual",
}
# model field -> column, for errors raised by the models' own validation
FIELD_COLUMN = {**{f.name: f.header for f in IO_FIELDS}, **LINE_COLUMN}
MONEY_COLUMNS = (*(f.header for f in IO_FIELDS if f.kind == MONEY), "planned", "actual")

LIST_SEPARATOR = ";"
CENT = Decimal("0.01")
