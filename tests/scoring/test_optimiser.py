"""The optimiser against brute force on small random knapsacks with prerequisites."""

from __future__ import annotations

import itertools
import random

import pytest

from scoring import optimiser
from scoring.optimiser import Infeasible, Item


def _brute_force(items, limits, forced_in, forced_out, prerequisites):
    best, best_set = None, None
    ids = [it.id for it in items]
    by_id = {it.id: it for it in items}
    for r in range(len(ids) + 1):
        for subset in itertools.combinations(ids, r):
            chosen = set(subset)
            if not forced_in <= chosen or chosen & forced_out:
                continue
            if any(i in chosen and j not in chosen for i, j in prerequisites):
                continue
            if any(
                sum(by_id[i].costs.get(y, 0) for i in chosen) > limit for y, limit in limits.items()
            ):
                continue
            total = sum(by_id[i].score for i in chosen)
            if best is None or total > best:
                best, best_set = total, chosen
    return best_set


def _instance(seed):
    rng = random.Random(seed)
    n = rng.randint(6, 12)
    years = list(range(2021, 2021 + rng.randint(1, 3)))
    items = [
        Item(
            id=100 + k,
            score=rng.uniform(1, 100),
            costs={y: rng.randint(0, 50) for y in years if rng.random() < 0.85},
        )
        for k in range(n)
    ]
    limits = {y: rng.uniform(0.25, 0.6) * sum(it.costs.get(y, 0) for it in items) for y in years}
    prerequisites = {(100 + i, 100 + j) for i in range(n) for j in range(i) if rng.random() < 0.15}
    forced_in = {100 + rng.randrange(n)} if rng.random() < 0.3 else set()
    forced_out = {100 + rng.randrange(n)} if rng.random() < 0.3 else set()
    return items, limits, forced_in, forced_out - forced_in, sorted(prerequisites)


@pytest.mark.parametrize("seed", range(25))
def test_optimiser_finds_the_brute_force_optimum(seed):
    items, limits, forced_in, forced_out, prerequisites = _instance(seed)
    expected = _brute_force(items, limits, forced_in, forced_out, prerequisites)
    if expected is None:
        with pytest.raises(Infeasible):
            optimiser.optimise(
                items,
                limits,
                forced_in=forced_in,
                forced_out=forced_out,
                prerequisites=prerequisites,
            )
        return
    outcome = optimiser.optimise(
        items, limits, forced_in=forced_in, forced_out=forced_out, prerequisites=prerequisites
    )
    assert set(outcome.selected) == expected
    for use in outcome.years.values():
        assert use["used"] <= use["limit"] + 1e-6


def test_reasons_name_forced_prerequisite_budget_and_blocked():
    items = [
        Item(1, 50, {2021: 10}),
        Item(2, 5, {2021: 10}),  # prerequisite of 1
        Item(3, 40, {2021: 30}),  # too dear in 2021
        Item(4, 30, {2021: 1}),  # forced out
        Item(5, 90, {2021: 1}),  # needs 4
        Item(6, 1, {2021: 1}),  # forced in
    ]
    outcome = optimiser.optimise(
        items, {2021: 25}, forced_in=[6], forced_out=[4], prerequisites=[(1, 2), (5, 4)]
    )
    assert outcome.selected == [1, 2, 6]
    r = outcome.reasons
    assert r[1]["code"] == optimiser.IN_SELECTED
    assert r[2] == {"selected": True, "code": optimiser.IN_PREREQUISITE, "for": [1]}
    assert r[3] == {"selected": False, "code": optimiser.OUT_BUDGET, "years": [2021]}
    assert r[4]["code"] == optimiser.OUT_FORCED
    assert r[5] == {"selected": False, "code": optimiser.OUT_PREREQUISITE_FORCED_OUT, "for": [4]}
    assert r[6]["code"] == optimiser.IN_FORCED
    assert outcome.years == {2021: {"used": 21.0, "limit": 25.0}}


def test_forced_in_needing_a_forced_out_prerequisite_is_refused():
    items = [Item(1, 10, {2021: 1}), Item(2, 10, {2021: 1})]
    with pytest.raises(Infeasible) as err:
        optimiser.optimise(items, {2021: 5}, forced_in=[1], forced_out=[2], prerequisites=[(1, 2)])
    assert err.value.field == "forced_in"


def test_forced_in_above_the_limit_is_refused():
    with pytest.raises(Infeasible):
        optimiser.optimise([Item(1, 10, {2021: 10})], {2021: 5}, forced_in=[1])


def test_small_portfolios_are_solved_exactly_and_say_so():
    items, limits, forced_in, forced_out, prerequisites = _instance(3)
    outcome = optimiser.optimise(
        items, limits, forced_in=forced_in, forced_out=forced_out, prerequisites=prerequisites
    )
    assert outcome.status == "optimal"
    assert outcome.gap == 0.0
    assert outcome.as_json()["gap"] == 0.0


def _large_instance(n: int, seed: int = 2020):
    rng = random.Random(seed)
    years = [2021, 2022, 2023]
    items = [
        Item(
            id=i,
            score=round(rng.uniform(5, 95), 2),
            costs={y: float(rng.randint(1, 100)) for y in years if rng.random() < 0.7},
        )
        for i in range(n)
    ]
    limits = {y: 0.4 * sum(it.costs.get(y, 0) for it in items) for y in years}
    return items, limits


def test_large_portfolios_stop_within_the_proven_gap_and_report_the_bound():
    items, limits = _large_instance(optimiser.EXACT_UP_TO + 100)
    outcome = optimiser.optimise(items, limits)
    assert outcome.status == "optimal"
    assert outcome.bound is not None and outcome.bound >= outcome.total_score - 1e-6
    assert outcome.gap <= optimiser.RELATIVE_GAP
    # the relaxation bound of a knapsack is at most the total of all scores
    assert outcome.bound <= sum(it.score for it in items)


def test_time_limit_reports_the_best_found_with_its_gap():
    items, limits = _large_instance(optimiser.EXACT_UP_TO + 100)
    outcome = optimiser.optimise(items, limits, relative_gap=0.0, time_limit=0.2)
    assert outcome.status == "time_limit"
    assert outcome.as_json()["status"] == "time_limit"
    assert outcome.selected and outcome.gap >= 0.0
