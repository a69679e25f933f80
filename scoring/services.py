"""Writes of the scoring app: model versions, jobs (recompute, optimise), scenarios."""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core.heartbeat import beating
from core.policy import require
from core.queue import require_broker, runs_eagerly, send_on_commit
from core.services import record_change
from scoring import policies
from scoring import recompute as engine
from scoring.choices import SOURCES_FOR, JobKind, JobStatus, Target
from scoring.locks import recompute_lock, refresh_recompute_lock
from scoring.models import Criterion, Job, PrioritisedMeasure, Scenario, ScoringModel

log = logging.getLogger(__name__)
BUSY = "busy"
# A running job beats every HEARTBEAT_SECONDS; one silent for STALE_AFTER lost its worker.
# `requeue_stale_jobs` (every 30 s) sends it again, so it resumes within two minutes.
HEARTBEAT_SECONDS = 10
STALE_AFTER = dt.timedelta(seconds=45)
TASK_FOR_KIND = {JobKind.RECOMPUTE: "recompute_scores", JobKind.OPTIMISE: "optimise_portfolio"}


def _require_office(user: Any) -> None:
    require(policies.can_manage_scoring(user), _("Only the portfolio office may do this."))


def _user_or_none(user: Any) -> Any:
    ok = getattr(user, "is_authenticated", False) and getattr(user, "pk", None)
    return user if ok else None


def enqueue(task_name: str, **kwargs: Any) -> None:
    """Send a scoring task after the current transaction commits (never a task that points at
    rows another process cannot see yet). SCORING_TASK_QUEUE (optional) picks the queue."""
    from scoring import tasks

    task = getattr(tasks, task_name)
    queue = getattr(settings, "SCORING_TASK_QUEUE", None)
    options = {"queue": queue} if queue else {}
    send_on_commit(lambda: task.apply_async(kwargs=kwargs, **options), task_name)


# --- scoring models --------------------------------------------------------------------


def _weight(key: str, value: Any) -> Decimal:
    try:
        w = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({f"weights.{key}": _("Enter a number.")}) from None
    if w < 0 or w > Decimal("9999"):
        raise ValidationError({f"weights.{key}": _("A weight is between 0 and 9999.")})
    return w.quantize(Decimal("0.01"))


@transaction.atomic
def scoring_model_create(
    *,
    target: str,
    by: Any,
    criteria: list[dict[str, Any]] | None = None,
    weights: Mapping[str, Any] | None = None,
    based_on: ScoringModel | None = None,
    note: str = "",
    activate: bool = True,
) -> ScoringModel:
    """A new version for the target: the criteria of `based_on` (default: the active version)
    with new weights, or a full list of criteria. Old versions are never changed."""
    _require_office(by)
    if target not in Target.values:
        raise ValidationError({"target": _("Unknown target.")})
    if based_on is None:
        based_on = ScoringModel.objects.filter(target=target, active=True).first()
    if criteria is None:
        if based_on is None:
            raise ValidationError({"criteria": _("Give the criteria of the first version.")})
        criteria = [
            {
                "key": c.key,
                "label": c.label,
                "source": c.source,
                "weight": c.weight,
                "excludes": c.excludes,
            }
            for c in based_on.criteria.all()
        ]
    weights = dict(weights or {})
    keys = {c["key"] for c in criteria}
    if unknown := sorted(set(weights) - keys):
        raise ValidationError({"weights": _("Unknown criteria: %s") % ", ".join(unknown)})
    if not criteria:
        raise ValidationError({"criteria": _("A model needs at least one criterion.")})
    version = (
        ScoringModel.objects.select_for_update()
        .filter(target=target)
        .aggregate(v=Max("version"))["v"]
        or 0
    ) + 1
    model = ScoringModel(target=target, version=version, note=note, created_by=_user_or_none(by))
    model.full_clean()
    model.save()
    rows = []
    for order, c in enumerate(criteria):
        key = c["key"]
        if c.get("source") not in SOURCES_FOR[target]:
            raise ValidationError({f"criteria.{key}.source": _("Not a source for this target.")})
        rows.append(
            Criterion(
                model=model,
                key=key,
                label=c.get("label") or key,
                source=c["source"],
                weight=_weight(key, weights.get(key, c.get("weight", 0))),
                excludes=bool(c.get("excludes", False)),
                sort_order=order,
            )
        )
    if len({r.key for r in rows}) != len(rows):
        raise ValidationError({"criteria": _("Criterion keys must be unique.")})
    if not any(r.weight > 0 for r in rows):
        raise ValidationError({"weights": _("At least one weight must be above zero.")})
    for r in rows:
        r.full_clean(exclude=["model"])
        r.save()
    if activate:
        scoring_model_activate(model=model, by=by)
    return model


@transaction.atomic
def scoring_model_activate(*, model: ScoringModel, by: Any) -> ScoringModel:
    """Make this version the active one for its target and recompute every score."""
    _require_office(by)
    if model.active:
        return model
    for old in ScoringModel.objects.select_for_update().filter(target=model.target, active=True):
        old.active = False
        old.save()
    model.active = True
    model.save()
    recompute_request(by=by)
    return model


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
                enqueue("recompute_scores", job_pk=job.pk)
            return job, False
        try:
            with transaction.atomic():
                job = Job.objects.create(
                    kind=JobKind.RECOMPUTE, requested_by=_user_or_none(by), heartbeat=now
                )
        except IntegrityError:  # another request won the race
            existing = _active_recompute()
            if existing is None:
                raise
            return existing, False
        if enqueue_task:
            enqueue("recompute_scores", job_pk=job.pk)
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
        if not _stale(job, now) or job.kind not in TASK_FOR_KIND:
            continue
        moved = Job.objects.filter(pk=job.pk, status=job.status, heartbeat=job.heartbeat).update(
            status=JobStatus.QUEUED, heartbeat=now
        )
        if moved:
            log.warning("Job %s (%s) went silent; sending it again.", job.pk, job.kind)
            enqueue(TASK_FOR_KIND[job.kind], job_pk=job.pk)
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
        from core.webhooks import emit
    except ImportError:
        return
    try:
        emit(
            "score_job.finished",
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
    _require_office(by)
    clean = _clean_params(params)
    if enqueue_task:
        require_broker()
    job = Job.objects.create(kind=JobKind.OPTIMISE, params=clean, requested_by=_user_or_none(by))
    scenario = Scenario(
        name=name.strip(), saved=bool(name.strip()), params=clean, job=job,
        created_by=_user_or_none(by),
    )  # fmt: skip
    scenario.full_clean()
    scenario.save()
    if enqueue_task:
        enqueue("optimise_portfolio", job_pk=job.pk)
    return scenario


def _optimise(job_pk: int, params: Mapping[str, Any]) -> dict[str, Any]:
    from scoring import optimiser, selectors

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
    from scoring import optimiser

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


@transaction.atomic
def scenario_save(*, scenario: Scenario, name: str, by: Any) -> Scenario:
    _require_office(by)
    if not name.strip():
        raise ValidationError({"name": _("Give the scenario a name.")})
    scenario.name = name.strip()
    scenario.saved = True
    scenario.full_clean()
    scenario.save()
    return scenario


@transaction.atomic
def scenario_commit(*, scenario: Scenario, by: Any) -> Scenario:
    """Mark the scenario's measures prioritised (and the others no longer), writing the change
    to each affected measure's history."""
    from portfolio.models import Measure

    _require_office(by)
    if not scenario.result or "selected" not in scenario.result:
        raise ValidationError({"scenario": _("The scenario has no result to commit.")})
    new = set(Measure.objects.filter(pk__in=scenario.selected_ids).values_list("pk", flat=True))
    current = set(PrioritisedMeasure.objects.values_list("measure_id", flat=True))
    message = _("Scenario “%s” committed") % (scenario.name or scenario.pk)
    for measure in Measure.objects.filter(pk__in=new ^ current):
        flag = measure.pk in new
        record_change(
            measure, action="bulk", changes={"prioritised": [not flag, flag]}, message=message
        )
    PrioritisedMeasure.objects.exclude(measure_id__in=new).delete()
    PrioritisedMeasure.objects.filter(measure_id__in=new).update(scenario=scenario)
    PrioritisedMeasure.objects.bulk_create(
        [PrioritisedMeasure(measure_id=m, scenario=scenario) for m in sorted(new - current)]
    )
    scenario.committed_at = timezone.now()
    scenario.committed_by = _user_or_none(by)
    scenario.saved = True
    if not scenario.name:
        scenario.name = _("Committed %s") % timezone.localdate().strftime("%d.%m.%Y")
    scenario.save()
    return scenario
