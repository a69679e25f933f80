import pytest

pytestmark = pytest.mark.django_db


def _payload(actor, **over):
    data = {
        "code": "NEW-1",
        "name": "Ny",
        "owner": actor.pk,
        "phase": "idea",
        "measure_type": "project",
    }
    data.update(over)
    return data


def test_end_before_start_is_refused_naming_the_field(api, office_user, actor_a):
    api.force_authenticate(office_user)
    r = api.post(
        "/api/v1/measures/",
        _payload(actor_a, start_date="2021-01-01", end_date="2020-01-01"),
        format="json",
    )
    assert r.status_code == 400
    assert [e["field"] for e in r.json()["errors"]] == ["end_date"]


@pytest.mark.parametrize("amount,code", [("-5", "min_value"), ("abc", "invalid")])
def test_bad_budget_amount_is_refused_and_nothing_written(api, office_user, actor_a, amount, code):
    from portfolio.models import Measure

    api.force_authenticate(office_user)
    lines = [{"year": 2020, "kind": "investment", "planned": amount}]
    r = api.post("/api/v1/measures/", _payload(actor_a, budget_lines=lines), format="json")
    assert r.status_code == 400
    err = r.json()["errors"][0]
    assert err["field"] == "budget_lines[0].planned" and err["code"] == code
    assert not Measure.objects.filter(code="NEW-1").exists()


def test_wrong_organisation_number_is_refused_through_the_api(api, office_user):
    api.force_authenticate(office_user)
    r = api.post(
        "/api/v1/actors/",
        {"name": "X", "short_name": "X", "kind": "other", "organisation_number": "991324969"},
        format="json",
    )
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "organisation_number"
    assert "check digit" in r.json()["errors"][0]["message"]


def test_money_is_exact_decimal(api, office_user, actor_a):
    api.force_authenticate(office_user)
    lines = [{"year": 2020, "kind": "investment", "planned": "1234567.89"}]
    r = api.post("/api/v1/measures/", _payload(actor_a, budget_lines=lines), format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["budget_lines"][0]["planned"] == "1234567.89"


def test_form_shows_error_beside_the_field(client, office_user, actor_a):
    client.force_login(office_user)
    r = client.post(
        "/measures/new/",
        {
            "code": "NEW-2",
            "name": "Ny",
            "owner": actor_a.pk,
            "measure_type": "project",
            "phase": "idea",
            "start_date": "2021-01-01",
            "end_date": "2020-01-01",
            "budget-TOTAL_FORMS": "1",
            "budget-INITIAL_FORMS": "0",
            "budget-0-year": "2020",
            "budget-0-kind": "investment",
            "budget-0-funding_source": "own",
            "budget-0-planned": "-1",
        },
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert 'id="id_end_date-error"' in html
    assert 'id="id_budget-0-planned-error"' in html


def test_untouched_extra_budget_rows_are_ignored(client, rep_a, actor_a):
    from portfolio.models import Measure

    client.force_login(rep_a)
    r = client.post(
        "/measures/new/",
        {
            "code": "ONE-LINE",
            "name": "Én linje",
            "criterion_digitalisation_core": "False",
            "criterion_cross_actor": "False",
            "criterion_strategy": "False",
            "owner": actor_a.pk,
            "measure_type": "project",
            "phase": "idea",
            "budget-TOTAL_FORMS": "2",
            "budget-INITIAL_FORMS": "0",
            "budget-0-year": "2021",
            "budget-0-kind": "investment",
            "budget-0-funding_source": "own",
            "budget-0-planned": "500",
            "budget-1-kind": "investment",
            "budget-1-funding_source": "own",
        },
    )
    assert r.status_code == 302
    assert Measure.objects.get(code="ONE-LINE").budget_lines.count() == 1
