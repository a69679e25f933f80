"""With the real services: a Celery worker subprocess against Redis and the test database.

Run with REDIS_URL and a PostgreSQL DATABASE_URL (CI). The worker points at the test
database (`test_<name>`); tests commit their data (transaction=True). The kill test slows the
recompute with SCORING_TEST_CHUNK_SLEEP so that the worker can be SIGKILLed in the middle.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from config.celery import app as celery_app
from scoring import services, tasks
from scoring.choices import JobStatus
from scoring.models import Job
from tests.scoring.conftest import measure_scores, scored_measure

BASE_DIR = Path(settings.BASE_DIR)
pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (a real Redis)"),
    pytest.mark.skipif(
        not settings.IS_POSTGRES, reason="the worker must share the test database: PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def worker_env(settings):
    queue = f"scoring-test-{uuid.uuid4().hex[:8]}"
    settings.SCORING_TASK_QUEUE = queue
    celery_app.conf.task_always_eager = False
    db = settings.DATABASES["default"]
    url = (
        f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_EAGER": "0",
        "PYTHONPATH": str(BASE_DIR),
    }
    workers: list[subprocess.Popen] = []

    def start(name: str, **extra: str) -> subprocess.Popen:
        fd, log_path = tempfile.mkstemp(prefix=f"celery-{name}-", suffix=".log")
        proc = subprocess.Popen(
            [str(BASE_DIR / ".venv/bin/celery"), "-A", "tests.scoring.worker_app", "worker",
             "--pool=solo", "-Q", queue, "-n", f"{name}-{queue}@%h", "-l", "info",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=BASE_DIR, env={**env, **extra}, stdout=fd, stderr=subprocess.STDOUT,
        )  # fmt: skip
        os.close(fd)
        proc.log_path = log_path  # type: ignore[attr-defined]
        workers.append(proc)
        return proc

    yield queue, start
    celery_app.conf.task_always_eager = True
    for proc in workers:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _wait_for(predicate, timeout: float, what: str, workers=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    logs = "\n".join(Path(w.log_path).read_text()[-3000:] for w in workers)
    raise AssertionError(f"timed out waiting for {what}\n{logs}")


def test_a_worker_processes_the_recompute_and_scores_are_updated(
    worker_env, scoring_models, three_measures, office_user
):
    queue, start = worker_env
    worker = start("w1")
    m = three_measures
    model = services.scoring_model_create(
        target="measure", by=office_user, weights={"strategy_fit": 0, "benefit_target_groups": 0,
        "feasibility_maturity": 0, "risk": 0, "cost": 10},
    )  # fmt: skip
    job = Job.objects.filter(kind="recompute").order_by("-id").first()
    _wait_for(
        lambda: Job.objects.get(pk=job.pk).status == JobStatus.SUCCEEDED, 60, "the job", [worker]
    )
    assert measure_scores() == {m["A"].pk: 100.0, m["B"].pk: 0.0, m["C"].pk: 50.0}
    assert Job.objects.get(pk=job.pk).result["computed"] == 3
    assert model.active


def test_a_killed_worker_leaves_the_job_to_be_redelivered_and_finished(
    worker_env, scoring_models, make_measure, actor_a
):
    queue, start = worker_env
    for n in range(12):
        scored_measure(make_measure, actor_a, groups=n % 4, phase="planning", budget={2021: 10 + n})
    job, _ = services.recompute_request(by=None, enqueue_task=False)
    Job.objects.filter(pk=job.pk).update(params={"chunk_size": 1})
    slow = {"SCORING_TEST_CHUNK_SLEEP": "1", "CELERY_VISIBILITY_TIMEOUT": "5"}
    first = start("doomed", **slow)
    tasks.recompute_scores.apply_async(kwargs={"job_pk": job.pk}, queue=queue)
    _wait_for(lambda: Job.objects.get(pk=job.pk).progress_done >= 3, 60, "progress", [first])
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    mid = Job.objects.get(pk=job.pk)
    assert mid.status == JobStatus.RUNNING and mid.progress_done < 12
    second = start("rescuer", **slow)
    _wait_for(
        lambda: Job.objects.get(pk=job.pk).status == JobStatus.SUCCEEDED,
        120,
        "the redelivered job",
        [second],
    )
    done = Job.objects.get(pk=job.pk)
    assert done.attempts >= 2 and done.progress_done == 12
    assert done.result["unchanged"] >= 3  # what the killed worker wrote is not written again
    assert len(measure_scores()) == 12
