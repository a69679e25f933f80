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


def _lifecycle(codes):
    from portfolio.choices import Phase

    order = list(Phase.values)
    return sorted(codes, key=order.index)


def test_phases_in_lifecycle_order_on_dashboard_and_list(
    make_measure, actor_a, client, office_user
):
    for phase in ("stopped", "benefit_realisation", "idea", "execution", "concept"):
        make_measure(actor_a, phase=phase, budget={2020: 1000})
    client.force_login(office_user)
    rows = client.get("/?year=2020").context["phase_rows"]
    assert [r["id"] for r in rows] == _lifecycle([r["id"] for r in rows])
    listed = [m.phase for m in client.get("/measures/?sort=phase").context["measures"]]
    assert listed == _lifecycle(listed) and len(listed) == 5
    backwards = [m.phase for m in client.get("/measures/?sort=-phase").context["measures"]]
    assert backwards == list(reversed(listed))


def test_dashboard_year_is_validated_and_every_figure_follows_it(
    make_measure, actor_a, client, office_user
):
    from portfolio.models import BudgetLine

    make_measure(actor_a, budget={2020: 1000})
    make_measure(actor_a, budget={2020: 500, 2021: 7000})
    client.force_login(office_user)
    for year in (2020, 2021):
        summary = client.get(f"/?year={year}").context["summary"]
        expected_sum = sum(b.planned for b in BudgetLine.objects.filter(year=year))
        expected_count = (
            BudgetLine.objects.filter(year=year).values("measure_id").distinct().count()
        )
        assert summary["planned"] == expected_sum
        assert summary["measures"] == expected_count
        assert sum(r["measures"] for r in summary["by_actor"]) == expected_count
        assert sum(r["measures"] for r in summary["by_phase"]) == expected_count
    bad = client.get("/?year=20x1")
    assert bad.status_code == 400
    assert 'id="year-error"' in bad.content.decode()
    assert client.get("/?year=1800").status_code == 400


def test_one_default_year_rule_for_dashboard_public_overview_and_api(
    make_measure, actor_a, client, office_user, api
):
    import datetime as dt

    from portfolio.models import ReportingPeriod
    from portfolio.selectors import default_year

    make_measure(actor_a, budget={2020: 1000, 2021: 2000})
    today = dt.date.today()
    started = ReportingPeriod.objects.filter(start__lte=today).order_by("-start").first()
    expected = started.start.year if started else today.year
    assert default_year() == expected
    client.force_login(office_user)
    assert client.get("/").context["year"] == expected
    client.logout()
    assert client.get("/public/").context["year"] == expected
    assert api.get("/api/v1/portfolio/summary/").json()["year"] == expected
