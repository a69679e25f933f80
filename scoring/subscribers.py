"""What scoring does when something happens elsewhere (core.events), registered in
`ScoringConfig.ready`:

- a logged change of a measure, its budget lines, status reports, target groups or strategic
  goals (every change-logged write emits `<app>.<model>.changed`; many-to-many changes are
  logged as changes of the measure) recomputes that measure's score after the commit;
- a logged change of a suggestion's assessment or overlap finding recomputes the suggestion's;
- a queued scoring job (`score_job.queued`, from scoring.services) sends its Celery task
  after the commit.

Portfolio and intake know nothing of scoring; scoring listens.
"""

from __future__ import annotations

from typing import Any

from celery import Task
from django.conf import settings

from core.events import subscribe
from core.queue import send_on_commit
from scoring import tasks
from scoring.choices import JobKind, Target
from scoring.services import JOB_QUEUED

MEASURE_EVENTS = (
    "portfolio.measure.changed",
    "portfolio.budgetline.changed",
    "portfolio.statusreport.changed",
)
SUGGESTION_EVENTS = ("covid_intake.assessment.changed", "covid_intake.measureoverlap.changed")
# Changes that cannot move a score: committing a scenario marks measures prioritised.
NOT_SCORED = frozenset({"prioritised"})
TASK_FOR_KIND: dict[str, Task] = {
    JobKind.RECOMPUTE: tasks.recompute_scores,
    JobKind.OPTIMISE: tasks.optimise_portfolio,
}


def send(task: Task, **kwargs: Any) -> None:
    """Send a scoring task after the current transaction commits. SCORING_TASK_QUEUE
    (optional) picks the queue."""
    queue = getattr(settings, "SCORING_TASK_QUEUE", None)
    options = {"queue": queue} if queue else {}
    send_on_commit(lambda: task.apply_async(kwargs=kwargs, **options), task.name)


def _object_pk(name: str, payload: dict[str, Any]) -> Any:
    """The measure (suggestion) itself, or the one a budget line, report … belongs to."""
    if name in ("portfolio.measure.changed",):
        return payload.get("pk")
    return payload.get("parent_pk")


def measure_changed(name: str, payload: dict[str, Any]) -> None:
    fields = set(payload.get("fields") or ())
    if fields and fields <= NOT_SCORED:
        return
    if pk := _object_pk(name, payload):
        send(tasks.recompute_object_score, target=Target.MEASURE.value, object_pk=pk)


def suggestion_changed(name: str, payload: dict[str, Any]) -> None:
    if pk := _object_pk(name, payload):
        send(tasks.recompute_object_score, target=Target.SUGGESTION.value, object_pk=pk)


def job_queued(name: str, payload: dict[str, Any]) -> None:
    send(TASK_FOR_KIND[payload["kind"]], job_pk=payload["id"])


def register() -> None:
    for name in MEASURE_EVENTS:
        subscribe(name, measure_changed)
    for name in SUGGESTION_EVENTS:
        subscribe(name, suggestion_changed)
    subscribe(JOB_QUEUED, job_queued)
