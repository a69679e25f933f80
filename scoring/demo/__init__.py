"""Demo: the default scoring models, scores computed once and one saved scenario. Idempotent."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from core.changelog import change_context
from scoring import defaults, services
from scoring.models import Scenario, ScoringModel

DEMO_SCENARIO = "Demo: 1 200 MNOK i 2020, 1 000 MNOK i 2021"
DEMO_LIMITS = {"2020": 1_200_000_000, "2021": 1_000_000_000}


class _System(AnonymousUser):
    """The demo loader acts as the office."""

    is_superuser = True
    is_authenticated = True  # type: ignore[assignment]


def load() -> dict[str, Any]:
    User = get_user_model()  # noqa: N806
    by = User.objects.filter(username="kontor").first() or _System()
    created = 0
    with change_context(message="demodata"):
        for target, criteria in defaults.DEFAULTS.items():
            if not ScoringModel.objects.filter(target=target).exists():
                services.scoring_model_create(
                    target=target, by=by, criteria=criteria, note="Standardmodell (demo)"
                )
                created += 1
        job, _ = services.recompute_request(by=by, enqueue_task=False)
        services.recompute_run(job_pk=job.pk)
        scenario = Scenario.objects.filter(name=DEMO_SCENARIO).first()
        if scenario is None:
            scenario = services.optimise_request(
                by=by, params={"limits": DEMO_LIMITS}, name=DEMO_SCENARIO, enqueue_task=False
            )
            services.optimise_run(job_pk=scenario.job_id)
    return {"scoring_models_created": created, "scenario": scenario.pk}
