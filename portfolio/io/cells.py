"""Reading one cell of an imported file: text, money, dates, yes/no, years and choices.

Every reader takes the cell's value (text from a CSV, text or a typed value from an XLSX) and
the column name, and returns the value or raises `CellError` with a message that names the
column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from core import spreadsheet
from core.money import MoneyError, parse_amount
from portfolio.io.layout import CENT, LIST_SEPARATOR

TRUE_WORDS = {"true", "1", "yes", "ja", "sann", "x"}
FALSE_WORDS = {"false", "0", "no", "nei", "usann", ""}


class CellError(ValueError):
    pass


def cell_text(value: Any) -> str:
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
    text = cell_text(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(_("%(col)s: '%(v)s' is not true or false") % {"col": column, "v": value})


def parse_year(value: Any, column: str) -> int:
    text = cell_text(value)
    try:
        year = int(text)
    except ValueError:
        raise CellError(_("%(col)s: '%(v)s' is not a year") % {"col": column, "v": text}) from None
    if not 2000 <= year <= 2100:
        raise CellError(
            _("%(col)s: %(v)s is not between 2000 and 2100") % {"col": column, "v": year}
        )
    return year


def choice(
    value: Any, column: str, choices: Sequence[tuple[str, Any]], *, default: str | None = None
) -> str:
    """One of `choices` ((value, label) pairs), given as its value or its label."""
    text = cell_text(value)
    if not text and default is not None:
        return default
    if not text:
        raise CellError(_("%(col)s: is required") % {"col": column})
    values = [choice_value for choice_value, _label in choices]
    if text in values:
        return text
    for choice_value, label in choices:
        if text.lower() == str(label).lower() or text.lower() == choice_value:
            return choice_value
    raise CellError(
        _("%(col)s: unknown value '%(v)s' (use one of %(allowed)s)")
        % {"col": column, "v": text, "allowed": ", ".join(values)}
    )


def split(value: Any) -> list[str]:
    return [p.strip() for p in cell_text(value).split(LIST_SEPARATOR) if p.strip()]
