"""The notice of meeting (innkalling) with its agenda, as a PDF drawn with reportlab."""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from committees.models import AgendaItem, Meeting


def _p(text: str, style: object) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def invitation_pdf(meeting: Meeting, items: Sequence[AgendaItem]) -> bytes:
    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["BodyText"].clone("small", fontSize=9, leading=11)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("Notice of meeting: %(meeting)s") % {"meeting": meeting.display_title},
        author=str(meeting.committee.name),
    )
    start, end = meeting.local_start, meeting.local_end
    where = meeting.place or meeting.online_url or "–"
    story: list = [
        _p(meeting.committee.name, styles["Heading3"]),
        _p(_("Notice of meeting"), styles["Title"]),
        _p(meeting.display_title, styles["Heading2"]),
        _p(
            _("Date: %(date)s, %(start)s–%(end)s")
            % {
                "date": f"{start:%d.%m.%Y}",
                "start": f"{start:%H:%M}",
                "end": f"{end:%H:%M}",
            },
            body,
        ),
        _p(_("Place: %(place)s") % {"place": where}, body),
    ]
    if meeting.place and meeting.online_url:
        story.append(_p(_("Online: %(url)s") % {"url": meeting.online_url}, body))
    story += [Spacer(1, 6 * mm), _p(_("Agenda"), styles["Heading2"])]
    header = [_("Case"), _("Topic"), _("Case type"), _("Presented by"), _("Start"), _("End")]
    rows: list[list] = [[_p(h, small) for h in header]]
    for item in items:
        topic = item.title + (f"\n{item.description}" if item.description else "")
        rows.append(
            [
                _p(item.case_label or "–", small),
                _p(topic, small),
                _p(str(item.get_case_type_display()), small),
                _p(item.presenter or "–", small),
                _p(f"{item.local_start:%H:%M}", small),
                _p(f"{item.local_end:%H:%M}", small),
            ]
        )
    table = Table(
        rows,
        colWidths=[16 * mm, 64 * mm, 32 * mm, 34 * mm, 14 * mm, 14 * mm],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E6EEF5")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#8A9BAA")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    doc.build(story)
    return buffer.getvalue()
