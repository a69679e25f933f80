"""Who may do what in the intake."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from core.services import token_create
from covid_intake import services
from covid_intake.models import Suggestion, WorkingGroup
from people import roles
from tests.covid_intake.conftest import full_scores

pytestmark = pytest.mark.django_db

BODY = {"title": "Fra fagsystem", "description": "Innspill sendt fra et fagsystem."}


def _assessed(
    make_suggestion: Any, categories: Any, office_user: Any, group: Any, assessors: Any
) -> Any:
    s = make_suggestion()
    services.suggestion_triage(
        suggestion=s, category=categories["video"], working_group=group, by=office_user
    )
    for a in assessors:
        services.assessment_save(suggestion=s, by=a, scores=full_scores(3))
    s.refresh_from_db()
    return s


def test_anonymous_cannot_create_or_read_through_the_api(api: Any, reference_data: None) -> None:
    assert api.post("/api/v1/intake/suggestions/", BODY, format="json").status_code in (401, 403)
    assert api.get("/api/v1/intake/suggestions/").status_code in (401, 403)
    assert Suggestion.objects.count() == 0


def test_integrator_with_write_scope_creates(api: Any, integrator_token: Any) -> None:
    _token, key = integrator_token
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.post(
        "/api/v1/intake/suggestions/", BODY | {"target_groups": ["citizens"]}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["reference"].startswith("K-")
    assert response.json()["source"] == "api"
    assert response.json()["target_groups"] == ["citizens"]


def test_read_only_token_cannot_create(api: Any, make_user: Any) -> None:
    user = make_user("reader", roles.INTEGRATOR)
    _token, key = token_create(name="R", user=user, scope="read", created_by=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.post("/api/v1/intake/suggestions/", BODY, format="json").status_code == 403


def test_office_creates_but_a_representative_cannot(api: Any, office_user: Any, rep_a: Any) -> None:
    api.force_authenticate(rep_a)
    assert api.post("/api/v1/intake/suggestions/", BODY, format="json").status_code == 403
    api.force_authenticate(office_user)
    assert api.post("/api/v1/intake/suggestions/", BODY, format="json").status_code == 201


def test_assessor_outside_the_group_cannot_assess(
    api: Any,
    make_suggestion: Any,
    categories: Any,
    office_user: Any,
    working_group: Any,
    make_user: Any,
) -> None:
    outsider = make_user("utenfor", roles.WORKING_GROUP)
    WorkingGroup.objects.create(name="Annen gruppe").members.add(outsider)
    s = make_suggestion()
    services.suggestion_triage(
        suggestion=s, category=categories["video"], working_group=working_group, by=office_user
    )
    with pytest.raises(PermissionDenied):
        services.assessment_save(suggestion=s, by=outsider, scores=full_scores(3))
    api.force_authenticate(outsider)
    # not assigned to the outsider's group, so it is not even visible
    response = api.post(
        f"/api/v1/intake/suggestions/{s.pk}/assessments/", full_scores(3), format="json"
    )
    assert response.status_code == 404


def test_member_assesses_through_the_api_and_scores_are_checked(
    api: Any,
    make_suggestion: Any,
    categories: Any,
    office_user: Any,
    working_group: Any,
    assessors: Any,
) -> None:
    s = make_suggestion()
    services.suggestion_triage(
        suggestion=s, category=categories["video"], working_group=working_group, by=office_user
    )
    api.force_authenticate(assessors[0])
    bad = api.post(
        f"/api/v1/intake/suggestions/{s.pk}/assessments/",
        full_scores(3, feasibility=9),
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "feasibility"
    ok = api.post(f"/api/v1/intake/suggestions/{s.pk}/assessments/", full_scores(3), format="json")
    assert ok.status_code == 201
    listing = api.get(f"/api/v1/intake/suggestions/{s.pk}/assessments/").json()
    assert listing["combined"]["overall"] == 3.0


def test_representative_and_assessor_cannot_decide(
    api: Any,
    make_suggestion: Any,
    categories: Any,
    office_user: Any,
    working_group: Any,
    assessors: Any,
    rep_a: Any,
    steering_user: Any,
) -> None:
    s = _assessed(make_suggestion, categories, office_user, working_group, assessors)
    for user in (rep_a, assessors[0]):
        with pytest.raises(PermissionDenied):
            services.decision_make(suggestion=s, outcome="prioritised", reason="x", by=user)
    api.force_authenticate(assessors[0])
    url = f"/api/v1/intake/suggestions/{s.pk}/decision/"
    assert (
        api.post(url, {"outcome": "prioritised", "reason": "x"}, format="json").status_code == 403
    )
    api.force_authenticate(steering_user)
    missing = api.post(url, {"outcome": "prioritised", "reason": " "}, format="json")
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "reason"
    assert (
        api.post(url, {"outcome": "postponed", "reason": "Til høsten"}, format="json").status_code
        == 201
    )
    assert api.get(url).json()[0]["outcome"] == "postponed"


def test_steering_group_cannot_triage_and_office_promotes_only_prioritised(
    api: Any,
    make_suggestion: Any,
    categories: Any,
    office_user: Any,
    steering_user: Any,
    actor_b: Any,
) -> None:
    s = make_suggestion()
    with pytest.raises(PermissionDenied):
        services.suggestions_categorise(
            suggestions=[s], category=categories["video"], by=steering_user
        )
    api.force_authenticate(office_user)
    response = api.post(
        f"/api/v1/intake/suggestions/{s.pk}/promote/", {"owner": actor_b.pk}, format="json"
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "status"


def test_public_and_representatives_cannot_open_the_staff_pages(
    client: Any, make_suggestion: Any, rep_a: Any
) -> None:
    s = make_suggestion()
    assert client.get(f"/intake/suggestions/{s.pk}/").status_code == 302  # to login
    client.force_login(rep_a)
    assert client.get(f"/intake/suggestions/{s.pk}/").status_code == 403
    assert client.get("/intake/").status_code == 403
