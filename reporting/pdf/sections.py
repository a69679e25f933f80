"""The sections of the report PDF, in reading order; each takes the report's stored content
(and the styles) and returns its flowables."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from reportlab.platypus import KeepTogether, Spacer

from reporting.formatting import date_no, light_label, mnok_text, percent_no, signed_days
from reporting.pdf.charts import bars, light_cell, stacked, trend_cell
from reporting.pdf.layout import WIDTH, Styles, multiline, para, table

LIGHT_DIMENSIONS = ("overall", "cost", "schedule", "benefits")


def title_page(content: dict[str, Any], st: Styles) -> list[Any]:
    rnd = content["round"]
    story = [
        para(content["title"], st.title),
        para(
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
            para(_("Public version: measures that are not published are left out."), st.small)
        )
    return story + multiline(content["introduction"], st.body)


def key_figures(content: dict[str, Any], st: Styles) -> list[Any]:
    kf, year = content["key_figures"], content["year"]
    return [
        para(_("Key figures"), st.h1),
        table(
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


def breakdowns(content: dict[str, Any], st: Styles) -> list[Any]:
    """Budget and number of measures per actor, then per segment: bars and a table."""
    year = content["year"]
    story: list[Any] = []
    for key, heading in (
        ("by_actor", _("Budget and number of measures per actor")),
        ("by_segment", _("Budget and number of measures per segment")),
    ):
        rows = content[key]
        story += [
            para(heading, st.h2),
            bars(rows, "planned", mnok_text),
            Spacer(1, 4),
            table(
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
    return story


def status(content: dict[str, Any], st: Styles) -> list[Any]:
    """The trend of overall status per round, and the status matrix, red first."""
    trend = content["status"]["trend"]
    return [
        para(_("Status"), st.h1),
        para(_("Overall status per round (number of measures)"), st.h2),
        stacked(trend),
        Spacer(1, 4),
        table(
            [
                _("Round"),
                light_label("green"),
                light_label("yellow"),
                light_label("red"),
                light_label("not_reported"),
            ],
            [[t["period"], t["green"], t["yellow"], t["red"], t["not_reported"]] for t in trend],
            [WIDTH * 0.28] + [WIDTH * 0.18] * 4,
            st,
            num_cols=(1, 2, 3, 4),
        ),
        para(_("Status per measure, red first"), st.h2),
        table(
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
                    *[light_cell(m[k], st) for k in LIGHT_DIMENSIONS],
                    trend_cell(m["trend"]),
                ]
                for m in content["matrix"]
            ],
            [WIDTH * 0.27, WIDTH * 0.13] + [WIDTH * 0.12] * 4 + [WIDTH * 0.12],
            st,
        ),
        para(
            _("Trend: one dot per round, oldest first (%(rounds)s).")
            % {"rounds": ", ".join(t["period"] for t in trend)},
            st.small,
        ),
    ]


def red_measures(content: dict[str, Any], st: Styles) -> list[Any]:
    story: list[Any] = [para(_("Red measures"), st.h1)]
    if not content["red"]:
        story.append(para(_("No measure is red."), st.body))
    labels = (_("Overall"), _("Cost"), _("Schedule"), _("Benefits"))
    for r in content["red"]:
        lights = " · ".join(
            f"{label}: {light_label(r[k])}"
            for k, label in zip(LIGHT_DIMENSIONS, labels, strict=True)
        )
        story.append(
            KeepTogether(
                [
                    para(f"{r['code']} {r['name']} ({r['owner']})", st.h2),
                    para(lights, st.small),
                    *multiline(r["narrative"], st.body),
                    para(
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
    return story


def since_last_round(content: dict[str, Any], st: Styles) -> list[Any]:
    since = content["since_last_round"]
    story: list[Any] = [para(_("Since the last round"), st.h1)]
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
        story.append(para(f"{heading} ({len(entries)})", st.h2))
        if entries:
            story.append(
                table(
                    [_("Measure"), _("Change"), _("Narrative")],
                    [
                        [f"{e['code']} {e['name']}", describe(e), e["narrative"] or "-"]
                        for e in entries
                    ],
                    [WIDTH * 0.3, WIDTH * 0.25, WIDTH * 0.45],
                    st,
                )
            )
    return story


def variance(content: dict[str, Any], st: Styles) -> list[Any]:
    """Cost and schedule variance against the report's baseline (else the plan)."""
    var = content["variance"]
    story: list[Any] = [para(_("Schedule and cost variance"), st.h1)]
    story.append(
        para(
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
            para(
                _(
                    "The baseline kept no dates for these measures, so their schedule variance is the forecast end date against the planned end date: %(codes)s."
                )
                % {"codes": ", ".join(var["without_baseline_dates"])},
                st.small,
            )
        )
    if not var["rows"]:
        return [*story, para(_("No variance."), st.body)]
    story.append(
        table(
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
    return story


def dependencies(content: dict[str, Any], st: Styles) -> list[Any]:
    story: list[Any] = [
        para(_("Dependencies at risk"), st.h1),
        para(
            _(
                "Roadmap items on a critical path whose measure is red or yellow, and what waits for them."
            ),
            st.small,
        ),
    ]
    if not content["dependencies"]:
        story.append(
            para(_("No critical roadmap item belongs to a red or yellow measure."), st.body)
        )
        return story
    story.append(
        table(
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
    return story


def decisions(content: dict[str, Any], st: Styles) -> list[Any]:
    return [
        para(_("Decisions the committee is asked to make"), st.h1),
        *(multiline(content["decisions"], st.body) or [para(_("None."), st.body)]),
    ]


SECTIONS = (
    title_page,
    key_figures,
    breakdowns,
    status,
    red_measures,
    since_last_round,
    variance,
    dependencies,
    decisions,
)
