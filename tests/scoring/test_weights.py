"""Changing a weight (API or UI) makes a new version; after the job the scores, ranking and
history follow."""

from __future__ import annotations

import pytest

from scoring.choices import Target
from scoring.models import ScoreHistory, ScoringModel
from tests.scoring.conftest import measure_scores, run_recompute

pytestmark = pytest.mark.django_db


def _history(object_id):
    return [
        (float(h.value), h.model.version)
        for h in ScoreHistory.objects.filter(target=Target.MEASURE, object_id=object_id)
        .select_related("model")
        .order_by("id")
    ]


def test_changing_a_weight_via_the_api_recomputes_scores_and_ranking(
    scoring_models, three_measures, api, office_user, django_capture_on_commit_callbacks
):
    run_recompute()
    m = three_measures
    api.force_authenticate(office_user)
    # Only cost counts: the cheapest measure (A, 100) wins, B (300) comes last, C (200) between.
    weights = {
        "strategy_fit": 0,
        "benefit_target_groups": 0,
        "feasibility_maturity": 0,
        "risk": 0,
        "cost": 10,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/v1/scoring/models/",
            {"target": "measure", "weights": weights, "note": "cost only"},
            format="json",
        )
    assert response.status_code == 201, response.json()
    assert response.json()["version"] == 2 and response.json()["active"] is True
    v1 = ScoringModel.objects.get(target="measure", version=1)
    assert not v1.active and v1.criteria.get(key="cost").weight == 15
    assert measure_scores() == {m["A"].pk: 100.0, m["B"].pk: 0.0, m["C"].pk: 50.0}
    assert _history(m["C"].pk) == [(55.0, 1), (50.0, 2)]
    assert _history(m["A"].pk) == [(95.0, 1), (100.0, 2)]
    jobs = api.get("/api/v1/scoring/jobs/?kind=recompute").json()["results"]
    assert jobs[0]["status"] == "succeeded" and jobs[0]["result"]["written"] == 3


def test_changing_a_weight_via_the_ui_recomputes_and_the_history_shows_both(
    scoring_models, three_measures, client, office_user, django_capture_on_commit_callbacks
):
    run_recompute()
    m = three_measures
    client.force_login(office_user)
    page = client.get("/scoring/models/measure/")
    assert page.status_code == 200 and b"v1" in page.content
    data = {
        "note": "benefit only",
        "weight_strategy_fit": "0",
        "weight_benefit_target_groups": "30",
        "weight_feasibility_maturity": "0",
        "weight_cost": "0",
        "weight_risk": "0",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/scoring/models/measure/", data)
    assert response.status_code == 302
    assert measure_scores() == {m["A"].pk: 100.0, m["B"].pk: 33.33, m["C"].pk: 66.67}
    ranking = client.get("/scoring/").content.decode()
    assert ranking.index(m["C"].code) < ranking.index(m["B"].code)
    history = client.get(f"/scoring/scores/measure/{m['C'].pk}/").content.decode()
    assert "55.00" in history and "66.67" in history and "v1" in history and "v2" in history


def test_old_versions_can_be_activated_again(
    scoring_models, three_measures, api, office_user, django_capture_on_commit_callbacks
):
    api.force_authenticate(office_user)
    with django_capture_on_commit_callbacks(execute=True):
        api.post(
            "/api/v1/scoring/models/", {"target": "measure", "weights": {"cost": 0}}, format="json"
        )
        v1 = ScoringModel.objects.get(target="measure", version=1)
        response = api.post(f"/api/v1/scoring/models/{v1.pk}/activate/")
    assert response.status_code == 200 and response.json()["active"] is True
    assert measure_scores()[three_measures["A"].pk] == 95.0
    assert ScoringModel.objects.filter(target="measure", active=True).count() == 1


def test_bad_weights_are_refused_naming_the_field(scoring_models, api, office_user):
    api.force_authenticate(office_user)
    response = api.post(
        "/api/v1/scoring/models/", {"target": "measure", "weights": {"nonsense": 3}}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "weights"
    response = api.post(
        "/api/v1/scoring/models/",
        {
            "target": "measure",
            "weights": dict.fromkeys(
                ["strategy_fit", "benefit_target_groups", "feasibility_maturity", "cost", "risk"], 0
            ),
        },
        format="json",
    )
    assert response.status_code == 400
    assert ScoringModel.objects.filter(target="measure").count() == 1
