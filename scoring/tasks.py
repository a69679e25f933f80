"""Thin Celery tasks: take ids, call a service. Safe to retry: work is recomputed from source
data, a finished job returns early, and a second worker waits for the lock."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings

from core.changelog import change_context
from scoring import services

# Time limits come from settings, where the broker's visibility timeout is set just above
# them: a message is redelivered only once its task can no longer be running.
TASK_OPTIONS: dict[str, Any] = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "time_limit": settings.CELERY_TASK_TIME_LIMIT,
    "soft_time_limit": settings.CELERY_TASK_SOFT_TIME_LIMIT,
}


@shared_task(bind=True, max_retries=60, **TASK_OPTIONS)
def recompute_scores(self: Any, job_pk: int | None = None) -> str:
    with change_context(message="scoring: recompute"):
        outcome = services.recompute_run(job_pk=job_pk)
    if outcome == services.BUSY:
        raise self.retry(countdown=15)
    return "done" if outcome is not None else "nothing to do"


@shared_task(**TASK_OPTIONS)
def recompute_object_score(target: str, object_pk: int) -> dict[str, Any]:
    with change_context(message="scoring: recompute one"):
        return services.recompute_object(target=target, object_pk=object_pk)


@shared_task(**TASK_OPTIONS)
def optimise_portfolio(job_pk: int) -> str:
    with change_context(message="scoring: optimise"):
        job = services.optimise_run(job_pk=job_pk)
    return "nothing to do" if job is None else job.status


@shared_task(acks_late=True, ignore_result=True)
def requeue_stale_jobs() -> list[int]:
    """Every 30 s (beat): jobs whose worker went silent are sent again."""
    return services.jobs_requeue_stale()
