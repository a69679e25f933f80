"""The set-based recompute: hand-computed scores, idempotent reruns, own-score updates."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scoring import services
from scoring.choices import JobStatus, Target
from scoring.models import Score, ScoreHistory
from scoring.services import jobs
from tests.scoring.conftest import measure_scores, run_recompute

pytestmark = pytest.mark.django_db


def test_recompute_gives_the_hand_computed_scores_and_ranking(
    scoring_models, three_measures, api, office_user
):
    job = run_recompute()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result["computed"] == 3 and job.result["written"] == 3
    m = three_measures
    assert measure_scores() == {m["A"].pk: 95.0, m["B"].pk: 16.67, m["C"].pk: 55.0}
    api.force_authenticate(office_user)
    body = api.get("/api/v1/scoring/scores/?target=measure").json()
    assert [r["object_id"] for r in body["results"]] == [m["A"].pk, m["C"].pk, m["B"].pk]
    assert body["results"][0]["model_version"] == 1
    assert body["results"][0]["breakdown"]["benefit_target_groups"]["contribution"] == 30.0


def _score_writes(queries):
    tables = (Score._meta.db_table, ScoreHistory._meta.db_table, "scoring_score_in")
    return [
        q["sql"]
        for q in queries
        if any(t in q["sql"] for t in tables)
        and q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "COPY", "CREATE"))
    ]


def test_idempotent_rerun_writes_no_rows(scoring_models, three_measures):
    run_recompute()
    before = list(Score.objects.values_list("object_id", "computed_at"))
    history = ScoreHistory.objects.count()
    with CaptureQueriesContext(connection) as ctx:
        job = run_recompute()
    assert job.result["written"] == 0 and job.result["unchanged"] == 3
    assert _score_writes(ctx.captured_queries) == []
    assert list(Score.objects.values_list("object_id", "computed_at")) == before
    assert ScoreHistory.objects.count() == history


def test_rerun_writes_only_the_changed_row(scoring_models, three_measures):
    run_recompute()
    b = three_measures["B"]
    b.phase = "execution"
    b.save()
    stats = services.recompute_object(target=Target.MEASURE, object_pk=b.pk)
    assert stats["written"] == 1
    assert measure_scores()[b.pk] == pytest.approx(16.67 + 15.0)
    job = run_recompute()
    assert job.result["written"] == 0


def test_a_changed_measure_recomputes_its_own_score_after_commit(
    scoring_models, three_measures, django_capture_on_commit_callbacks
):
    run_recompute()
    c = three_measures["C"]
    with django_capture_on_commit_callbacks(execute=True):
        c.phase = "closing"
        c.save()
    assert measure_scores()[c.pk] == 65.0
    values = list(
        ScoreHistory.objects.filter(object_id=c.pk).order_by("id").values_list("value", flat=True)
    )
    assert [float(v) for v in values] == [55.0, 65.0]


def test_a_measure_leaving_the_portfolio_loses_its_score(scoring_models, three_measures):
    run_recompute()
    c = three_measures["C"]
    c.state = "returned"
    c.save()
    stats = services.recompute_object(target=Target.MEASURE, object_pk=c.pk)
    assert stats["deleted"] == 1
    assert c.pk not in measure_scores()


def test_progress_is_reported_in_chunks(scoring_models, three_measures):
    job, _ = services.recompute_request(by=None, enqueue_task=False)
    job.params = {"chunk_size": 1}
    job.save()
    seen = []
    original = jobs._progress

    def spy(job_pk):
        report = original(job_pk)
        return lambda done, total: (seen.append((done, total)), report(done, total))

    jobs._progress = spy
    try:
        services.recompute_run(job_pk=job.pk)
    finally:
        jobs._progress = original
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total, job.percent) == (3, 3, 100)
