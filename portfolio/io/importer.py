"""The import: plan what a file changes, and apply the plan all or nothing.

After the parser (`portfolio.io.parser`) has read the file:
1. each measure is checked against the model's own rules (lengths, code pattern, e-mail);
2. each is compared with the database: created, updated (which fields) or unchanged;
3. a dry run stops here; a real run writes created/updated measures through
   `portfolio.services` in one transaction, so any error writes nothing. The whole run is one
   change context with the action "import", so every history row it writes says "import".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.changelog import change_context
from core.labels import labelled
from core.models import ObjectChange
from people.roles import is_office
from portfolio import measure_fields as mf
from portfolio import services
from portfolio.io.layout import CENT, COLUMNS, FIELD_COLUMN
from portfolio.io.parser import ParsedMeasure, RowError, parse_file
from portfolio.io.writer import export_queryset
from portfolio.models import BudgetLine, Measure

REQUIRED = [f.name for f in mf.IO_FIELDS if f.required]


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
    parsed_file = parse_file(data, filename)
    result.rows, result.budget_lines = parsed_file.rows, parsed_file.budget_lines
    result.errors.extend(parsed_file.errors)
    parsed = parsed_file.measures
    existing = {
        m.code: m
        for m in export_queryset(Measure.objects.filter(code__in=[p.code for p in parsed]))
    }
    for p in parsed:
        _validate_model(p, existing.get(p.code), result)
    if result.errors:
        result.errors.sort(key=_error_order)
        return result
    plan = _plan(parsed, existing, result)
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


def _plan(
    parsed: list[ParsedMeasure], existing: dict[str, Measure], result: ImportResult
) -> list[tuple[ParsedMeasure, Measure | None, bool]]:
    """(measure, its current version or None, whether its budget lines change) per change."""
    plan: list[tuple[ParsedMeasure, Measure | None, bool]] = []
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
    return plan


def _validate_model(p: ParsedMeasure, current: Measure | None, result: ImportResult) -> None:
    """The model's own rules (lengths, code pattern, e-mail) for what the cells did not catch."""
    flagged = {e.column for e in result.errors if e.row == p.row}
    exclude = [
        f.name
        for f in mf.IO_FIELDS
        if f.header in flagged
        or f.kind in mf.MANY
        or (f.name in REQUIRED and p.fields.get(f.name) is None)
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
    for spec in mf.IO_FIELDS:
        key, value = spec.name, p.fields[spec.name]
        if spec.kind in mf.MANY:
            if {o.pk for o in getattr(current, key).all()} != {o.pk for o in value}:
                changed.append(key)
        elif spec.kind in mf.FOREIGN_KEYS:
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
    # One change context for the whole run: every history row it writes (creations and
    # deletions included) is logged as "import" when it is written.
    with (
        transaction.atomic(),
        change_context(
            user=by,
            action=ObjectChange.Action.IMPORT,
            action_for_all=True,
            request_id=uuid.uuid4(),
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
