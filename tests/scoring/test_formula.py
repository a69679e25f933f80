"""The scoring formula on a small case computed by hand (no database)."""

from __future__ import annotations

import pytest

from scoring import defaults, formula


def _specs(criteria):
    return [
        formula.CriterionSpec(c["key"], c["source"], float(c["weight"]), c.get("excludes", False))
        for c in criteria
    ]


MEASURES = {
    "A": {
        "criterion_digitalisation_core": True,
        "criterion_cross_actor": True,
        "criterion_strategy": True,
        "strategic_goals": 3,
        "target_groups": 3,
        "phase": "execution",
        "total_budget": 100,
        "status": {"overall": "green", "cost": "green", "schedule": "green", "benefits": "green"},
    },
    "B": {
        "criterion_digitalisation_core": True,
        "strategic_goals": 0,
        "target_groups": 1,
        "phase": "idea",
        "total_budget": 300,
        "status": {"overall": "red", "cost": "yellow", "schedule": "not_reported"},
    },
    "C": {
        "criterion_digitalisation_core": True,
        "criterion_cross_actor": True,
        "strategic_goals": 1,
        "target_groups": 2,
        "phase": "planning",
        "total_budget": 200,
        "status": None,
    },
}


def test_hand_computed_measure_scores_and_ranking():
    specs = _specs(defaults.MEASURE_CRITERIA)
    bounds = formula.cost_bounds(m["total_budget"] for m in MEASURES.values())
    results = {k: formula.score_measure(specs, m, bounds) for k, m in MEASURES.items()}
    # A: 25·1 + 30·1 + 20·0.75 + 15·1 + 10·1
    assert results["A"].value == 95.0
    # B: 25·(0.5·1/3) + 30·(1/3) + 20·0 + 15·0 + 10·(1 − mean(1, 0.5))
    assert results["B"].value == pytest.approx(16.67, abs=0.01)
    # C: 25·(0.5·2/3 + 0.5·1/3) + 30·(2/3) + 20·0.5 + 15·0.5 + 10·0.5 (no status: neutral)
    assert results["C"].value == 55.0
    ids = {"A": 1, "B": 2, "C": 3}
    ranking = formula.ranking({ids[k]: r.value for k, r in results.items()})
    assert ranking == [1, 3, 2]


def test_breakdown_explains_each_criterion():
    specs = _specs(defaults.MEASURE_CRITERIA)
    result = formula.score_measure(specs, MEASURES["C"], (100.0, 300.0))
    assert result.breakdown["cost"] == {
        "raw": 200.0,
        "normalised": 0.5,
        "weight": 15.0,
        "contribution": 7.5,
    }
    assert result.breakdown["feasibility_maturity"]["raw"] == "planning"
    assert sum(e["contribution"] for e in result.breakdown.values()) == pytest.approx(result.value)


def test_cost_is_lower_is_better_within_the_portfolio():
    assert (
        formula.normalise_measure(formula.measure_raw({"total_budget": 100}), (100, 300))["cost"]
        == 1.0
    )
    assert (
        formula.normalise_measure(formula.measure_raw({"total_budget": 300}), (100, 300))["cost"]
        == 0.0
    )
    unknown = formula.normalise_measure(formula.measure_raw({"total_budget": None}), (100, 300))
    assert unknown["cost"] == formula.NEUTRAL


def test_weights_need_not_sum_to_100():
    specs = [formula.CriterionSpec("a", "strategy_fit", 1), formula.CriterionSpec("b", "cost", 3)]
    result = formula.weighted_score(specs, {}, {"strategy_fit": 1.0, "cost": 0.0})
    assert result.value == 25.0


def test_overlap_finding_excludes_a_suggestion():
    specs = _specs(defaults.SUGGESTION_CRITERIA)
    means = dict.fromkeys(formula.SUGGESTION_ASSESSED, 5.0)
    assert formula.score_suggestion(specs, means, overlap_findings=0).value == 100.0
    excluded = formula.score_suggestion(specs, means, overlap_findings=1)
    assert excluded.excluded and excluded.value == 0.0
    assert excluded.breakdown["overlap_finding"]["triggered"] is True


def test_suggestion_criteria_normalise_from_zero_to_five():
    specs = _specs(defaults.SUGGESTION_CRITERIA)
    means = dict.fromkeys(formula.SUGGESTION_ASSESSED, 2.5)
    assert formula.score_suggestion(specs, means).value == 50.0
