"""Only the office writes; the office reads everything, the steering group suggestion scores."""

from __future__ import annotations

import pytest

from people import roles
from scoring.models import ScoringModel

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/scoring/models/",
        "/api/v1/scoring/jobs/",
        "/api/v1/scoring/scores/",
        "/api/v1/scenarios/",
    ],
)
def test_representative_and_anonymous_cannot_read_scoring(scoring_models, api, rep_a, url):
    assert api.get(url).status_code in (401, 403)
    api.force_authenticate(rep_a)
    assert api.get(url).status_code == 403


def test_steering_group_reads_suggestion_scores_only(scoring_models, api, make_user):
    api.force_authenticate(make_user("steer", roles.STEERING_GROUP))
    targets = {m["target"] for m in api.get("/api/v1/scoring/models/").json()["results"]}
    assert targets == {"suggestion"}
    assert api.get("/api/v1/scoring/scores/?target=measure").json()["results"] == []
    assert api.get("/api/v1/scenarios/").json()["results"] == []


def test_only_the_office_writes(scoring_models, api, make_user, integrator_token):
    api.force_authenticate(make_user("steer", roles.STEERING_GROUP))
    body = {"target": "suggestion", "weights": {"feasibility": 5}}
    assert api.post("/api/v1/scoring/models/", body, format="json").status_code == 403
    assert (
        api.post("/api/v1/scoring/jobs/", {"kind": "recompute"}, format="json").status_code == 403
    )
    api.force_authenticate(None)
    api.credentials(HTTP_AUTHORIZATION=f"Token {integrator_token[1]}")
    assert api.post("/api/v1/scoring/models/", body, format="json").status_code == 403
    assert ScoringModel.objects.filter(target="suggestion").count() == 1


def test_ui_is_for_the_office(scoring_models, client, rep_a, make_user, office_user):
    client.force_login(rep_a)
    assert client.get("/scoring/").status_code == 403
    assert client.get("/scoring/suggestions/").status_code == 403
    client.force_login(make_user("steer", roles.STEERING_GROUP))
    assert client.get("/scoring/suggestions/").status_code == 200
    assert client.get("/scoring/models/measure/").status_code == 403
    client.force_login(office_user)
    for url in ["/scoring/", "/scoring/suggestions/", "/scoring/models/measure/",
                "/scoring/models/suggestion/", "/scoring/jobs/", "/scoring/optimise/",
                "/scoring/scenarios/", "/scoring/scenarios/compare/"]:  # fmt: skip
        assert client.get(url).status_code == 200, url
