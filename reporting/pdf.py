"""The portfolio report as a PDF, drawn with reportlab (pure Python; no browser, no system
packages). Rendered from the report's stored content only, with `invariant=1` (fixed
creation date and document id), so the same content always gives the same bytes."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from reporting.formatting import date_no, light_label, mnok_text, percent_no, signed_days

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


def _pdf_text(value: Any) -> str:
    """Standard PDF fonts speak Latin-1: a thin space becomes a no-break space; escape markup."""
    text = str(value if value is not None else "–").replace("\u202f", "\u00a0")
    text = text.replace("–", "-").replace("“", '"').replace("”", '"').replace("→", "->")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Styles:
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


def _p(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(_pdf_text(text), style)


def _multiline(text: str, style: ParagraphStyle) -> list[Paragraph]:
    return [Paragraph(_pdf_text(part), style) for part in text.split("\n") if part.strip()]


def _table(
    header: list[str], rows: list[list[Any]], widths: list[float], st: _Styles, num_cols=()
) -> Table:
    def cell(value: Any, col: int) -> Any:
        if isinstance(value, Flowable):
            return value
        return _p(value, st.num if col in num_cols else st.cell)

    data = [[cell(h, i) for i, h in enumerate(header)]]
    data += [[cell(v, i) for i, v in enumerate(r)] for r in rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
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
    return table


def _bars(rows: list[dict[str, Any]], value: str, fmt: Any, width: float = WIDTH) -> Drawing:
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


def _stacked(trend: list[dict[str, Any]], width: float = WIDTH) -> Drawing:
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


class _Dot(Flowable):
    def __init__(self, light: str) -> None:
        super().__init__()
        self.light = light
        self.width = self.height = 7

    def draw(self) -> None:
        self.canv.setFillColor(LIGHT_COLOURS.get(self.light, LIGHT_COLOURS["not_reported"]))
        self.canv.circle(3.5, 3.5, 3.5, stroke=0, fill=1)


def _light_cell(light: str, st: _Styles) -> Table:
    t = Table([[_Dot(light), _p(light_label(light), st.small)]], colWidths=[9, None])
    t.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    return t


def _trend_cell(trend: list[str]) -> Table:
    t = Table([[_Dot(x) for x in trend]], colWidths=[9] * len(trend))
    t.setStyle(
        TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 1)])
    )
    return t


def render(content: dict[str, Any], *, compress: bool = True) -> bytes:
    st = _Styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=_pdf_text(content["title"]),
        author=_("The portfolio office"),
        creator="ehelse-portfolio",
        invariant=1,
        pageCompression=1 if compress else 0,
    )
    story: list[Any] = []
    rnd = content["round"]
    year = content["year"]
    story += [
        _p(content["title"], st.title),
        _p(
            _("Reporting round %(round)s (%(start)s – %(end)s), closed %(closed)s")
            % {
                "round": rnd["name"],
                "start": date_no(rnd["start"]),
                "end": date_no(rnd["end"]),
                "closed": date_no(rnd["closed"]),
            },
            st.body,
        ),
    ]
    if content["public"]:
        story.append(
            _p(_("Public version: measures that are not published are left out."), st.small)
        )
    story += _multiline(content["introduction"], st.body)
    kf = content["key_figures"]
    story += [
        _p(_("Key figures"), st.h1),
        _table(
            [_("Figure"), _("Value")],
            [
                [_("Number of measures"), kf["measures"]],
                [_("Budget %(year)s (MNOK)") % {"year": year}, mnok_text(kf["planned"])],
                [
                    _("of which operating costs %(year)s (MNOK)") % {"year": year},
                    mnok_text(kf["planned_operating"]),
                ],
                [
                    _("Operating costs %(year)s (MNOK)") % {"year": year + 1},
                    mnok_text(kf["operating_next_year"]),
                ],
                [
                    _("Change in operating costs from %(year)s (MNOK)") % {"year": year},
                    mnok_text(kf["operating_change_next_year"]),
                ],
            ],
            [WIDTH * 0.7, WIDTH * 0.3],
            st,
            num_cols=(1,),
        ),
    ]
    for key, heading in (
        ("by_actor", _("Budget and number of measures per actor")),
        ("by_segment", _("Budget and number of measures per segment")),
    ):
        rows = content[key]
        story += [
            _p(heading, st.h2),
            _bars(rows, "planned", mnok_text),
            Spacer(1, 4),
            _table(
                [_("Name"), _("Measures"), _("Budget %(year)s (MNOK)") % {"year": year}],
                [
                    [r["name"] or _("No segment"), r["measures"], mnok_text(r["planned"])]
                    for r in rows
                ],
                [WIDTH * 0.6, WIDTH * 0.15, WIDTH * 0.25],
                st,
                num_cols=(1, 2),
            ),
        ]
    status = content["status"]
    story += [
        _p(_("Status"), st.h1),
        _p(_("Overall status per round (number of measures)"), st.h2),
        _stacked(status["trend"]),
        Spacer(1, 4),
        _table(
            [
                _("Round"),
                light_label("green"),
                light_label("yellow"),
                light_label("red"),
                light_label("not_reported"),
            ],
            [
                [t["period"], t["green"], t["yellow"], t["red"], t["not_reported"]]
                for t in status["trend"]
            ],
            [WIDTH * 0.28] + [WIDTH * 0.18] * 4,
            st,
            num_cols=(1, 2, 3, 4),
        ),
        _p(_("Status per measure, red first"), st.h2),
        _table(
            [
                _("Measure"),
                _("Owner"),
                _("Overall"),
                _("Cost"),
                _("Schedule"),
                _("Benefits"),
                _("Trend"),
            ],
            [
                [
                    f"{m['code']} {m['name']}",
                    m["owner"],
                    *[_light_cell(m[k], st) for k in ("overall", "cost", "schedule", "benefits")],
                    _trend_cell(m["trend"]),
                ]
                for m in content["matrix"]
            ],
            [WIDTH * 0.27, WIDTH * 0.13] + [WIDTH * 0.12] * 4 + [WIDTH * 0.12],
            st,
        ),
        _p(
            _("Trend: one dot per round, oldest first (%(rounds)s).")
            % {"rounds": ", ".join(t["period"] for t in status["trend"])},
            st.small,
        ),
    ]
    story.append(_p(_("Red measures"), st.h1))
    if not content["red"]:
        story.append(_p(_("No measure is red."), st.body))
    for r in content["red"]:
        story.append(
            KeepTogether(
                [
                    _p(f"{r['code']} {r['name']} ({r['owner']})", st.h2),
                    _p(
                        " · ".join(
                            f"{label}: {light_label(r[k])}"
                            for k, label in (
                                ("overall", _("Overall")),
                                ("cost", _("Cost")),
                                ("schedule", _("Schedule")),
                                ("benefits", _("Benefits")),
                            )
                        ),
                        st.small,
                    ),
                    *_multiline(r["narrative"], st.body),
                    _p(
                        _(
                            "Planned end %(end)s, forecast end %(forecast)s, cost forecast %(cost)s MNOK"
                        )
                        % {
                            "end": date_no(r["end_date"]),
                            "forecast": date_no(r["forecast_end_date"]),
                            "cost": mnok_text(r["cost_forecast"]) if r["cost_forecast"] else "-",
                        },
                        st.small,
                    ),
                ]
            )
        )
    since = content["since_last_round"]
    story.append(_p(_("Since the last round"), st.h1))
    sections = (
        (
            "new_red",
            _("New red measures"),
            lambda e: _("was %(light)s") % {"light": light_label(e["before"])},
        ),
        (
            "improved",
            _("Improved"),
            lambda e: f"{light_label(e['before'])} -> {light_label(e['after'])}",
        ),
        (
            "end_moved",
            _("Forecast end date moved"),
            lambda e: (
                f"{date_no(e['before'])} -> {date_no(e['after'])} ({signed_days(e['days'])} "
                + _("days")
                + ")"
            ),
        ),
        (
            "cost_up",
            _("Cost forecast up"),
            lambda e: (
                f"{mnok_text(e['before'])} -> {mnok_text(e['after'])} MNOK (+{percent_no(e['percent'])} %)"
            ),
        ),
    )
    for key, heading, describe in sections:
        entries = since[key]
        story.append(_p(f"{heading} ({len(entries)})", st.h2))
        if entries:
            story.append(
                _table(
                    [_("Measure"), _("Change"), _("Narrative")],
                    [
                        [f"{e['code']} {e['name']}", describe(e), e["narrative"] or "-"]
                        for e in entries
                    ],
                    [WIDTH * 0.3, WIDTH * 0.25, WIDTH * 0.45],
                    st,
                )
            )
    var = content["variance"]
    story.append(_p(_("Schedule and cost variance"), st.h1))
    story.append(
        _p(
            _(
                "Cost forecast against the planned total in the baseline “%(b)s” (%(d)s); the forecast end date (else the planned end date) against the end date in the baseline, and the planned start against the start in the baseline."
            )
            % {"b": var["baseline"], "d": date_no(var["as_of"])}
            if var["baseline"]
            else _(
                "Cost forecast against the planned total; forecast end date against the planned end date."
            ),
            st.small,
        )
    )
    if var.get("without_baseline_dates"):
        story.append(
            _p(
                _(
                    "The baseline kept no dates for these measures, so their schedule variance is the forecast end date against the planned end date: %(codes)s."
                )
                % {"codes": ", ".join(var["without_baseline_dates"])},
                st.small,
            )
        )
    if var["rows"]:
        story.append(
            _table(
                [
                    _("Measure"),
                    _("Reference (MNOK)"),
                    _("Forecast (MNOK)"),
                    _("Variance (MNOK)"),
                    _("Variance %"),
                    _("Reference end"),
                    _("Current end"),
                    _("Days"),
                    _("Start moved (days)"),
                ],
                [
                    [
                        f"{v['code']} {v['name']}",
                        mnok_text(v["reference"]),
                        mnok_text(v["forecast"]),
                        mnok_text(v["cost_variance"]),
                        percent_no(v["cost_percent"]),
                        date_no(v.get("reference_end") or v["planned_end"]),
                        date_no(v.get("current_end") or v["forecast_end"]),
                        signed_days(v["schedule_days"]),
                        signed_days(v.get("start_days")),
                    ]
                    for v in var["rows"]
                ],
                [
                    WIDTH * 0.22,
                    WIDTH * 0.09,
                    WIDTH * 0.09,
                    WIDTH * 0.09,
                    WIDTH * 0.08,
                    WIDTH * 0.12,
                    WIDTH * 0.12,
                    WIDTH * 0.08,
                    WIDTH * 0.11,
                ],
                st,
                num_cols=(1, 2, 3, 4, 7, 8),
            )
        )
    else:
        story.append(_p(_("No variance."), st.body))
    story.append(_p(_("Dependencies at risk"), st.h1))
    story.append(
        _p(
            _(
                "Roadmap items on a critical path whose measure is red or yellow, and what waits for them."
            ),
            st.small,
        )
    )
    if content["dependencies"]:
        story.append(
            _table(
                [_("Roadmap item"), _("Measure"), _("Status"), _("End"), _("Waiting")],
                [
                    [
                        f"{d['code']} {d['name']}",
                        d["measure_code"],
                        light_label(d["overall"]),
                        date_no(d["end"]),
                        "; ".join(f"{s['code']} ({s['actor']})" for s in d["successors"]) or "-",
                    ]
                    for d in content["dependencies"]
                ],
                [WIDTH * 0.32, WIDTH * 0.14, WIDTH * 0.1, WIDTH * 0.12, WIDTH * 0.32],
                st,
            )
        )
    else:
        story.append(_p(_("No critical roadmap item belongs to a red or yellow measure."), st.body))
    story.append(_p(_("Decisions the committee is asked to make"), st.h1))
    story += _multiline(content["decisions"], st.body) or [_p(_("None."), st.body)]

    def footer(canvas: Any, doc_: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(colors.grey)
        canvas.drawString(18 * mm, 9 * mm, _pdf_text(content["title"]).replace("&amp;", "&"))
        canvas.drawRightString(A4[0] - 18 * mm, 9 * mm, _("Page %(n)s") % {"n": doc_.page})
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
