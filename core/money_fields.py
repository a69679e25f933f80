"""The form field and widget for money: a text input read by `core.money.parse_amount`, with an
`<output>` beside it that shows how the amount was read (filled by the server when the form
comes back, and while typing by static/js/money.js when JavaScript runs)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.money import MILLION, MoneyError, Unit, format_amount, format_kr, parse_amount


def millions_text(amount: Decimal, sep: str = "\u00a0") -> str:
    """2500000 -> "2,5"; 1217345678 -> "1 217,345678" (exact, no trailing zeros)."""
    whole, _dot, fraction = f"{(Decimal(amount) / MILLION):f}".partition(".")
    fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", sep)
    return grouped + (f",{fraction}" if fraction else "")


def read_as(amount: Decimal, unit: Unit = "kr") -> str:
    """The confirmation shown beside a money input: "Read as 2 500 000,50 kr"."""
    text = format_kr(amount)
    if unit == "mnok":
        text += f" ({millions_text(amount)}\u00a0MNOK)"
    return _("Read as %(amount)s") % {"amount": text}


class MoneyInput(forms.TextInput):
    def __init__(self, attrs: dict[str, Any] | None = None, unit: Unit = "kr") -> None:
        self.unit = unit
        base = {"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}
        base["data-money"] = unit
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, Decimal | int | float):
            amount = Decimal(str(value))
            if self.unit == "mnok":
                return millions_text(amount, sep=" ")
            return format_amount(amount, sep=" ")
        return str(value)

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        html = super().render(name, value, attrs, renderer)
        input_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        echo = ""
        if value not in (None, ""):
            try:
                amount = (
                    Decimal(str(value))
                    if isinstance(value, Decimal | int | float)
                    else parse_amount(str(value), unit=self.unit)
                )
                echo = read_as(amount, self.unit)
            except (MoneyError, ArithmeticError):
                echo = ""
        return format_html(
            '{}<output class="money-echo" id="{}-echo" for="{}" aria-live="polite"'
            ' data-read-as="{}" data-invalid="{}">{}</output>',
            html,
            input_id,
            input_id,
            _("Read as %(amount)s"),
            _("Not a valid amount yet"),
            echo,
        )


class MoneyField(forms.DecimalField):
    """An amount in kroner (Decimal, two decimals) typed the Norwegian way; see core.money.
    With unit="mnok" a bare number is read as millions (the cleaned value is still kroner)."""

    def __init__(self, *, unit: Unit = "kr", allow_negative: bool = False, **kwargs: Any) -> None:
        self.unit = unit
        self.allow_negative = allow_negative
        kwargs.setdefault("max_digits", 16)
        kwargs.setdefault("decimal_places", 2)
        if not allow_negative:
            kwargs.setdefault("min_value", 0)
        kwargs["widget"] = MoneyInput(unit=unit)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int):
            return Decimal(value)
        try:
            return parse_amount(str(value), unit=self.unit, allow_negative=self.allow_negative)
        except MoneyError as exc:
            raise ValidationError(exc.message, code="invalid") from None
