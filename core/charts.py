"""Chart geometry as pure functions: plain rows in, SVG coordinates out (rendered by templates)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str
    y: float
    width: float
    secondary: float | None = None
    secondary_display: str = ""
    secondary_width: float = 0.0

    @property
    def label_x(self) -> float:
        return max(self.width, self.secondary_width) + 126


def horizontal_bars(
    rows: list[dict[str, Any]],
    *,
    label: str,
    value: str,
    secondary: str | None = None,
    width: float = 560,
    bar_height: float = 22,
    gap: float = 10,
    fmt: Any = str,
    secondary_fmt: Any = str,
) -> dict[str, Any]:
    """Lay out horizontal bars scaled to the largest value; an optional second series
    (e.g. number of measures) is scaled on its own axis and drawn thinner."""
    values = [float(r[value] or 0) for r in rows]
    top = max(values, default=0) or 1.0
    sec_values = [float(r[secondary] or 0) for r in rows] if secondary else []
    sec_top = max(sec_values, default=0) or 1.0
    bars = []
    for i, row in enumerate(rows):
        v = values[i]
        bars.append(
            Bar(
                label=str(row[label] or "–"),
                value=v,
                display=fmt(row[value]),
                y=i * (bar_height + gap),
                width=round(width * v / top, 1),
                secondary=sec_values[i] if secondary else None,
                secondary_display=secondary_fmt(row[secondary]) if secondary else "",
                secondary_width=round(width * sec_values[i] / sec_top, 1) if secondary else 0.0,
            )
        )
    return {
        "bars": bars,
        "width": width,
        "bar_height": bar_height,
        "height": max(len(bars) * (bar_height + gap), bar_height),
    }


def mnok(value: Decimal | float | int | None) -> str:
    """NOK to millions with one decimal and Norwegian thin-space grouping."""
    amount = float(value or 0) / 1_000_000
    return f"{amount:,.1f}".replace(",", "\u202f").replace(".", ",")
