"""Background jobs of the scoring app: recomputing every score (one job at a time, resumable),
recomputing one object's score, and running the optimiser into a scenario.

A job is a row first (`Job`, queued) and then a message: `enqueue` emits `score_job.queued`
(core.events) and `scoring.subscribers` sends the Celery task after the commit, so this
module never imports the tasks (tasks.py imports it)."""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core.events import emit
from core.heartbeat import beating
from core.queue import require_broker, runs_eagerly
from scoring import optimiser, selectors
from scoring import recompute as engine
from scoring.choices import JobKind, JobStatus
from scoring.locks import recompute_lock, refresh_recompute_lock
from scoring.models import Job, Scenario
from scoring.services.common import require_office, user_or_none

log = logging.getLogger(__name__)
BUSY = "busy"
# A running job beats every HEARTBEAT_SECONDS; one silent for STALE_AFTER lost its worker.
# `requeue_stale_jobs` (every 30 s) sends it again, so it resumes within two minutes.
HEARTBEAT_SECONDS = 10
STALE_AFTER = dt.timedelta(seconds=45)
JOB_QUEUED = "score_job.queued"
JOB_FINISHED = "score_job.finished"


def enqueue(kind: str, *, job_pk: int) -> None:
    """Ask for the job to be run: `scoring.subscribers` sends its task after the current
    transaction commits (never a task that points at rows another process cannot see yet)."""
    emit(JOB_QUEUED, {"id": job_pk, "kind": str(kind)})


# --- recompute jobs --------------------------------------------------------------------


def _active_recompute() -> Job | None:
    return Job.objects.filter(
        kind=JobKind.RECOMPUTE, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    ).first()


def recompute_request(*, by: Any, enqueue_task: bool = True) -> tuple[Job, bool]:
    """Start a recompute of every score, or return the one already queued or running (a
    running one is asked to go once more, as the data it read may be outdated). A job whose
    worker stopped reporting long ago is marked lost and replaced."""
    if enqueue_task:
        require_broker()  # before any write: with the queue down, nothing is half-started
    now = timezone.now()
    with transaction.atomic():
        job = _active_recompute()
        if job and job.status == JobStatus.RUNNING and _stale(job, now):
            Job.objects.filter(pk=job.pk).update(
                status=JobStatus.FAILED, error="lost (no progress reported)", finished_at=now
            )
            job = None
        if job is not None:
            if job.status == JobStatus.RUNNING:
                Job.objects.filter(pk=job.pk).update(rerun=True)
            elif enqueue_task:  # a lost message heals; a duplicate finds the job done
                enqueue(JobKind.RECOMPUTE, job_pk=job.pk)
            return job, False
        try:
            with transaction.atomic():
                job = Job.objects.create(
                    kind=JobKind.RECOMPUTE, requested_by=user_or_none(by), heartbeat=now
                )
        except IntegrityError:  # another request won the race
            existing = _active_recompute()
            if existing is None:
                raise
            return existing, False
        if enqueue_task:
            enqueue(JobKind.RECOMPUTE, job_pk=job.pk)
        return job, True


def _stale(job: Job, now: dt.datetime) -> bool:
    seen = job.heartbeat or job.started_at or job.created
    return seen is not None and now - seen > STALE_AFTER


@contextmanager
def _job_heartbeat(job_pk: int) -> Iterator[None]:
    """While a worker runs the job, its row's heartbeat moves every HEARTBEAT_SECONDS (and the
    cache-based recompute lock, where used, is kept). In-process (eager) runs need none."""
    if runs_eagerly():
        yield
        return

    def beat() -> None:
        Job.objects.filter(pk=job_pk, status=JobStatus.RUNNING).update(heartbeat=timezone.now())
        refresh_recompute_lock()

    with beating(beat, HEARTBEAT_SECONDS):
        yield


def jobs_requeue_stale(*, now: dt.datetime | None = None) -> list[int]:
    """Send again every active job whose worker went silent (killed, or the message was lost
    while the queue was down). The job resumes from its row: a recompute writes only what
    is still missing or different, the optimiser starts over. Returns the ids sent."""
    now = now or timezone.now()
    sent: list[int] = []
    for job in Job.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]):
        if not _stale(job, now) or job.kind not in (JobKind.RECOMPUTE, JobKind.OPTIMISE):
            continue
        moved = Job.objects.filter(pk=job.pk, status=job.status, heartbeat=job.heartbeat).update(
            status=JobStatus.QUEUED, heartbeat=now
        )
        if moved:
            log.warning("Job %s (%s) went silent; sending it again.", job.pk, job.kind)
            enqueue(job.kind, job_pk=job.pk)
            sent.append(job.pk)
    return sent


def _claim(job_pk: int) -> bool:
    return bool(
        Job.objects.filter(pk=job_pk, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).update(
            status=JobStatus.RUNNING,
            started_at=Coalesce(F("started_at"), timezone.now()),
            heartbeat=timezone.now(),
            attempts=F("attempts") + 1,
        )
    )


def _progress(job_pk: int) -> engine.Progress:
    def report(done: int, total: int) -> None:
        Job.objects.filter(pk=job_pk).update(
            progress_done=done, progress_total=total, heartbeat=timezone.now()
        )

    return report


def _finish(job_pk: int, **fields: Any) -> None:
    Job.objects.filter(pk=job_pk).update(finished_at=timezone.now(), **fields)
    job = Job.objects.get(pk=job_pk)
    _emit_finished(job)


def _emit_finished(job: Job) -> None:
    try:
        emit(
            JOB_FINISHED,
            {"id": job.pk, "kind": job.kind, "status": job.status, "result": job.result},
        )
    except Exception:  # a webhook must never fail the job
        log.exception("score_job.finished webhook failed")


def recompute_run(*, job_pk: int | None = None) -> Job | str | None:
    """Run a recompute job (the nightly run passes no job and takes or makes the active one).
    Returns None when there is nothing to do (already finished: a redelivery), BUSY when
    another worker holds the lock, else the finished job."""
    if job_pk is None:
        job_pk = recompute_request(by=None, enqueue_task=False)[0].pk
    if not _claim(job_pk):
        return None
    with recompute_lock() as got, _job_heartbeat(job_pk):
        if not got:
            return BUSY
        job = Job.objects.get(pk=job_pk)
        chunk = int(job.params.get("chunk_size") or engine.CHUNK_SIZE)
        try:
            runs = 0
            while True:
                Job.objects.filter(pk=job_pk).update(rerun=False)
                stats = engine.recompute(chunk_size=chunk, progress=_progress(job_pk))
                runs += 1
                stats["runs"] = runs
                done = Job.objects.filter(pk=job_pk, rerun=False).update(
                    status=JobStatus.SUCCEEDED, result=stats, error=""
                )
                if done:
                    break
        except Exception as exc:
            _finish(
                job_pk, status=JobStatus.FAILED, error=f"{exc}\n{traceback.format_exc()}"[:5000]
            )
            raise
    _finish(job_pk)
    return Job.objects.get(pk=job_pk)


def recompute_object(*, target: str, object_pk: int) -> dict[str, Any]:
    """Recompute one measure's or suggestion's score (after it or its assessment changed)."""
    return engine.recompute(targets=[target], ids=[object_pk])


# --- optimiser and scenarios -----------------------------------------------------------


def _clean_params(params: Mapping[str, Any]) -> dict[str, Any]:
    raw_limits = params.get("limits") or {}
    if not isinstance(raw_limits, Mapping) or not raw_limits:
        raise ValidationError({"limits": _("Give a budget limit for at least one year.")})
    limits: dict[str, float] = {}
    for year, amount in raw_limits.items():
        try:
            y, a = int(year), float(amount)
        except (TypeError, ValueError):
            raise ValidationError({"limits": _("Years and amounts must be numbers.")}) from None
        if not 2000 <= y <= 2100 or a < 0:
            raise ValidationError({"limits": _("Years 2000–2100 and amounts of 0 or more.")})
        limits[str(y)] = a
    out: dict[str, Any] = {"limits": limits}
    for key in ("forced_in", "forced_out"):
        try:
            out[key] = sorted({int(i) for i in params.get(key) or []})
        except (TypeError, ValueError):
            raise ValidationError({key: _("A list of measure ids.")}) from None
    if both := set(out["forced_in"]) & set(out["forced_out"]):
        raise ValidationError({"forced_out": _("Forced both in and out: %s") % sorted(both)})
    return out


@transaction.atomic
def optimise_request(
    *, by: Any, params: Mapping[str, Any], name: str = "", enqueue_task: bool = True
) -> Scenario:
    """Start the optimiser as a job; its result lands in a scenario (saved when named)."""
    require_office(by)
    clean = _clean_params(params)
    if enqueue_task:
        require_broker()
    job = Job.objects.create(kind=JobKind.OPTIMISE, params=clean, requested_by=user_or_none(by))
    scenario = Scenario(
        name=name.strip(), saved=bool(name.strip()), params=clean, job=job,
        created_by=user_or_none(by),
    )  # fmt: skip
    scenario.full_clean()
    scenario.save()
    if enqueue_task:
        enqueue(JobKind.OPTIMISE, job_pk=job.pk)
    return scenario


def _optimise(job_pk: int, params: Mapping[str, Any]) -> dict[str, Any]:
    items, names = selectors.optimiser_items()
    Job.objects.filter(pk=job_pk).update(progress_total=len(items))
    outcome = optimiser.optimise(
        items,
        {int(y): float(a) for y, a in params["limits"].items()},
        forced_in=params.get("forced_in", []),
        forced_out=params.get("forced_out", []),
        prerequisites=selectors.prerequisites(),
    )
    result = outcome.as_json()
    result["scores"] = {str(it.id): it.score for it in items}
    return result


def optimise_run(*, job_pk: int) -> Job | None:
    """Solve and store the result on the job and its scenario; a bad input fails the job."""
    if not _claim(job_pk):
        return None
    job = Job.objects.get(pk=job_pk)
    try:
        with _job_heartbeat(job_pk):
            result = _optimise(job_pk, job.params)
    except optimiser.Infeasible as exc:
        result = {"error": str(exc), "field": exc.field}
        Scenario.objects.filter(job_id=job_pk).update(result=result)
        _finish(job_pk, status=JobStatus.FAILED, error=str(exc), result=result)
        return Job.objects.get(pk=job_pk)
    except Exception as exc:
        _finish(job_pk, status=JobStatus.FAILED, error=str(exc)[:5000])
        raise
    Scenario.objects.filter(job_id=job_pk).update(result=result)
    total = Job.objects.filter(pk=job_pk).values_list("progress_total", flat=True).first() or 0
    _finish(job_pk, status=JobStatus.SUCCEEDED, result=result, progress_done=total)
    return Job.objects.get(pk=job_pk)
