"""Import and export of measures with their budget lines as one flat table (CSV or XLSX).

Layout ("long format"): one row per budget line, the measure's columns repeated on each of
its rows; a measure without budget lines gets one row with the budget columns empty. The
same layout is written by the export and read by the import, so an export re-imports with
no change. Column names are fixed English identifiers (see `COLUMNS`, docs/import-export.md).

Import steps:
1. read the file into rows of text/number cells (CSV: UTF-8 with or without BOM, `,` or `;`
   sniffed from the header; XLSX: the sheet "measures" or the first sheet);
2. parse and validate every cell of every row, collecting errors (row as the user sees it in
   the file, column, problem) instead of stopping at the first;
3. group rows by code; the measure columns of a code must agree on all its rows;
4. compare each measure with the database: created, updated (which fields) or unchanged;
5. a dry run stops here; a real run writes created/updated measures through
   `portfolio.services` in one transaction, so any error writes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core import spreadsheet
from core.changelog import change_context
from core.labels import labelled
from core.models import ObjectChange
from core.money import MoneyError, parse_amount
from core.roles import is_office
from portfolio import services
from portfolio.choices import BudgetKind, FundingSource, MeasureType, Phase
from portfolio.models import (
    Actor,
    BudgetLine,
    Measure,
    NationalSolution,
    Segment,
    StrategicGoal,
    TargetGroup,
)

MEASURE_COLUMNS = [
    "code",
    "name",
    "purpose",
    "owner",
    "partners",
    "measure_type",
    "segment",
    "phase",
    "start_date",
    "end_date",
    "target_groups",
    "national_solutions",
    "strategic_goals",
    "criterion_digitalisation_core",
    "criterion_cross_actor",
    "criterion_strategy",
    "criteria_comment",
    "total_cost_frame",
    "published",
    "contact_name",
    "contact_email",
]
BUDGET_COLUMNS = ["budget_year", "budget_kind", "funding_source", "planned", "actual"]
COLUMNS = MEASURE_COLUMNS + BUDGET_COLUMNS

LIST_SEPARATOR = ";"
CENT = Decimal("0.01")
# Money below this is written to XLSX as a number (exact through a float); larger as text.
XLSX_EXACT_NUMBER_LIMIT = Decimal("10") ** 13
NOK_FORMAT = '#,##0.00 "NOK"'
MAX_ROWS = 1_000_000
TRUE_WORDS = {"true", "1", "yes", "ja", "sann", "x"}
FALSE_WORDS = {"false", "0", "no", "nei", "usann", ""}
BOOLEAN_COLUMNS = (
    "criterion_digitalisation_core",
    "criterion_cross_actor",
    "criterion_strategy",
    "published",
)
M2M_COLUMNS = ("partners", "target_groups", "national_solutions", "strategic_goals")
REQUIRED = ("code", "name", "owner", "measure_type", "phase")
TEXT_COLUMNS = ("name", "purpose", "criteria_comment", "contact_name", "contact_email")
# model field -> column, for errors raised by the model's own validation
FIELD_COLUMN = {
    **{c: c for c in MEASURE_COLUMNS},
    "year": "budget_year",
    "kind": "budget_kind",
    "funding_source": "funding_source",
    "planned": "planned",
    "actual": "actual",
}


# ---------------------------------------------------------------- export


def export_queryset(measures: QuerySet[Measure]) -> QuerySet[Measure]:
    """Everything a row needs, in a fixed number of queries (the caller scopes and filters)."""
    return measures.select_related("owner", "segment").prefetch_related(
        "partners", "target_groups", "national_solutions", "strategic_goals", "budget_lines"
    )


def _codes(items: Iterable[Any], attr: str) -> str:
    return LIST_SEPARATOR.join(sorted(getattr(i, attr) for i in items))


def _sorted_lines(measure: Measure) -> list[BudgetLine]:
    return sorted(measure.budget_lines.all(), key=lambda b: (b.year, b.kind, b.funding_source))


def export_rows(measures: Iterable[Measure]) -> Iterator[dict[str, Any]]:
    """Typed rows (str, bool, date, Decimal, int, None) in the import layout."""
    for m in measures:
        base = {
            "code": m.code,
            "name": m.name,
            "purpose": m.purpose,
            "owner": m.owner.short_name,
            "partners": _codes(m.partners.all(), "short_name"),
            "measure_type": m.measure_type,
            "segment": m.segment.name if m.segment else "",
            "phase": m.phase,
            "start_date": m.start_date,
            "end_date": m.end_date,
            "target_groups": _codes(m.target_groups.all(), "code"),
            "national_solutions": _codes(m.national_solutions.all(), "code"),
            "strategic_goals": _codes(m.strategic_goals.all(), "code"),
            "criterion_digitalisation_core": m.criterion_digitalisation_core,
            "criterion_cross_actor": m.criterion_cross_actor,
            "criterion_strategy": m.criterion_strategy,
            "criteria_comment": m.criteria_comment,
            "total_cost_frame": m.total_cost_frame,
            "published": m.published,
            "contact_name": m.contact_name,
            "contact_email": m.contact_email,
        }
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


MONEY_COLUMNS = ("total_cost_frame", "planned", "actual")


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


XLSX_COLUMNS = [
    spreadsheet.Column(
        c,
        spreadsheet.MONEY
        if c in MONEY_COLUMNS
        else spreadsheet.DATE
        if c in ("start_date", "end_date")
        else spreadsheet.INTEGER
        if c == "budget_year"
        else spreadsheet.TEXT,
    )
    for c in COLUMNS
]


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


# ---------------------------------------------------------------- reading files


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
    from openpyxl import load_workbook

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


# ---------------------------------------------------------------- parsing cells


class CellError(ValueError):
    pass


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    # an export neutralises text that a spreadsheet would take for a formula: undo that
    return spreadsheet.unneutralise(str(value).strip()).replace("\r\n", "\n").strip()


def parse_money(value: Any, column: str) -> Decimal | None:
    """Exact NOK with at most two decimals. XLSX numbers arrive as floats: they go through
    their shortest repr and are rounded to øre; text must not carry more than two decimals."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError(_("%(col)s: '%(v)s' is not a number") % {"col": column, "v": value})
    not_a_number = CellError(_("%(col)s: '%(v)s' is not a number") % {"col": column, "v": value})
    if isinstance(value, float | int | Decimal):
        try:
            amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except (InvalidOperation, ValueError):
            raise not_a_number from None
        text_input = False
    else:
        try:  # the one money parser of the register (core.money): "2 500 000,50", "2500000 kr"
            amount = parse_amount(str(value), allow_negative=True)
        except MoneyError as exc:
            message = _("%(col)s: '%(v)s' is not a number") % {"col": column, "v": value}
            if any(c.isdigit() for c in str(value)):
                message = f"{column}: '{value}': {exc.message}"
            raise CellError(message) from None
        text_input = True
    # Range first: quantizing 1e27 or an infinite float (1e309 in a sheet) would overflow.
    if not amount.is_finite():
        if amount.is_infinite():
            raise CellError(_("%(col)s: '%(v)s' is too large") % {"col": column, "v": value})
        raise not_a_number
    if amount < 0:
        raise CellError(_("%(col)s: must not be negative") % {"col": column})
    if amount >= Decimal("10") ** 14:
        raise CellError(_("%(col)s: '%(v)s' is too large") % {"col": column, "v": value})
    if text_input and amount != amount.quantize(CENT):
        raise CellError(
            _("%(col)s: '%(v)s' has more than two decimals") % {"col": column, "v": value}
        )
    return amount.quantize(CENT)


def parse_date(value: Any, column: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CellError(
            _("%(col)s: '%(v)s' is not a date (use YYYY-MM-DD)") % {"col": column, "v": text}
        ) from None


def parse_bool(value: Any, column: str) -> bool:
    if isinstance(value, bool):
        return value
    text = _cell_text(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(_("%(col)s: '%(v)s' is not true or false") % {"col": column, "v": value})


def parse_year(value: Any, column: str) -> int:
    text = _cell_text(value)
    try:
        year = int(text)
    except ValueError:
        raise CellError(_("%(col)s: '%(v)s' is not a year") % {"col": column, "v": text}) from None
    if not 2000 <= year <= 2100:
        raise CellError(
            _("%(col)s: %(v)s is not between 2000 and 2100") % {"col": column, "v": year}
        )
    return year


def _choice(value: Any, column: str, choices: type, *, default: str | None = None) -> str:
    text = _cell_text(value)
    if not text and default is not None:
        return default
    if not text:
        raise CellError(_("%(col)s: is required") % {"col": column})
    if text in choices.values:
        return text
    for choice_value, label in choices.choices:
        if text.lower() == str(label).lower() or text.lower() == choice_value:
            return choice_value
    raise CellError(
        _("%(col)s: unknown value '%(v)s' (use one of %(allowed)s)")
        % {"col": column, "v": text, "allowed": ", ".join(choices.values)}
    )


def _split(value: Any) -> list[str]:
    return [p.strip() for p in _cell_text(value).split(LIST_SEPARATOR) if p.strip()]


class _References:
    """Reference data looked up by the names the file uses (loaded once per import)."""

    def __init__(self) -> None:
        self.actors: dict[str, Actor] = {}
        for actor in Actor.objects.all():
            self.actors.setdefault(actor.short_name.lower(), actor)
            self.actors.setdefault(actor.name.lower(), actor)
        self.segments = {s.name.lower(): s for s in Segment.objects.all()}
        self.target_groups = {t.code: t for t in TargetGroup.objects.all()}
        self.solutions = {s.code: s for s in NationalSolution.objects.all()}
        self.goals = {g.code: g for g in StrategicGoal.objects.all()}

    def actor(self, name: str, column: str) -> Actor:
        try:
            return self.actors[name.lower()]
        except KeyError:
            raise CellError(
                _("%(col)s: unknown actor '%(v)s'") % {"col": column, "v": name}
            ) from None

    def many(self, value: Any, column: str) -> tuple[list[Any], list[str]]:
        found, problems = [], []
        for item in _split(value):
            if column == "partners":
                target = self.actors.get(item.lower())
                kind = _("actor")
            else:
                table = {
                    "target_groups": self.target_groups,
                    "national_solutions": self.solutions,
                    "strategic_goals": self.goals,
                }[column]
                target = table.get(item) or table.get(item.lower())
                kind = {
                    "target_groups": _("target group"),
                    "national_solutions": _("national solution"),
                    "strategic_goals": _("strategic goal"),
                }[column]
            if target is None:
                problems.append(
                    _("%(col)s: unknown %(kind)s '%(v)s'")
                    % {"col": column, "kind": kind, "v": item}
                )
            elif target not in found:
                found.append(target)
        return found, problems


# ---------------------------------------------------------------- import


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
class ImportResult:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    budget_lines: int = 0
    dry_run: bool = True
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changes(self) -> int:
        return len(self.created) + len(self.updated)

    def summary(self) -> str:
        verb = _("would be") if self.dry_run else _("were")
        return _(
            "%(rows)s rows, %(measures)s measures, %(lines)s budget lines: "
            "%(created)s %(verb)s created, %(updated)s %(verb)s updated, %(unchanged)s unchanged "
            "(%(changes)s changes)."
        ) % {
            "rows": self.rows,
            "measures": len(self.created) + len(self.updated) + len(self.unchanged),
            "lines": self.budget_lines,
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "verb": verb,
            "changes": self.changes,
        }


class _Rollback(Exception):
    pass


def import_measures(*, by: Any, data: bytes, filename: str, dry_run: bool = True) -> ImportResult:
    """Validate the whole file; unless `dry_run`, write it all or nothing. Office only."""
    if not is_office(by):
        raise PermissionDenied(_("Only the portfolio office can import measures."))
    result = ImportResult(dry_run=dry_run)
    try:
        table = read_table(data, filename)
    except FileFormatError as exc:
        result.errors.append(RowError(1, "", str(exc)))
        return result
    parsed = _parse(table, result)
    existing = {
        m.code: m
        for m in export_queryset(Measure.objects.filter(code__in=[p.code for p in parsed]))
    }
    for p in parsed:
        _validate_model(p, existing.get(p.code), result)
    if result.errors:
        result.errors.sort(key=_error_order)
        return result
    plan = []
    for p in parsed:
        current = existing.get(p.code)
        if current is None:
            result.created.append(p.code)
            plan.append((p, None, True))
            continue
        changed = _diff(current, p)
        if changed:
            result.updated[p.code] = changed
            plan.append((p, current, "budget_lines" in changed))
        else:
            result.unchanged.append(p.code)
    if dry_run or not plan:
        return result
    try:
        _write(plan, by=by, filename=filename, result=result)
    except _Rollback:
        result.created, result.updated = [], {}
        return result
    result.written = True
    return result


def _error_order(error: RowError) -> tuple[int, int]:
    return error.row, COLUMNS.index(error.column) if error.column in COLUMNS else -1


def _parse(table: list[tuple[int, list[Any]]], result: ImportResult) -> list[ParsedMeasure]:
    if not table:
        result.errors.append(RowError(1, "", _("The file is empty.")))
        return []
    header_row, header = table[0]
    names = [_cell_text(h).lower() for h in header]
    while names and not names[-1]:
        names.pop()
    missing = [c for c in COLUMNS if c not in names]
    unknown = [n for n in names if n not in COLUMNS]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    for column in missing:
        result.errors.append(RowError(header_row, column, _("column is missing")))
    for column in unknown:
        result.errors.append(RowError(header_row, column or "?", _("unknown column")))
    for column in duplicated:
        result.errors.append(RowError(header_row, column, _("column appears twice")))
    if missing or unknown or duplicated:
        return []
    index = {name: i for i, name in enumerate(names)}
    refs = _References()
    measures: dict[str, ParsedMeasure] = {}
    for number, cells in table[1:]:
        if all(_cell_text(c) == "" for c in cells):
            continue
        result.rows += 1
        if any(_cell_text(c) for c in cells[len(names) :]):
            result.errors.append(RowError(number, "", _("more cells than columns")))
        row = {c: (cells[i] if i < len(cells) else None) for c, i in index.items()}
        _parse_row(number, row, refs, measures, result)
    return list(measures.values())


def _parse_row(
    number: int,
    row: dict[str, Any],
    refs: _References,
    measures: dict[str, ParsedMeasure],
    result: ImportResult,
) -> None:
    errors: list[RowError] = []

    def cell(column: str, parse: Any) -> Any:
        try:
            return parse(row[column], column)
        except CellError as exc:
            errors.append(RowError(number, column, str(exc)))
            return None

    code = _cell_text(row["code"]).upper()
    if not code:
        errors.append(RowError(number, "code", _("code: is required")))
    fields: dict[str, Any] = {}
    for column in TEXT_COLUMNS:
        fields[column] = _cell_text(row[column])
    if not fields["name"]:
        errors.append(RowError(number, "name", _("name: is required")))
    owner_name = _cell_text(row["owner"])
    if not owner_name:
        errors.append(RowError(number, "owner", _("owner: is required")))
    else:
        fields["owner"] = cell("owner", lambda v, c: refs.actor(owner_name, c))
    fields["measure_type"] = cell("measure_type", lambda v, c: _choice(v, c, MeasureType))
    fields["phase"] = cell("phase", lambda v, c: _choice(v, c, Phase))
    segment_name = _cell_text(row["segment"])
    fields["segment"] = None
    if segment_name:
        fields["segment"] = refs.segments.get(segment_name.lower())
        if fields["segment"] is None:
            errors.append(
                RowError(
                    number, "segment", _("segment: unknown segment '%(v)s'") % {"v": segment_name}
                )
            )
    fields["start_date"] = cell("start_date", parse_date)
    fields["end_date"] = cell("end_date", parse_date)
    if fields["start_date"] and fields["end_date"] and fields["end_date"] < fields["start_date"]:
        errors.append(
            RowError(
                number,
                "end_date",
                _("end_date %(end)s is before start_date %(start)s")
                % {"end": fields["end_date"], "start": fields["start_date"]},
            )
        )
    for column in M2M_COLUMNS:
        found, problems = refs.many(row[column], column)
        fields[column] = found
        errors.extend(RowError(number, column, p) for p in problems)
    for column in BOOLEAN_COLUMNS:
        fields[column] = bool(cell(column, parse_bool))
    fields["total_cost_frame"] = cell("total_cost_frame", parse_money)

    line = None
    if any(_cell_text(row[c]) for c in BUDGET_COLUMNS):
        year = cell("budget_year", parse_year) if _cell_text(row["budget_year"]) else None
        if not _cell_text(row["budget_year"]):
            errors.append(RowError(number, "budget_year", _("budget_year: is required")))
        line = {
            "year": year,
            "kind": cell("budget_kind", lambda v, c: _choice(v, c, BudgetKind)),
            "funding_source": cell(
                "funding_source", lambda v, c: _choice(v, c, FundingSource, default="own")
            ),
            "planned": cell("planned", parse_money) or Decimal("0.00"),
            "actual": cell("actual", parse_money),
        }

    if code and code in measures:
        first = measures[code]
        for column in MEASURE_COLUMNS:
            mine, theirs = _cell_text(row[column]), first.raw[column]
            if column in M2M_COLUMNS:
                mine, theirs = sorted(_split(mine)), sorted(_split(theirs))
            if column in BOOLEAN_COLUMNS or column in ("start_date", "end_date"):
                mine, theirs = str(fields.get(column)), str(first.fields.get(column))
            if column in ("total_cost_frame",):
                mine, theirs = str(fields.get(column)), str(first.fields.get(column))
            if mine != theirs:
                errors.append(
                    RowError(
                        number,
                        column,
                        _("%(col)s differs from row %(row)s of the same measure %(code)s")
                        % {"col": column, "row": first.row, "code": code},
                    )
                )
    elif code:
        measures[code] = ParsedMeasure(
            code=code,
            row=number,
            fields={"code": code, **fields},
            raw={c: _cell_text(row[c]) for c in MEASURE_COLUMNS},
        )
    if line is not None and code and None not in (line["year"], line["kind"]):
        parsed = measures[code]
        key = (line["year"], line["kind"], line["funding_source"])
        if key in parsed.line_rows:
            errors.append(
                RowError(
                    number,
                    "budget_year",
                    _("duplicate budget line %(year)s %(kind)s %(source)s (also in row %(row)s)")
                    % {
                        "year": key[0],
                        "kind": key[1],
                        "source": key[2],
                        "row": parsed.line_rows[key],
                    },
                )
            )
        else:
            parsed.line_rows[key] = number
            parsed.lines.append(line)
            result.budget_lines += 1
    result.errors.extend(errors)


def _validate_model(p: ParsedMeasure, current: Measure | None, result: ImportResult) -> None:
    """The model's own rules (lengths, code pattern, e-mail) for what the cells did not catch."""
    flagged = {e.column for e in result.errors if e.row == p.row}
    exclude = [
        key
        for key in MEASURE_COLUMNS
        if key in flagged or key in M2M_COLUMNS or (key in REQUIRED and p.fields.get(key) is None)
    ]
    measure = Measure(pk=current.pk if current else None)
    if current is not None:
        measure.version = current.version
        measure.state = current.state
    for key, value in p.fields.items():
        if key not in exclude:
            setattr(measure, key, value)
    try:
        measure.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            column = FIELD_COLUMN.get(name, "")
            for message in messages:
                result.errors.append(RowError(p.row, column, labelled(Measure, name, message)))
    for line in p.lines:
        row = p.line_rows[(line["year"], line["kind"], line["funding_source"])]
        budget_line = BudgetLine(**line)
        try:
            budget_line.full_clean(exclude=["measure"], validate_unique=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                column = FIELD_COLUMN.get(name, name)
                for message in messages:
                    result.errors.append(RowError(row, column, labelled(BudgetLine, name, message)))


def _normal(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    if isinstance(value, Decimal):
        return value.quantize(CENT)
    return value


def _line_key(line: dict[str, Any]) -> tuple:
    actual = line["actual"]
    return (
        line["year"],
        line["kind"],
        line["funding_source"],
        Decimal(line["planned"]).quantize(CENT),
        None if actual is None else Decimal(actual).quantize(CENT),
    )


def _diff(current: Measure, p: ParsedMeasure) -> list[str]:
    """Names of what the file would change on an existing measure (empty: unchanged)."""
    changed = []
    for key, value in p.fields.items():
        if key in M2M_COLUMNS:
            if {o.pk for o in getattr(current, key).all()} != {o.pk for o in value}:
                changed.append(key)
        elif key in ("owner", "segment"):
            if getattr(current, f"{key}_id") != (value.pk if value else None):
                changed.append(key)
        elif _normal(getattr(current, key)) != _normal(value):
            changed.append(key)
    old_lines = {
        _line_key(
            {
                "year": b.year,
                "kind": b.kind,
                "funding_source": b.funding_source,
                "planned": b.planned,
                "actual": b.actual,
            }
        )
        for b in current.budget_lines.all()
    }
    if old_lines != {_line_key(line) for line in p.lines}:
        changed.append("budget_lines")
    return changed


def _write(
    plan: list[tuple[ParsedMeasure, Measure | None, bool]],
    *,
    by: Any,
    filename: str,
    result: ImportResult,
) -> None:
    request_id = uuid.uuid4()
    with (
        transaction.atomic(),
        change_context(
            user=by,
            action=ObjectChange.Action.IMPORT,
            request_id=request_id,
            message=f"import {filename}",
        ),
    ):
        for p, current, lines_changed in plan:
            fields = dict(p.fields)
            try:
                if current is None:
                    services.measure_create(by=by, fields=fields, budget_lines=p.lines)
                else:
                    services.measure_update(
                        measure=Measure.objects.get(pk=current.pk),
                        by=by,
                        fields=fields,
                        budget_lines=p.lines if lines_changed else None,
                    )
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    column = FIELD_COLUMN.get(name.split(".")[-1], "")
                    for message in messages:
                        result.errors.append(
                            RowError(p.row, column, labelled(Measure, name, message))
                        )
        if result.errors:
            raise _Rollback
        # Creates and deletes are logged as such by the signals; in an import every
        # history row says "import" (the change itself shows old -> new).
        ObjectChange.objects.filter(request_id=request_id).exclude(
            action=ObjectChange.Action.IMPORT
        ).update(action=ObjectChange.Action.IMPORT)
