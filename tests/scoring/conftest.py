"""Scoring fixtures: the default models and three measures whose scores were computed by hand
(see test_formula.py): A 95.00, C 55.00, B 16.67."""

from __future__ import annotations

from typing import Any

import pytest

from scoring import defaults, services
from scoring.choices import Target


@pytest.fixture
def scoring_models(office_user: Any) -> dict[str, Any]:
    models = {
        target: services.scoring_model_create(
            target=target, by=office_user, criteria=criteria, note="defaults"
        )
        for target, criteria in defaults.DEFAULTS.items()
    }
    run_recompute()  # the job their activation queued (on-commit hooks do not run in tests)
    return models


def scored_measure(make_measure: Any, owner: Any, *, flags=(), goals=0, groups=0, phase="idea",
                   budget=None, status=None, **fields: Any) -> Any:  # fmt: skip
    from portfolio.models import ReportingPeriod, StatusReport, StrategicGoal, TargetGroup

    m = make_measure(owner, budget=budget, phase=phase, **{f: True for f in flags}, **fields)
    m.strategic_goals.set(StrategicGoal.objects.order_by("id")[:goals])
    m.target_groups.set(TargetGroup.objects.order_by("id")[:groups])
    if status:
        report = StatusReport.objects.create(
            measure=m, period=ReportingPeriod.objects.order_by("start").first(), **status
        )
        m.latest_status = report
        m.save()
    return m


@pytest.fixture
def three_measures(make_measure: Any, actor_a: Any, actor_b: Any) -> dict[str, Any]:
    core, cross, strat = (
        "criterion_digitalisation_core",
        "criterion_cross_actor",
        "criterion_strategy",
    )
    return {
        "A": scored_measure(
            make_measure, actor_a, flags=(core, cross, strat), goals=3, groups=3,
            phase="execution", budget={2021: 100},
            status={"overall": "green", "cost": "green", "schedule": "green", "benefits": "green"},
        ),
        "B": scored_measure(
            make_measure, actor_b, flags=(core,), goals=0, groups=1, phase="idea",
            budget={2021: 300}, status={"overall": "red", "cost": "yellow"},
        ),
        "C": scored_measure(
            make_measure, actor_a, flags=(core, cross), goals=1, groups=2, phase="planning",
            budget={2021: 120, 2022: 80},
        ),
    }  # fmt: skip


def run_recompute(by: Any = None) -> Any:
    job, _ = services.recompute_request(by=by, enqueue_task=False)
    return services.recompute_run(job_pk=job.pk)


def measure_scores() -> dict[int, float]:
    from scoring.models import Score

    return {s.object_id: float(s.value) for s in Score.objects.filter(target=Target.MEASURE)}
