"""Layout primitives of the report PDF: colours, styles, escaped paragraphs, the table."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle
from reportlab.platypus.flowables import Flowable

LIGHT_COLOURS = {
    "green": colors.HexColor("#1b7f3b"),
    "yellow": colors.HexColor("#e0a800"),
    "red": colors.HexColor("#c0262d"),
    "not_reported": colors.HexColor("#9aa0a6"),
}
INK = colors.HexColor("#1e2b3c")
BAR = colors.HexColor("#1e5aa0")
BAR2 = colors.HexColor("#7fa7d6")
GRID = colors.HexColor("#c9d1db")
HEAD_BG = colors.HexColor("#e8eef5")
WIDTH = A4[0] - 36 * mm


def pdf_text(value: Any) -> str:
    """Standard PDF fonts speak Latin-1: a thin space becomes a no-break space; escape markup."""
    text = str(value if value is not None else "–").replace("\u202f", "\u00a0")
    text = text.replace("–", "-").replace("“", '"').replace("”", '"').replace("→", "->")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Styles:
    def __init__(self) -> None:
        base = getSampleStyleSheet()
        self.title = ParagraphStyle("t", parent=base["Title"], textColor=INK, fontSize=20)
        self.h1 = ParagraphStyle(
            "h1",
            parent=base["Heading1"],
            textColor=INK,
            fontSize=14,
            spaceBefore=14,
            keepWithNext=1,
        )
        self.h2 = ParagraphStyle(
            "h2", parent=base["Heading2"], textColor=INK, fontSize=11.5, keepWithNext=1
        )
        self.body = ParagraphStyle("b", parent=base["BodyText"], fontSize=9, leading=12)
        self.small = ParagraphStyle("s", parent=self.body, fontSize=7.5, leading=9.5)
        self.cell = ParagraphStyle("c", parent=self.body, fontSize=8, leading=10)
        self.num = ParagraphStyle("n", parent=self.cell, alignment=2)


def para(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(pdf_text(text), style)


def multiline(text: str, style: ParagraphStyle) -> list[Paragraph]:
    return [Paragraph(pdf_text(part), style) for part in text.split("\n") if part.strip()]


def table(
    header: list[str], rows: list[list[Any]], widths: list[float], st: Styles, num_cols=()
) -> Table:
    """A header row and rows of cells (text or flowables); `num_cols` are right-aligned."""

    def cell(value: Any, col: int) -> Any:
        if isinstance(value, Flowable):
            return value
        return para(value, st.num if col in num_cols else st.cell)

    data = [[cell(h, i) for i, h in enumerate(header)]]
    data += [[cell(v, i) for i, v in enumerate(r)] for r in rows]
    result = Table(data, colWidths=widths, repeatRows=1)
    result.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return result
