"""A worker killed mid-job: its job is sent again by the stale-job sweep (the heartbeat on the
job row went silent) and finished by another worker, every measure with exactly one score.

The broker's visibility timeout is left at its production value (longer than the task time
limit), so the broker does not redeliver during the test: only the sweep can rescue the job.
The test starts its own redis-server on a free port and a real Celery worker (PostgreSQL:
the worker must share the test database)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db.models import Count
from django.utils import timezone

from config.celery import app as celery_app
from scoring import services, tasks
from scoring.choices import JobKind, JobStatus
from scoring.models import Job, Score
from tests.faults import RedisServer, redis_available, wait_for
from tests.scoring.conftest import scored_measure

BASE_DIR = Path(django_settings.BASE_DIR)


def test_the_sweep_is_frequent_enough_to_resume_a_job_within_two_minutes() -> None:
    sweep = celery_app.conf.beat_schedule["scoring-requeue-stale-jobs"]["schedule"]
    silent = services.STALE_AFTER.total_seconds() + services.HEARTBEAT_SECONDS
    assert sweep + silent <= 120
    visibility = django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility > django_settings.CELERY_TASK_TIME_LIMIT  # never a second running copy
    for task in (tasks.recompute_scores, tasks.optimise_portfolio):
        assert task.acks_late and task.reject_on_worker_lost


@pytest.mark.django_db
def test_a_silent_running_job_is_sent_again_and_a_fresh_one_is_left_alone(
    reference_data: None, django_capture_on_commit_callbacks: Any
) -> None:
    now = timezone.now()
    silent = Job.objects.create(
        kind=JobKind.RECOMPUTE, status=JobStatus.RUNNING, heartbeat=now - dt.timedelta(minutes=1)
    )
    busy = Job.objects.create(kind=JobKind.OPTIMISE, status=JobStatus.RUNNING, heartbeat=now)
    done = Job.objects.create(
        kind=JobKind.OPTIMISE, status=JobStatus.SUCCEEDED, heartbeat=now - dt.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=False) as sent:
        assert services.jobs_requeue_stale(now=now) == [silent.pk]
    assert len(sent) == 1
    assert Job.objects.get(pk=silent.pk).status == JobStatus.QUEUED
    assert Job.objects.get(pk=busy.pk).status == JobStatus.RUNNING
    assert Job.objects.get(pk=done.pk).status == JobStatus.SUCCEEDED
    with django_capture_on_commit_callbacks(execute=False):
        assert services.jobs_requeue_stale(now=now) == []  # its heartbeat was just renewed


@pytest.fixture
def private_broker(settings: Any) -> Iterator[tuple[str, Any]]:
    """Own Redis as broker, tasks on a private queue, workers started on demand."""
    server = RedisServer().start()
    queue = f"scoring-kill-{uuid.uuid4().hex[:8]}"
    settings.SCORING_TASK_QUEUE = queue
    old_broker = celery_app.conf.broker_url
    _use_broker(server.url)
    celery_app.conf.task_always_eager = False
    db = settings.DATABASES["default"]
    url = (
        f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": server.url, "CELERY_EAGER": "0",
           "PYTHONPATH": str(BASE_DIR), "SCORING_TEST_CHUNK_SLEEP": "1"}  # fmt: skip
    env.pop("CELERY_VISIBILITY_TIMEOUT", None)
    workers: list[subprocess.Popen] = []

    def start(name: str) -> subprocess.Popen:
        fd, log_path = tempfile.mkstemp(prefix=f"celery-{name}-", suffix=".log")
        proc = subprocess.Popen(
            [str(BASE_DIR / ".venv/bin/celery"), "-A", "config", "worker", "--pool=solo",
             "-Q", queue, "-n", f"{name}-{queue}@%h", "-l", "info",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=BASE_DIR, env=env, stdout=fd, stderr=subprocess.STDOUT,
        )  # fmt: skip
        os.close(fd)
        proc.log_path = log_path  # type: ignore[attr-defined]
        workers.append(proc)
        return proc

    try:
        yield queue, start
    finally:
        celery_app.conf.task_always_eager = True
        _use_broker(old_broker)
        for proc in workers:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
        server.cleanup()


def _use_broker(url: str) -> None:
    """Point the app at another broker: the pools made for the old one are dropped (not
    closed: other references to them may still be used, e.g. by a later eager test)."""
    celery_app.conf.broker_url = url
    celery_app.conf.broker_write_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _log(proc: Any) -> str:
    return Path(proc.log_path).read_text()[-3000:]


@pytest.mark.services
@pytest.mark.skipif(not redis_available(), reason="needs the redis-server program")
@pytest.mark.skipif(
    not django_settings.IS_POSTGRES, reason="the worker must share the test database: PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_a_sigkilled_worker_s_recompute_is_requeued_and_finished_with_one_score_each(
    scoring_models: Any, make_measure: Any, actor_a: Any, private_broker: Any
) -> None:
    queue, start = private_broker
    for n in range(12):
        scored_measure(make_measure, actor_a, groups=n % 4, phase="planning", budget={2021: 10 + n})
    Score.objects.all().delete()
    job, _ = services.recompute_request(by=None, enqueue_task=False)
    Job.objects.filter(pk=job.pk).update(params={"chunk_size": 1})
    doomed = start("doomed")
    tasks.recompute_scores.apply_async(kwargs={"job_pk": job.pk}, queue=queue)
    try:
        wait_for(lambda: Job.objects.get(pk=job.pk).progress_done >= 3, 90, "progress")
    except AssertionError as exc:
        raise AssertionError(_log(doomed)) from exc
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(10)
    mid = Job.objects.get(pk=job.pk)
    assert mid.status == JobStatus.RUNNING and mid.progress_done < 12

    # The next sweep after the heartbeat went silent (beat runs it every 30 s).
    later = (mid.heartbeat or timezone.now()) + services.STALE_AFTER + dt.timedelta(seconds=1)
    assert services.jobs_requeue_stale(now=later) == [job.pk]
    rescuer = start("rescuer")
    try:
        wait_for(
            lambda: Job.objects.get(pk=job.pk).status == JobStatus.SUCCEEDED, 120, "the rescue"
        )
    except AssertionError as exc:
        raise AssertionError(_log(rescuer)) from exc
    done = Job.objects.get(pk=job.pk)
    assert done.attempts >= 2 and done.progress_done == 12
    per_measure = Score.objects.filter(target="measure").values("object_id").annotate(n=Count("id"))
    assert len(per_measure) == 12 and {row["n"] for row in per_measure} == {1}
