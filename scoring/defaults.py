"""The proposed default criteria (domain.md, "Prioritisation scores"). Weights are percentages
but need not sum to 100: a score is scaled by the total weight."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from scoring.choices import Source, Target

# The default labels are stored in bokmål (the office's language). Their English names, so that
# an English page shows a default label in English (core.history.translate_stored); most of the
# others are the criterion sources' own labels.
ENGLISH_LABELS = [
    gettext_noop("Risk"),
    gettext_noop("Benefits this year"),
    gettext_noop("Strategy fit (extra weighting)"),
    gettext_noop("Overlap finding"),
]

MEASURE_CRITERIA: list[dict[str, Any]] = [
    {
        "key": "strategy_fit",
        "label": "Strategisk samsvar",
        "source": Source.STRATEGY_FIT,
        "weight": 25,
    },
    {
        "key": "benefit_target_groups",
        "label": "Gevinst for målgruppene",
        "source": Source.BENEFIT_TARGET_GROUPS,
        "weight": 30,
    },
    {
        "key": "feasibility_maturity",
        "label": "Gjennomførbarhet / modenhet",
        "source": Source.FEASIBILITY_MATURITY,
        "weight": 20,
    },
    {"key": "cost", "label": "Kostnad", "source": Source.COST, "weight": 15},
    {"key": "risk", "label": "Risiko", "source": Source.RISK, "weight": 10},
]

# The 2020 intake criteria: benefit for a target group, doable this year, feasible, no overlap;
# fit with the strategy as an extra weighting; an overlap finding by the office excludes.
SUGGESTION_CRITERIA: list[dict[str, Any]] = [
    {"key": "benefit_citizens", "label": "Gevinst for innbyggere", "source": Source.BENEFIT_CITIZENS, "weight": 10},
    {"key": "benefit_health_personnel", "label": "Gevinst for helsepersonell", "source": Source.BENEFIT_HEALTH_PERSONNEL, "weight": 10},
    {"key": "benefit_authorities", "label": "Gevinst for myndigheter", "source": Source.BENEFIT_AUTHORITIES, "weight": 10},
    {"key": "doable_this_year", "label": "Gevinst i år", "source": Source.DOABLE_THIS_YEAR, "weight": 20},
    {"key": "feasibility", "label": "Gjennomførbarhet", "source": Source.FEASIBILITY, "weight": 20},
    {"key": "no_overlap", "label": "Ingen overlapp (vurdert)", "source": Source.NO_OVERLAP, "weight": 15},
    {"key": "strategy_fit", "label": "Strategisk samsvar (ekstra vekt)", "source": Source.STRATEGY_FIT, "weight": 15},
    {"key": "overlap_finding", "label": "Overlappsfunn", "source": Source.OVERLAP_FINDING, "weight": 0, "excludes": True},
]  # fmt: skip

DEFAULTS = {Target.MEASURE: MEASURE_CRITERIA, Target.SUGGESTION: SUGGESTION_CRITERIA}
