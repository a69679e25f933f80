"""The proposed default criteria (domain.md, "Prioritisation scores"). Weights are percentages
but need not sum to 100: a score is scaled by the total weight."""

from __future__ import annotations

from typing import Any

from scoring.choices import Source, Target

MEASURE_CRITERIA: list[dict[str, Any]] = [
    {"key": "strategy_fit", "label": "Strategic fit", "source": Source.STRATEGY_FIT, "weight": 25},
    {
        "key": "benefit_target_groups",
        "label": "Benefit for the target groups",
        "source": Source.BENEFIT_TARGET_GROUPS,
        "weight": 30,
    },
    {
        "key": "feasibility_maturity",
        "label": "Feasibility / maturity",
        "source": Source.FEASIBILITY_MATURITY,
        "weight": 20,
    },
    {"key": "cost", "label": "Cost", "source": Source.COST, "weight": 15},
    {"key": "risk", "label": "Risk", "source": Source.RISK, "weight": 10},
]

# The 2020 intake criteria: benefit for a target group, doable this year, feasible, no overlap;
# fit with the strategy as an extra weighting; an overlap finding by the office excludes.
SUGGESTION_CRITERIA: list[dict[str, Any]] = [
    {"key": "benefit_citizens", "label": "Benefit for citizens", "source": Source.BENEFIT_CITIZENS, "weight": 10},
    {"key": "benefit_health_personnel", "label": "Benefit for health personnel", "source": Source.BENEFIT_HEALTH_PERSONNEL, "weight": 10},
    {"key": "benefit_authorities", "label": "Benefit for authorities", "source": Source.BENEFIT_AUTHORITIES, "weight": 10},
    {"key": "doable_this_year", "label": "Benefits this year", "source": Source.DOABLE_THIS_YEAR, "weight": 20},
    {"key": "feasibility", "label": "Feasibility", "source": Source.FEASIBILITY, "weight": 20},
    {"key": "no_overlap", "label": "No overlap (assessed)", "source": Source.NO_OVERLAP, "weight": 15},
    {"key": "strategy_fit", "label": "Strategy fit (extra weighting)", "source": Source.STRATEGY_FIT, "weight": 15},
    {"key": "overlap_finding", "label": "Overlap finding", "source": Source.OVERLAP_FINDING, "weight": 0, "excludes": True},
]  # fmt: skip

DEFAULTS = {Target.MEASURE: MEASURE_CRITERIA, Target.SUGGESTION: SUGGESTION_CRITERIA}
