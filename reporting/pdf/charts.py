"""The drawings of the report PDF: bars per actor or segment, one stacked status bar per
round, and the traffic-light dots of the status matrix."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle
from reportlab.platypus.flowables import Flowable

from reporting.formatting import light_label
from reporting.pdf.layout import BAR, INK, LIGHT_COLOURS, WIDTH, Styles, para


def bars(rows: list[dict[str, Any]], value: str, fmt: Any, width: float = WIDTH) -> Drawing:
    """Horizontal bars scaled to the largest value, label left, value right."""
    bar_h, gap, label_w, value_w = 11, 5, 38 * mm, 30 * mm
    values = [float(Decimal(str(r[value] or 0))) for r in rows]
    top = max(values, default=0) or 1.0
    span = width - label_w - value_w
    height = max(len(rows), 1) * (bar_h + gap)
    d = Drawing(width, height)
    for i, row in enumerate(rows):
        y = height - (i + 1) * (bar_h + gap) + gap / 2
        label = str(row["name"] or "-")
        d.add(String(label_w - 4, y + 2.5, label[:24], fontSize=7.5, textAnchor="end"))
        w = span * values[i] / top
        d.add(Rect(label_w, y, max(w, 0.5), bar_h, fillColor=BAR, strokeColor=None))
        d.add(
            String(label_w + w + 4, y + 2.5, fmt(row[value]).replace("\u202f", " "), fontSize=7.5)
        )
    return d


def stacked(trend: list[dict[str, Any]], width: float = WIDTH) -> Drawing:
    """One stacked bar per round: red, yellow, not reported, green shares."""
    order = ("red", "yellow", "not_reported", "green")
    bar_h, gap, label_w = 12, 6, 24 * mm
    height = max(len(trend), 1) * (bar_h + gap) + 14
    d = Drawing(width, height)
    span = width - label_w - 4
    for i, row in enumerate(trend):
        y = height - 14 - (i + 1) * (bar_h + gap) + gap / 2
        total = sum(row[k] for k in order) or 1
        d.add(String(label_w - 4, y + 3, row["period"], fontSize=7.5, textAnchor="end"))
        x = label_w
        for key in order:
            w = span * row[key] / total
            if w > 0:
                d.add(Rect(x, y, w, bar_h, fillColor=LIGHT_COLOURS[key], strokeColor=colors.white))
                if w > 14:
                    d.add(
                        String(
                            x + w / 2,
                            y + 3,
                            str(row[key]),
                            fontSize=7,
                            textAnchor="middle",
                            fillColor=colors.white if key != "yellow" else INK,
                        )
                    )
            x += w
    x = label_w
    for key in order:
        d.add(Rect(x, height - 9, 7, 7, fillColor=LIGHT_COLOURS[key], strokeColor=None))
        d.add(String(x + 10, height - 8, light_label(key), fontSize=7))
        x += 30 * mm
    return d


class Dot(Flowable):
    def __init__(self, light: str) -> None:
        super().__init__()
        self.light = light
        self.width = self.height = 7

    def draw(self) -> None:
        self.canv.setFillColor(LIGHT_COLOURS.get(self.light, LIGHT_COLOURS["not_reported"]))
        self.canv.circle(3.5, 3.5, 3.5, stroke=0, fill=1)


def light_cell(light: str, st: Styles) -> Table:
    t = Table([[Dot(light), para(light_label(light), st.small)]], colWidths=[9, None])
    t.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    return t


def trend_cell(trend: list[str]) -> Table:
    t = Table([[Dot(x) for x in trend]], colWidths=[9] * len(trend))
    t.setStyle(
        TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 1)])
    )
    return t
