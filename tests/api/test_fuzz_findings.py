"""Regression tests for inputs Schemathesis found accepted or crashing."""

import pytest

pytestmark = pytest.mark.django_db


def test_to_many_relation_refuses_an_object(api, office_user, actor_a):
    api.force_authenticate(office_user)
    r = api.post(
        "/api/v1/measures/",
        {"code": "OBJ-1", "name": "x", "owner": actor_a.pk, "target_groups": {}},
        format="json",
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "target_groups"


def test_suggestion_create_refuses_target_groups_object(api, office_user):
    api.force_authenticate(office_user)
    r = api.post(
        "/api/v1/intake/suggestions/",
        {"title": "t", "description": "d", "target_groups": {}},
        format="json",
    )
    assert r.status_code == 400
    assert "target_groups" in {e["field"] for e in r.json()["errors"]}


def test_suggestion_history_with_non_numeric_id_is_404(api, office_user):
    api.force_authenticate(office_user)
    assert api.get("/api/v1/intake/suggestions/null,null/history/").status_code == 404


def test_roadmap_dependency_filter_refuses_fraction(api):
    r = api.get("/api/v1/roadmap/dependencies/?item=0.5")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "item"


def test_text_fields_refuse_numbers(api, office_user):
    api.force_authenticate(office_user)
    r = api.post(
        "/api/v1/intake/suggestions/",
        {"title": "t", "description": "d", "submitter_organisation": 0},
        format="json",
    )
    assert r.status_code == 400
    assert "submitter_organisation" in {e["field"] for e in r.json()["errors"]}
