"""The column-wise formula (scoring.columns) gives exactly what the per-object reference
(scoring.formula) gives: value, exclusion and every breakdown entry."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import columns, formula
from scoring.defaults import MEASURE_CRITERIA, SUGGESTION_CRITERIA

LIGHT = st.sampled_from([None, "green", "yellow", "red", "not_reported"])
MEASURE = st.fixed_dictionaries(
    {
        "phase": st.sampled_from([*formula.MATURITY, None]),
        "criterion_digitalisation_core": st.booleans(),
        "criterion_cross_actor": st.booleans(),
        "criterion_strategy": st.booleans(),
        "strategic_goals": st.integers(0, 6),
        "target_groups": st.integers(0, 6),
        "total_budget": st.one_of(st.none(), st.integers(0, 10**9).map(float)),
        "status": st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {"overall": LIGHT, "cost": LIGHT, "schedule": LIGHT, "benefits": LIGHT}
            ),
        ),
    }
)


def _specs(defaults, weights):
    return [
        formula.CriterionSpec(
            key=c["key"], source=c["source"], weight=float(w), excludes=c.get("excludes", False)
        )
        for c, w in zip(defaults, weights, strict=True)
    ]


def _expand(scored, specs, k):
    raw = {c.source: columns.raw_value(c.source, scored.raw[i][k]) for i, c in enumerate(specs)}
    norm = {c.source: float(scored.normalised[i][k]) for i, c in enumerate(specs)}
    return formula.weighted_score(specs, raw, norm)


def _light(status, key):
    return (status or {}).get(key)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(MEASURE, min_size=1, max_size=30),
    st.lists(st.integers(0, 40), min_size=5, max_size=5),
)
def test_measures_column_wise_equal_the_reference(measures, weights):
    specs = _specs(MEASURE_CRITERIA, weights)
    data = columns.MeasureColumns(
        ids=np.arange(len(measures), dtype=np.int64),
        phase=columns.codes([m["phase"] for m in measures], columns.PHASES),
        entry_criteria_met=np.array([sum(bool(m[f]) for f in formula.ENTRY_CRITERIA) for m in measures]),
        strategic_goals=np.array([m["strategic_goals"] for m in measures]),
        target_groups=np.array([m["target_groups"] for m in measures]),
        total_budget=np.array([np.nan if m["total_budget"] is None else m["total_budget"] for m in measures]),
        overall=columns.codes([_light(m["status"], "overall") for m in measures], columns.LIGHTS),
        cost=columns.codes([_light(m["status"], "cost") for m in measures], columns.LIGHTS),
        schedule=columns.codes([_light(m["status"], "schedule") for m in measures], columns.LIGHTS),
        benefits=columns.codes([_light(m["status"], "benefits") for m in measures], columns.LIGHTS),
    )  # fmt: skip
    bounds = formula.cost_bounds(m["total_budget"] for m in measures)
    assert columns.cost_bounds(data.total_budget) == bounds
    scored = columns.score(specs, columns.measure_inputs(data, bounds))
    for k, m in enumerate(measures):
        expected = formula.score_measure(specs, m, bounds)
        assert scored.cents[k] == round(expected.value * 100)
        assert bool(scored.excluded[k]) == expected.excluded
        assert _expand(scored, specs, k).breakdown == expected.breakdown


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.dictionaries(
                st.sampled_from(formula.SUGGESTION_ASSESSED),
                st.integers(0, 500).map(lambda x: x / 100),
            ),
            st.integers(0, 2),
        ),
        min_size=1,
        max_size=20,
    ),
    st.lists(st.integers(0, 30), min_size=8, max_size=8),
)
def test_suggestions_column_wise_equal_the_reference(suggestions, weights):
    specs = _specs(SUGGESTION_CRITERIA, weights)
    means = {
        k: np.array([s[0].get(k, np.nan) for s in suggestions]) for k in formula.SUGGESTION_ASSESSED
    }
    inputs = columns.suggestion_inputs(
        np.arange(len(suggestions)), means, np.array([s[1] for s in suggestions])
    )
    scored = columns.score(specs, inputs)
    for k, (m, overlaps) in enumerate(suggestions):
        expected = formula.score_suggestion(specs, m, overlaps)
        assert scored.cents[k] == round(expected.value * 100)
        assert bool(scored.excluded[k]) == expected.excluded
        assert _expand(scored, specs, k).breakdown == expected.breakdown


def test_fingerprint_changes_with_any_input_and_only_then():
    a = [np.array([0.5, 1.0]), np.array([np.nan, 2.0])]
    same = columns.fingerprint([np.array([0.5, 1.0]), np.array([np.nan, 2.0])])
    assert list(columns.fingerprint(a)) == list(same)
    moved = columns.fingerprint([np.array([0.5, 1.0]), np.array([np.nan, 2.0000001])])
    assert moved[0] == same[0] and moved[1] != same[1]


def test_round_cents_rounds_like_python():
    values = np.array([12.345, 0.125, 99.995, 16.666666, 2.675])
    expected = [int(Decimal(repr(round(v, 2))) * 100) for v in values.tolist()]
    assert columns.round_cents(values).tolist() == expected
