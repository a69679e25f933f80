"""Reading an import file into measures: every cell checked, every problem named by its row
and column.

1. read the file into rows of cells (CSV: UTF-8 with or without BOM, `,` or `;` sniffed from
   the header; XLSX: the sheet "measures" or the first sheet);
2. parse every cell of every row by its field's kind (`portfolio.measure_fields`), collecting
   errors (row as the user sees it in the file, column, problem) instead of stopping at the
   first;
3. group rows by code; the measure columns of a code must agree on all its rows, and each row
   with budget columns adds a budget line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from core.validators import check_period
from portfolio import measure_fields as mf
from portfolio.choices import BudgetKind, FundingSource
from portfolio.io.cells import (
    CellError,
    cell_text,
    choice,
    parse_bool,
    parse_date,
    parse_money,
    parse_year,
    split,
)
from portfolio.io.layout import BUDGET_COLUMNS, COLUMNS, FIELD_COLUMN
from portfolio.models import Actor, Measure, Segment

MAX_ROWS = 1_000_000


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class FileFormatError(Exception):
    """The file cannot be read as a table at all."""


# ---------------------------------------------------------------- reading files


def read_table(data: bytes, filename: str) -> list[tuple[int, list[Any]]]:
    """Rows as (row number in the file, cells); the header is row 1 and comes first."""
    if filename.lower().endswith(".xlsx") or data[:2] == b"PK":
        return _read_xlsx(data)
    return _read_csv(data)


def _read_csv(data: bytes) -> list[tuple[int, list[Any]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            _("The file is not UTF-8 text (byte %(pos)s). Save the CSV as UTF-8.")
            % {"pos": exc.start}
        ) from exc
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for cells in reader:
            rows.append((reader.line_num, cells))
            if len(rows) > MAX_ROWS:
                raise FileFormatError(_("Too many rows."))
    except csv.Error as exc:
        raise FileFormatError(
            _("Line %(line)s: %(error)s") % {"line": reader.line_num, "error": exc}
        ) from exc
    # csv.reader's line_num counts physical lines; the user sees records (spreadsheet rows).
    return [(i, cells) for i, (_line, cells) in enumerate(rows, start=1)]


def _read_xlsx(data: bytes) -> list[tuple[int, list[Any]]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise FileFormatError(_("The file is not a readable XLSX workbook.")) from exc
    try:
        sheet = (
            workbook["measures"] if "measures" in workbook.sheetnames else workbook.worksheets[0]
        )
        rows = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            rows.append((number, list(cells)))
            if len(rows) > MAX_ROWS:
                raise FileFormatError(_("Too many rows."))
        return rows
    finally:
        workbook.close()


# ---------------------------------------------------------------- reference data


class References:
    """Reference data looked up by the names the file uses (loaded once per import)."""

    def __init__(self) -> None:
        self.actors: dict[str, Actor] = {}
        for actor in Actor.objects.all():
            self.actors.setdefault(actor.short_name.lower(), actor)
            self.actors.setdefault(actor.name.lower(), actor)
        self.segments = {s.name.lower(): s for s in Segment.objects.all()}
        self.coded = {  # CODES field -> {code: object}
            name: {o.code: o for o in _related_model(name).objects.all()}
            for name in mf.by_kind(mf.CODES)
        }

    def actor(self, name: str, column: str) -> Actor:
        try:
            return self.actors[name.lower()]
        except KeyError:
            raise CellError(
                _("%(col)s: unknown actor '%(v)s'") % {"col": column, "v": name}
            ) from None

    def segment(self, name: str) -> Segment | None:
        if not name:
            return None
        try:
            return self.segments[name.lower()]
        except KeyError:
            raise CellError(_("segment: unknown segment '%(v)s'") % {"v": name}) from None

    def many(self, spec: mf.MeasureField, value: Any) -> tuple[list[Any], list[str]]:
        """The objects a ";"-separated cell names, and a problem for each unknown name."""
        found, problems = [], []
        for item in split(value):
            if spec.kind == mf.ACTORS:
                target = self.actors.get(item.lower())
                kind = _("actor")
            else:
                table = self.coded[spec.name]
                target = table.get(item) or table.get(item.lower())
                kind = str(_related_model(spec.name)._meta.verbose_name)
            if target is None:
                problems.append(
                    _("%(col)s: unknown %(kind)s '%(v)s'")
                    % {"col": spec.header, "kind": kind, "v": item}
                )
            elif target not in found:
                found.append(target)
        return found, problems


def _related_model(name: str) -> Any:
    return Measure._meta.get_field(name).related_model


def _choices(name: str) -> Any:
    return Measure._meta.get_field(name).choices


# kind -> reader of a single-valued cell: (value, column, field name, references) -> value
READ: dict[str, Callable[[Any, str, str, References], Any]] = {
    mf.CODE: lambda v, c, n, refs: cell_text(v).upper(),
    mf.TEXT: lambda v, c, n, refs: cell_text(v),
    mf.CHOICE: lambda v, c, n, refs: choice(v, c, _choices(n)),
    mf.BOOL: lambda v, c, n, refs: parse_bool(v, c),
    mf.DATE: lambda v, c, n, refs: parse_date(v, c),
    mf.MONEY: lambda v, c, n, refs: parse_money(v, c),
    mf.ACTOR: lambda v, c, n, refs: refs.actor(cell_text(v), c),
    mf.SEGMENT: lambda v, c, n, refs: refs.segment(cell_text(v)),
}
# kind -> the value a field keeps when its cell is in error
ON_ERROR = {mf.CODE: "", mf.TEXT: "", mf.BOOL: False}
# kinds compared across the rows of one measure by their parsed value (others by their text)
COMPARED_PARSED = (mf.BOOL, mf.DATE, mf.MONEY)


# ---------------------------------------------------------------- parsing rows


@dataclass
class ParsedMeasure:
    """One measure as the file describes it: the first row's fields plus every row's line."""

    code: str
    row: int
    fields: dict[str, Any]
    raw: dict[str, str]
    lines: list[dict[str, Any]] = field(default_factory=list)
    line_rows: dict[tuple[int, str, str], int] = field(default_factory=dict)


@dataclass
class ParsedFile:
    measures: list[ParsedMeasure] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    budget_lines: int = 0


def parse_file(data: bytes, filename: str) -> ParsedFile:
    """Every measure the file describes, with every problem found in it."""
    parsed = ParsedFile()
    try:
        table = read_table(data, filename)
    except FileFormatError as exc:
        parsed.errors.append(RowError(1, "", str(exc)))
        return parsed
    if not table:
        parsed.errors.append(RowError(1, "", _("The file is empty.")))
        return parsed
    header_row, header = table[0]
    names = [cell_text(h).lower() for h in header]
    while names and not names[-1]:
        names.pop()
    missing = [c for c in COLUMNS if c not in names]
    unknown = [n for n in names if n not in COLUMNS]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    for column in missing:
        parsed.errors.append(RowError(header_row, column, _("column is missing")))
    for column in unknown:
        parsed.errors.append(RowError(header_row, column or "?", _("unknown column")))
    for column in duplicated:
        parsed.errors.append(RowError(header_row, column, _("column appears twice")))
    if missing or unknown or duplicated:
        return parsed
    index = {name: i for i, name in enumerate(names)}
    refs = References()
    measures: dict[str, ParsedMeasure] = {}
    for number, cells in table[1:]:
        if all(cell_text(c) == "" for c in cells):
            continue
        parsed.rows += 1
        if any(cell_text(c) for c in cells[len(names) :]):
            parsed.errors.append(RowError(number, "", _("more cells than columns")))
        row = {c: (cells[i] if i < len(cells) else None) for c, i in index.items()}
        _parse_row(number, row, refs, measures, parsed)
    parsed.measures = list(measures.values())
    return parsed


def _measure_fields(
    number: int, row: dict[str, Any], refs: References, errors: list[RowError]
) -> dict[str, Any]:
    """The measure's fields from one row, each read by its kind."""
    fields: dict[str, Any] = {}
    for spec in mf.IO_FIELDS:
        column, value = spec.header, row[spec.header]
        if spec.kind in mf.MANY:
            fields[spec.name], problems = refs.many(spec, value)
            errors.extend(RowError(number, column, p) for p in problems)
            continue
        fields[spec.name] = ON_ERROR.get(spec.kind)
        if spec.required and not cell_text(value):
            errors.append(RowError(number, column, _("%(col)s: is required") % {"col": column}))
            continue
        try:
            fields[spec.name] = READ[spec.kind](value, column, spec.name, refs)
        except CellError as exc:
            errors.append(RowError(number, column, str(exc)))
    try:
        check_period(fields.get("start_date"), fields.get("end_date"), end_field="end_date")
    except ValidationError:
        errors.append(
            RowError(
                number,
                FIELD_COLUMN["end_date"],
                _("end_date %(end)s is before start_date %(start)s")
                % {"end": fields["end_date"], "start": fields["start_date"]},
            )
        )
    return fields


def _budget_line(number: int, row: dict[str, Any], errors: list[RowError]) -> dict[str, Any] | None:
    """The budget line of a row, or None when its budget columns are empty."""

    def cell(column: str, parse: Any) -> Any:
        try:
            return parse(row[column], column)
        except CellError as exc:
            errors.append(RowError(number, column, str(exc)))
            return None

    if not any(cell_text(row[c]) for c in BUDGET_COLUMNS):
        return None
    year = cell("budget_year", parse_year) if cell_text(row["budget_year"]) else None
    if not cell_text(row["budget_year"]):
        errors.append(RowError(number, "budget_year", _("budget_year: is required")))
    return {
        "year": year,
        "kind": cell("budget_kind", lambda v, c: choice(v, c, BudgetKind.choices)),
        "funding_source": cell(
            "funding_source", lambda v, c: choice(v, c, FundingSource.choices, default="own")
        ),
        "planned": cell("planned", parse_money) or Decimal("0.00"),
        "actual": cell("actual", parse_money),
    }


def _disagreements(
    number: int, row: dict[str, Any], fields: dict[str, Any], first: ParsedMeasure
) -> list[RowError]:
    """The measure columns where this row differs from the measure's first row."""
    errors = []
    for spec in mf.IO_FIELDS:
        column = spec.header
        mine, theirs = cell_text(row[column]), first.raw[column]
        if spec.kind in mf.MANY:
            mine, theirs = sorted(split(mine)), sorted(split(theirs))
        if spec.kind in COMPARED_PARSED:
            mine, theirs = str(fields.get(spec.name)), str(first.fields.get(spec.name))
        if mine != theirs:
            errors.append(
                RowError(
                    number,
                    column,
                    _("%(col)s differs from row %(row)s of the same measure %(code)s")
                    % {"col": column, "row": first.row, "code": first.code},
                )
            )
    return errors


def _parse_row(
    number: int,
    row: dict[str, Any],
    refs: References,
    measures: dict[str, ParsedMeasure],
    parsed: ParsedFile,
) -> None:
    errors: list[RowError] = []
    fields = _measure_fields(number, row, refs, errors)
    line = _budget_line(number, row, errors)
    code = fields["code"]
    if code and code in measures:
        errors.extend(_disagreements(number, row, fields, measures[code]))
    elif code:
        measures[code] = ParsedMeasure(
            code=code,
            row=number,
            fields=fields,
            raw={f.header: cell_text(row[f.header]) for f in mf.IO_FIELDS},
        )
    if line is not None and code and None not in (line["year"], line["kind"]):
        measure = measures[code]
        key = (line["year"], line["kind"], line["funding_source"])
        if key in measure.line_rows:
            errors.append(
                RowError(
                    number,
                    "budget_year",
                    _("duplicate budget line %(year)s %(kind)s %(source)s (also in row %(row)s)")
                    % {
                        "year": key[0],
                        "kind": key[1],
                        "source": key[2],
                        "row": measure.line_rows[key],
                    },
                )
            )
        else:
            measure.line_rows[key] = number
            measure.lines.append(line)
            parsed.budget_lines += 1
    parsed.errors.extend(errors)
