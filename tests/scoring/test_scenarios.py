"""The optimiser as a job: scenario with reasons, budget per year, save, compare, commit."""

from __future__ import annotations

import pytest

from core.services import history_for
from scoring import selectors
from scoring.models import PrioritisedMeasure, Scenario
from tests.scoring.conftest import run_recompute

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(scoring_models, three_measures):
    run_recompute()
    return three_measures


def _run(api, capture, limits, **extra):
    with capture(execute=True):
        response = api.post(
            "/api/v1/scenarios/", {"name": "Plan", "limits": limits, **extra}, format="json"
        )
    assert response.status_code == 202, response.json()
    return api.get(f"/api/v1/scenarios/{response.json()['id']}/").json()


def test_the_best_portfolio_within_budget_with_reasons(
    scored, api, office_user, django_capture_on_commit_callbacks
):
    api.force_authenticate(office_user)
    m = scored  # costs 2021: A 100, B 300, C 120; scores 95, 16.67, 55
    body = _run(api, django_capture_on_commit_callbacks, {"2021": 250})
    assert body["job"]["status"] == "succeeded"
    result = body["result"]
    assert result["selected"] == sorted([m["A"].pk, m["C"].pk])
    assert result["years"] == {"2021": {"used": 220.0, "limit": 250.0}}
    assert result["reasons"][str(m["B"].pk)] == {
        "selected": False,
        "code": "budget",
        "years": [2021],
    }


def test_prerequisites_come_from_the_roadmap(
    scored, api, office_user, monkeypatch, django_capture_on_commit_callbacks
):
    m = scored
    monkeypatch.setattr(selectors, "prerequisites", lambda: [(m["A"].pk, m["B"].pk)])
    api.force_authenticate(office_user)
    body = _run(api, django_capture_on_commit_callbacks, {"2021": 420})
    # A needs B: A+B (111.67, 400) beats C alone; A+B+C would need 520.
    assert body["result"]["selected"] == sorted([m["A"].pk, m["B"].pk])
    assert body["result"]["reasons"][str(m["B"].pk)]["code"] == "prerequisite"


def test_infeasible_forced_choice_fails_the_job_with_a_reason(
    scored, api, office_user, django_capture_on_commit_callbacks
):
    api.force_authenticate(office_user)
    body = _run(api, django_capture_on_commit_callbacks, {"2021": 50}, forced_in=[scored["B"].pk])
    assert body["job"]["status"] == "failed"
    assert "limit" in body["result"]["error"]


def test_commit_marks_measures_prioritised_in_their_history(
    scored, api, office_user, client, django_capture_on_commit_callbacks
):
    api.force_authenticate(office_user)
    m = scored
    first = _run(api, django_capture_on_commit_callbacks, {"2021": 250})
    second = _run(api, django_capture_on_commit_callbacks, {"2021": 130})
    assert api.post(f"/api/v1/scenarios/{first['id']}/commit/").status_code == 200
    assert set(PrioritisedMeasure.objects.values_list("measure_id", flat=True)) == {
        m["A"].pk,
        m["C"].pk,
    }
    assert api.post(f"/api/v1/scenarios/{second['id']}/commit/").status_code == 200
    assert set(PrioritisedMeasure.objects.values_list("measure_id", flat=True)) == {m["A"].pk}
    changes = [h.changes for h in history_for(m["C"]) if "prioritised" in h.changes]
    assert changes == [{"prioritised": [True, False]}, {"prioritised": [False, True]}]
    compare = api.get(f"/api/v1/scenarios/compare/?a={first['id']}&b={second['id']}").json()
    assert compare["only_in_a"] == [m["C"].pk] and compare["in_both"] == [m["A"].pk]
    client.force_login(office_user)
    page = client.get(f"/scoring/scenarios/compare/?a={first['id']}&b={second['id']}")
    assert page.status_code == 200 and m["C"].code in page.content.decode()
    ranking = client.get("/scoring/").content.decode()
    assert "Prioritised" in ranking


def test_the_ui_runs_the_optimiser_and_shows_chart_and_table(
    scored, client, office_user, django_capture_on_commit_callbacks
):
    client.force_login(office_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/scoring/optimise/", {"limit_2021": "250", "forced_out": [str(scored["A"].pk)]}
        )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page and 'id="budget-table"' in page and "Forced out" in page
    scenario = Scenario.objects.get()
    assert not scenario.saved
    client.post(f"/scoring/scenarios/{scenario.pk}/save/", {"name": "Without A"})
    scenario.refresh_from_db()
    assert scenario.saved and scenario.name == "Without A"
    assert "Without A" in client.get("/scoring/scenarios/").content.decode()


def test_optimiser_limits_are_entered_in_mnok_through_the_money_parser(
    scored, client, office_user, django_capture_on_commit_callbacks
):
    client.force_login(office_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/scoring/optimise/", {"limit_2021": "1 217,5"})
    assert response.status_code == 302
    assert Scenario.objects.get().params["limits"] == {"2021": 1217500000.0}
    refused = client.post("/scoring/optimise/", {"limit_2021": "1.217,5"})
    assert refused.status_code == 200
    assert 'id="id_limit_2021-error"' in refused.content.decode()
    assert Scenario.objects.count() == 1


def test_comparison_shows_spending_per_year_and_no_limit(
    scored, api, office_user, client, django_capture_on_commit_callbacks
):
    from django.db.models import Sum

    from portfolio.models import BudgetLine

    api.force_authenticate(office_user)
    first = _run(api, django_capture_on_commit_callbacks, {"2021": 250})
    second = _run(api, django_capture_on_commit_callbacks, {"2021": 130})
    a, b = Scenario.objects.get(pk=first["id"]), Scenario.objects.get(pk=second["id"])
    rows = {r["year"]: r for r in selectors.scenario_compare(a, b)["years"]}
    for scenario, key in ((a, "a_used"), (b, "b_used")):
        for year in (2021, 2022):
            expected = (
                BudgetLine.objects.filter(
                    measure_id__in=scenario.selected_ids, year=year
                ).aggregate(t=Sum("planned"))["t"]
                or 0
            )
            assert rows[year][key] == expected
    assert rows[2022]["a_used"] > 0  # spent in a year without a limit: shown, not 0,0
    assert rows[2022]["a_limit"] is None and rows[2021]["a_limit"] == 250
    client.force_login(office_user)
    page = client.get(f"/scoring/scenarios/compare/?a={a.pk}&b={b.pk}").content.decode()
    assert "no limit" in page


def test_comparing_a_scenario_with_itself_is_refused(
    scored, api, office_user, client, django_capture_on_commit_callbacks
):
    api.force_authenticate(office_user)
    first = _run(api, django_capture_on_commit_callbacks, {"2021": 250})
    response = api.get(f"/api/v1/scenarios/compare/?a={first['id']}&b={first['id']}")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "b"
    client.force_login(office_user)
    page = client.get(f"/scoring/scenarios/compare/?a={first['id']}&b={first['id']}")
    html = page.content.decode()
    assert 'id="id_b-error"' in html and 'id="compare-years"' not in html


def test_the_optimise_page_takes_measure_codes_not_a_list_of_every_measure(
    scored, client, office_user
):
    client.force_login(office_user)
    page = client.get("/scoring/optimise/")
    assert page.status_code == 200
    assert b"<option" not in page.content  # no choice list that grows with the portfolio
    assert b'name="limit_2021"' in page.content  # a limit per year portfolio measures use
    code_a, code_b = scored["A"].code, scored["B"].code
    wrong = client.post(
        "/scoring/optimise/",
        {"limit_2021": "0,00025", "forced_in": f"{code_a}, NO-SUCH", "forced_out": ""},
    )
    assert wrong.status_code == 200 and "NO-SUCH" in wrong.content.decode()
    assert not Scenario.objects.exists()
    done = client.post(
        "/scoring/optimise/",
        {"limit_2021": "0,00025", "forced_in": code_a.lower(), "forced_out": code_b},
    )
    assert done.status_code == 302
    scenario = Scenario.objects.get()
    assert scenario.params["forced_in"] == [scored["A"].pk]
    assert scenario.params["forced_out"] == [scored["B"].pk]
