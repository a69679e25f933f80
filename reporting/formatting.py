"""How report values read: dates dd.mm.åååå, MNOK with one decimal, light labels."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from core.charts import mnok
from portfolio.choices import Phase, TrafficLight


def date_no(value: str | dt.date | None) -> str:
    if not value:
        return "–"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return value.strftime("%d.%m.%Y")


def mnok_text(value: Any) -> str:
    return mnok(Decimal(value or 0))


def light_label(value: str | None) -> str:
    try:
        return str(TrafficLight(value or "not_reported").label)
    except ValueError:
        return str(value)


def phase_label(value: str | None) -> str:
    try:
        return str(Phase(value).label)
    except ValueError:
        return str(value or "–")


def signed_days(days: int | None) -> str:
    if days is None:
        return "–"
    return f"+{days}" if days > 0 else str(days)


def percent_no(value: Any) -> str:
    """ "18.0" -> "18,0" (a share in percent, Norwegian decimal comma)."""
    if value in (None, ""):
        return "–"
    return str(value).replace(".", ",")
