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


def test_null_character_in_a_list_entry_is_refused_by_name(api, office_user, actor_a):
    """Found on PostgreSQL: a NUL inside `target_groups` reached the code lookup and the
    database refused it (500). The whole document is checked, and the entry is named."""
    from portfolio.models import Measure

    api.force_authenticate(office_user)
    r = api.post(
        "/api/v1/measures/",
        {"code": "NUL-1", "name": "x", "owner": actor_a.pk, "target_groups": ["a", "y\x00"]},
        format="json",
    )
    assert r.status_code == 400
    assert r.json()["errors"][0] == {
        "field": "target_groups[1]",
        "code": "null_characters",
        "message": "Null characters are not allowed.",
    }
    assert not Measure.objects.filter(code="NUL-1").exists()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"title": "t\x00", "description": "d"}, "title"),
        ({"title": "t", "description": "d", "extra": {"k\x00": 1}}, "extra"),
        ({"title": "t", "description": "d", "nested": [{"a": "\x00"}]}, "nested[0].a"),
    ],
)
def test_null_characters_anywhere_in_a_json_body_are_refused(api, office_user, body, field):
    api.force_authenticate(office_user)
    r = api.post("/api/v1/intake/suggestions/", body, format="json")
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == field


def test_null_character_in_a_form_encoded_code_lookup_is_refused(api, office_user):
    api.force_authenticate(office_user)
    r = api.post(
        "/api/v1/intake/suggestions/",
        {"title": "t", "description": "d", "target_groups": ["x\x00"]},
        format="multipart",
    )
    assert r.status_code in (400, 415)
    if r.status_code == 400:
        assert "target_groups" in {e["field"] for e in r.json()["errors"]}


def test_null_character_in_job_limits_keys_is_refused(api, office_user):
    api.force_authenticate(office_user)
    r = api.post(
        "/api/v1/scoring/jobs/",
        {"kind": "optimise", "params": {"limits": {"2021\x00": "100"}}},
        format="json",
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "params.limits"


@pytest.mark.parametrize(
    "url, field",
    [
        ("/api/v1/portfolio/summary/?year=", "year"),
        ("/api/v1/portfolio/summary/?year=abc", "year"),
        ("/api/v1/baselines/compare/?base=", "base"),
        ("/api/v1/baselines/compare/?base=1&page=", "page"),
    ],
)
def test_an_empty_number_parameter_is_refused_not_read_as_absent(api, office_user, url, field):
    """Found by the contract fuzzer: `?year=` answered 200 with the default year, though
    the documented parameter is an integer."""
    api.force_authenticate(office_user)
    r = api.get(url)
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == field


def test_the_summary_still_takes_a_year_or_none(api, small_portfolio):
    assert api.get("/api/v1/portfolio/summary/?year=2020").json()["year"] == 2020
    assert api.get("/api/v1/portfolio/summary/").status_code == 200


@pytest.mark.parametrize(
    "url, field",
    [
        ("/api/v1/roadmap/critical-path/?decision=", "decision"),
        ("/api/v1/roadmap/violations/?actor=", "actor"),
        ("/api/v1/roadmap/critical-path/?actor=99999999999999999999", "actor"),
    ],
)
def test_analysis_reads_check_their_filters_as_the_lists_do(api, url, field):
    """Found by the contract fuzzer: the critical path filters the roadmap itself (not through
    the filter backend) and answered 200 to `?decision=`, an enum the contract requires."""
    r = api.get(url)
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == field


def test_analysis_reads_still_filter(api, small_portfolio):
    assert api.get("/api/v1/roadmap/critical-path/?decision=decided").status_code == 200


def test_max_length_holds_for_the_text_as_sent(api, office_user):
    """Found by the contract fuzzer: a title of 1 space + 200 characters (maxLength 200) was
    accepted, DRF measuring it after trimming the space."""
    from covid_intake.models import Suggestion

    api.force_authenticate(office_user)
    limit = Suggestion._meta.get_field("title").max_length
    body = {"title": "\u00a0" + "x" * limit, "description": "d"}
    r = api.post("/api/v1/intake/suggestions/", body, format="json")
    assert r.status_code == 400
    assert r.json()["errors"][0] == {
        "field": "title",
        "code": "max_length",
        "message": f"Ensure this field has no more than {limit} characters.",
    }
    ok = api.post("/api/v1/intake/suggestions/", {**body, "title": " " + "x" * (limit - 1)})
    assert ok.status_code == 201 and ok.json()["title"] == "x" * (limit - 1)


def test_max_length_of_a_declared_text_field_holds_as_sent(api, office_user):
    api.force_authenticate(office_user)
    r = api.post("/api/v1/scoring/jobs/", {"kind": "recompute", "name": " " + "n" * 120})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "name"


@pytest.mark.parametrize("value", ["\x1c9", "3\x1c", "\x1f99999999999999999999"])
def test_a_number_wrapped_in_separator_characters_is_no_server_error(api, value):
    """Found by the contract fuzzer: `str.strip()` removes \\x1c-\\x1f, `int()` does not, and
    the range check of number parameters answered 500."""
    r = api.get("/api/v1/measures/", {"owner": value})
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "owner"
