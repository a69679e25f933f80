"""The published assessment criteria of the 2020 corona intake: declared once, here.

The assessment model's score fields, the assessment form and serializer, the combined score
(`covid_intake.assessment_scores`), the admin, the detail page's score table and the scoring
app's suggestion sources are all built from `CRITERIA`. To add a criterion, add it here and
make a migration for its score field.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SCORE_MIN, SCORE_MAX = 0, 5


@dataclass(frozen=True)
class Criterion:
    """One criterion every assessor scores from SCORE_MIN to SCORE_MAX.

    `label` is the criterion's name (the score field's verbose name), `help_text` what the
    assessor weighs, and `weight` its weight in the combined score."""

    code: str
    label: str | Promise
    help_text: str | Promise = ""
    weight: float = 1.0


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "benefit_citizens",
        _("benefit for citizens"),
        _("How much the solution helps citizens in the pandemic."),
    ),
    Criterion(
        "benefit_health_personnel",
        _("benefit for health personnel"),
        _("How much it helps health personnel in their work in the pandemic."),
    ),
    Criterion(
        "benefit_authorities",
        _("benefit for authorities"),
        _("How much it helps the health authorities follow and manage the pandemic."),
    ),
    Criterion(
        "doable_this_year",
        _("can be carried out with benefits this year"),
        _("Whether it can be in use, with benefits, this year."),
    ),
    Criterion(
        "feasibility",
        _("feasibility / builds on existing solutions"),
        _("Whether it can be done with the means at hand, building on existing solutions."),
    ),
    Criterion(
        "no_overlap",
        _("no overlap with measures under way"),
        _("5 when no measure under way already covers it."),
    ),
    # Fit with the e-health strategy was "an extra weighting" in 2020: it counts half.
    Criterion(
        "strategy_fit",
        _("fit with the e-health strategy"),
        _("Fit with the national e-health strategy; counts half in the combined score."),
        weight=0.5,
    ),
)
CODES: tuple[str, ...] = tuple(c.code for c in CRITERIA)
WEIGHTS: dict[str, float] = {c.code: c.weight for c in CRITERIA}
SCORE_CHOICES: list[tuple[int, str]] = [(i, str(i)) for i in range(SCORE_MIN, SCORE_MAX + 1)]


def labelled() -> list[tuple[str, str | Promise]]:
    """(code, label) pairs in the published order, e.g. for a table of scores."""
    return [(c.code, c.label) for c in CRITERIA]
