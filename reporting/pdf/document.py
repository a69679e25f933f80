"""`render(content)`: the page template (A4, margins, footer) and the sections in order."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate

from reporting.pdf.layout import Styles, pdf_text
from reporting.pdf.sections import SECTIONS


def render(content: dict[str, Any], *, compress: bool = True) -> bytes:
    st = Styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=pdf_text(content["title"]),
        author=_("The portfolio office"),
        creator="ehelse-portfolio",
        invariant=1,
        pageCompression=1 if compress else 0,
    )
    story: list[Any] = []
    for section in SECTIONS:
        story += section(content, st)

    def footer(canvas: Any, doc_: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(colors.grey)
        canvas.drawString(18 * mm, 9 * mm, pdf_text(content["title"]).replace("&amp;", "&"))
        canvas.drawRightString(A4[0] - 18 * mm, 9 * mm, _("Page %(n)s") % {"n": doc_.page})
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
