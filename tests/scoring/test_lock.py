"""A recompute never runs twice at once."""

from __future__ import annotations

import threading

import pytest

from scoring import services
from scoring.choices import JobStatus
from scoring.locks import recompute_lock
from scoring.models import Job, Score
from scoring.services import jobs

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_second_request_returns_the_queued_job(scoring_models, api, office_user, monkeypatch):
    monkeypatch.setattr(jobs, "enqueue", lambda *args, **kwargs: None)  # no worker
    api.force_authenticate(office_user)
    first = api.post("/api/v1/scoring/jobs/", {"kind": "recompute"}, format="json")
    second = api.post("/api/v1/scoring/jobs/", {"kind": "recompute"}, format="json")
    assert first.status_code == 202 and second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert Job.objects.filter(kind="recompute", status="queued").count() == 1


def test_a_request_while_running_asks_the_running_job_to_go_again(scoring_models):
    job, _ = services.recompute_request(by=None, enqueue_task=False)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    again, started = services.recompute_request(by=None, enqueue_task=False)
    assert again.pk == job.pk and not started
    assert Job.objects.get(pk=job.pk).rerun is True
    finished = services.recompute_run(job_pk=job.pk)
    assert finished.status == JobStatus.SUCCEEDED and finished.result["runs"] == 1


def test_the_lock_keeps_a_second_worker_out(scoring_models, three_measures):
    Score.objects.all().delete()  # the measures' own recomputes ran on commit
    job, _ = services.recompute_request(by=None, enqueue_task=False)
    held, release = threading.Event(), threading.Event()

    def other_worker():
        from django.db import connection

        with recompute_lock() as got:
            assert got
            held.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert held.wait(10)
        assert services.recompute_run(job_pk=job.pk) == services.BUSY
        assert Score.objects.count() == 0
    finally:
        release.set()
        thread.join()
    assert services.recompute_run(job_pk=job.pk).status == JobStatus.SUCCEEDED
    assert Score.objects.count() == 3


def test_a_redelivered_finished_job_does_nothing(scoring_models, three_measures):
    job, _ = services.recompute_request(by=None, enqueue_task=False)
    services.recompute_run(job_pk=job.pk)
    assert services.recompute_run(job_pk=job.pk) is None
    assert Job.objects.get(pk=job.pk).attempts == 1


def test_a_lost_job_is_replaced(scoring_models):
    import datetime as dt

    from django.utils import timezone

    job, _ = services.recompute_request(by=None, enqueue_task=False)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, heartbeat=timezone.now() - dt.timedelta(hours=3)
    )
    new, started = services.recompute_request(by=None, enqueue_task=False)
    assert started and new.pk != job.pk
    assert Job.objects.get(pk=job.pk).status == JobStatus.FAILED
