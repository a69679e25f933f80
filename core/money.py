"""Money the Norwegian way: one parser for every amount a person types or imports, and the
formatting used to show amounts back. Pure functions, no ORM.

Rules (documented in README.md, "Money input"):

- Thousands are grouped with spaces (ordinary, non-breaking U+00A0, narrow U+202F or thin
  U+2009); groups after the first have exactly three digits ("2 500 000", not "25 00 000").
  Digits may also be written without grouping ("2500000").
- The decimal separator is a comma ("2 500 000,50"). "100,-" means whole kroner.
  A full stop is read as the decimal separator only when it is the only separator and is not
  followed by exactly three digits ("1234.50" is 1 234,50; "2.500" is refused: it could be
  2,5 or 2 500).
- Refused as ambiguous: both a comma and a full stop ("2,500,000.50", "2.500.000,50"), more
  than one comma or full stop ("2.500.000"), badly sized groups, letters other than the unit.
- At most two decimals for kroner (øre; "2,500" is refused: three digits after the comma may
  be an English thousands separator); an amount given in MNOK may have up to six decimals
  (whole kroner) and is multiplied by 1 000 000 exactly, in Decimal, never via float.
- The unit may be written before or after the number: "kr", "NOK" (kroner) or "MNOK",
  "mill." or "mill. kr" (millions). A bare number is in the field's unit (kroner, or MNOK
  where the field says MNOK).

Never a silent factor of 100: whatever is not one of these shapes is an error, not a guess.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
MILLION = Decimal("1000000")
MAX_DIGITS = 20  # kroner digits before the comma that an amount may have at most
SPACES = "\u00a0\u202f\u2009\u2007 \t"
MINUSES = "-\u2212\u2013"

Unit = Literal["kr", "mnok"]

_KR_UNITS = ("kroner", "nok", "kr.", "kr")
_MNOK_UNITS = ("mill. kr", "mill.kr", "mill kr", "millioner", "mnok", "mill.", "mill")
_GROUPED = re.compile(r"^\d{1,3}( \d{3})+$")
_PLAIN = re.compile(r"^\d+$")


class MoneyError(ValueError):
    """The text is not an amount under the rules above; `message` says why, for a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _strip_unit(text: str, units: tuple[str, ...]) -> tuple[str, str | None]:
    low = text.lower()
    for unit in units:
        if low.endswith(unit) and (len(low) == len(unit) or not low[-len(unit) - 1].isalpha()):
            return text[: -len(unit)].strip(), unit
        if low.startswith(unit) and (len(low) == len(unit) or not low[len(unit)].isalpha()):
            return text[len(unit) :].strip(), unit
    return text, None


def parse_amount(text: str, *, unit: Unit = "kr", allow_negative: bool = False) -> Decimal:
    """The amount in kroner (Decimal with two decimals) that `text` means, or MoneyError.

    `unit` is what a bare number means: "kr" (kroner) or "mnok" (millions of kroner). A unit
    written with the number wins: "kr"/"NOK" is kroner, "MNOK"/"mill." millions."""
    raw = str(text)
    for space in SPACES:
        raw = raw.replace(space, " ")
    raw = " ".join(raw.split())
    if not raw:
        raise MoneyError(_("Enter an amount."))
    negative = False
    if raw[0] in MINUSES:
        negative, raw = True, raw[1:].strip()
    millions = unit == "mnok"
    rest, found = _strip_unit(raw, _MNOK_UNITS)
    if found:
        millions = True
    else:
        rest, found = _strip_unit(rest, _KR_UNITS)
        if found:
            millions = False
    if not negative and rest and rest[0] in MINUSES:
        negative, rest = True, rest[1:].strip()
    if negative and not allow_negative:
        raise MoneyError(_("The amount must not be negative."))
    number, decimals = _number(rest)
    places = 6 if millions else 2
    if decimals == 3 and not millions:
        raise MoneyError(
            _("'%(text)s' is ambiguous: three digits after the separator may be thousands.")
            % {"text": rest}
            + " "
            + _("Write it like 2 500 000,50 (spaces between thousands, comma before øre).")
        )
    if decimals > places:
        raise MoneyError(
            _("Give at most six decimals in MNOK (whole kroner).")
            if millions
            else _("Give at most two decimals (øre).")
        )
    amount = number * MILLION if millions else number
    if amount.adjusted() >= MAX_DIGITS:  # quantize would overflow; no budget is this large
        raise MoneyError(_("The amount is too large."))
    amount = amount.quantize(CENT)
    return -amount if negative else amount


def _number(text: str) -> tuple[Decimal, int]:
    """A non-negative number in Norwegian writing: spaces group thousands, comma decimals."""
    example = _("Write it like 2 500 000,50 (spaces between thousands, comma before øre).")
    if not text:
        raise MoneyError(_("Enter an amount."))
    if text.endswith(",-") or text.endswith(",–"):
        text = text[:-2].rstrip()
        if "," in text or "." in text:
            raise MoneyError(_("This amount is ambiguous.") + " " + example)
    commas, stops = text.count(","), text.count(".")
    if commas and stops:
        raise MoneyError(
            _("Both comma and full stop: unclear which one separates the øre.") + " " + example
        )
    if commas > 1 or stops > 1:
        raise MoneyError(_("This amount is ambiguous.") + " " + example)
    whole, fraction = text, ""
    if commas or stops:
        sep = "," if commas else "."
        whole, fraction = (part.strip() for part in text.split(sep))
        if sep == "." and len(fraction) == 3 and whole:
            raise MoneyError(
                _("'%(text)s' is ambiguous: a full stop before three digits may group thousands.")
                % {"text": text}
                + " "
                + example
            )
        if not fraction.isdigit() or not fraction.isascii():
            raise MoneyError(_("This is not an amount.") + " " + example)
        whole = whole or "0"
    if not whole.isascii() or not (_PLAIN.match(whole) or _GROUPED.match(whole)):
        if whole.replace(" ", "").isdigit() and whole.isascii():
            raise MoneyError(
                _("Group the digits in threes from the right (2 500 000).") + " " + example
            )
        raise MoneyError(_("This is not an amount.") + " " + example)
    number = Decimal(whole.replace(" ", "") + ("." + fraction if fraction else ""))
    return number, len(fraction)


def format_amount(value: Decimal | float | int | None, *, sep: str = "\u00a0") -> str:
    """2500000.5 -> "2 500 000,50"; whole kroner without decimals ("2 500 000")."""
    if value is None or value == "":
        return "–"
    amount = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "\u2212" if amount < 0 else ""
    amount = abs(amount)
    whole, _dot, cents = f"{amount:.2f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", sep)
    return f"{sign}{grouped}" + ("" if cents == "00" else f",{cents}")


def format_kr(value: Decimal | float | int | None) -> str:
    """2500000 -> "2 500 000 kr" (non-breaking spaces)."""
    if value is None or value == "":
        return "–"
    return f"{format_amount(value)}\u00a0kr"


def format_mnok(value: Decimal | float | int | None, *, unit: bool = True) -> str:
    """2500000 -> "2,5 MNOK": millions with one decimal."""
    if value is None or value == "":
        return "–"
    millions = (Decimal(str(value)) / MILLION).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    sign = "\u2212" if millions < 0 else ""
    whole, _dot, tenth = f"{abs(millions):.1f}".partition(".")
    text = f"{sign}{int(whole):,}".replace(",", "\u00a0") + f",{tenth}"
    return f"{text}\u00a0MNOK" if unit else text
