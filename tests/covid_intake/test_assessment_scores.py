"""Pure aggregation functions: no database."""

from covid_intake import assessment_scores as scoring
from covid_intake.criteria import CODES


def row(v: int, **over: int) -> dict[str, int]:
    return {c: v for c in CODES} | over


def test_means_per_criterion_are_the_average_of_the_assessors():
    means = scoring.criterion_means([row(4), row(2, feasibility=5)])
    assert means["benefit_citizens"] == 3.0
    assert means["feasibility"] == 4.5


def test_overall_weights_strategy_fit_half():
    means = {c: 4.0 for c in CODES} | {"strategy_fit": 1.0}
    # six criteria at 4 (weight 1) and one at 1 (weight 0.5): (24 + 0.5) / 6.5
    assert scoring.overall_score(means) == round(24.5 / 6.5, 2)


def test_spread_of_three_or_more_is_flagged_as_disagreement():
    combined = scoring.combine([row(3, feasibility=5), row(3, feasibility=2)])
    assert combined.disputed == ("feasibility",)
    assert combined.disagreement


def test_spread_below_three_is_not_disagreement():
    assert not scoring.combine([row(3), row(5)]).disagreement


def test_no_assessments_give_no_score():
    combined = scoring.combine([])
    assert combined.overall is None
    assert combined.assessments == 0


def test_rank_puts_best_first_and_unscored_last():
    assert scoring.rank({1: 2.0, 2: None, 3: 4.5, 4: 4.5}) == [
        (3, 4.5),
        (4, 4.5),
        (1, 2.0),
        (2, None),
    ]
