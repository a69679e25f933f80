from decimal import Decimal

import pytest

pytestmark = pytest.mark.django_db


def test_demo_summary_2020_has_52_measures_and_1568_mnok(demo_portfolio, api):
    data = api.get("/api/v1/portfolio/summary/?year=2020").json()
    assert data["measures"] == 52
    assert Decimal(data["planned"]) == Decimal("1568000000")
    assert sum(Decimal(r["planned"]) for r in data["by_actor"]) == Decimal("1568000000")
    assert sum(r["measures"] for r in data["by_actor"]) == 52
    assert sum(Decimal(r["planned"]) for r in data["by_segment"]) == Decimal("1568000000")


def test_dashboard_shows_the_same_figures_and_chart(demo_portfolio, client):
    html = client.get("/?year=2020").content.decode()
    assert 'id="figure-measures">52<' in html
    assert "1\u202f568,0" in html
    assert 'id="actor-chart-caption"' in html and "<svg" in html
    assert 'id="by-actor-table"' in html


def test_load_demo_twice_changes_nothing(demo_portfolio):
    from portfolio.demo import load_demo
    from portfolio.models import BudgetLine, Measure

    before = (Measure.objects.count(), BudgetLine.objects.count())
    assert load_demo()["measures_created"] == 0
    assert (Measure.objects.count(), BudgetLine.objects.count()) == before


def test_summary_operating_cost_consequence_next_year(make_measure, actor_a, api):
    from portfolio.models import BudgetLine

    m = make_measure(actor_a, budget={2020: 1000})
    BudgetLine.objects.create(measure=m, year=2021, kind="operating", planned=Decimal("250"))
    data = api.get("/api/v1/portfolio/summary/?year=2020").json()
    assert Decimal(data["operating_next_year"]) == Decimal("250")


def test_summary_rejects_bad_year_naming_the_field(api, db):
    response = api.get("/api/v1/portfolio/summary/?year=abc")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "year"


def test_summary_never_counts_drafts(make_measure, actor_a, api):
    make_measure(actor_a, budget={2020: 1000})
    make_measure(actor_a, state="draft", published=False, budget={2020: 5000})
    data = api.get("/api/v1/portfolio/summary/?year=2020").json()
    assert data["measures"] == 1
    assert Decimal(data["planned"]) == Decimal("1000")
