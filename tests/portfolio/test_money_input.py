"""Money typed the Norwegian way into the measure form: stored exactly, ambiguity refused
beside the field, the reading shown back."""

import pytest

from portfolio.models import BudgetLine, Measure

pytestmark = pytest.mark.django_db


def _post(client, actor, planned, **extra):
    data = {
        "code": "KR-1",
        "name": "Beløp",
        "owner": actor.pk,
        "measure_type": "project",
        "phase": "idea",
        "criterion_digitalisation_core": "true",
        "criterion_cross_actor": "true",
        "criterion_strategy": "true",
        "budget-TOTAL_FORMS": "1",
        "budget-INITIAL_FORMS": "0",
        "budget-0-year": "2021",
        "budget-0-kind": "investment",
        "budget-0-funding_source": "own",
        "budget-0-planned": planned,
    }
    data.update(extra)
    return client.post("/measures/new/", data)


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("2 500 000,50", "2500000.50"),
        ("2\u00a0500\u00a0000,50", "2500000.50"),
        ("2500000", "2500000.00"),
        ("2 500 000 kr", "2500000.00"),
    ],
)
def test_planned_amount_is_stored_as_typed(client, office_user, actor_a, typed, stored):
    client.force_login(office_user)
    response = _post(client, actor_a, typed, total_cost_frame="12 000 000 kr")
    assert response.status_code == 302, response.content.decode()[:3000]
    line = BudgetLine.objects.get(measure__code="KR-1")
    assert str(line.planned) == stored
    assert str(Measure.objects.get(code="KR-1").total_cost_frame) == "12000000.00"


@pytest.mark.parametrize("typed", ["2,500,000.50", "2.500.000,5.0", "2.500", "25 00 000"])
def test_ambiguous_amount_is_refused_beside_the_field_and_nothing_saved(
    client, office_user, actor_a, typed
):
    client.force_login(office_user)
    response = _post(client, actor_a, typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_budget-0-planned-error"' in html
    assert not Measure.objects.filter(code="KR-1").exists()
    assert not BudgetLine.objects.exists()


def test_the_reading_is_shown_back_when_the_form_returns(client, office_user, actor_a):
    client.force_login(office_user)
    response = _post(client, actor_a, "2 500 000,50", name="")  # name missing: form returns
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_budget-0-planned-echo"' in html
    assert "2\u00a0500\u00a0000,50\u00a0kr" in html
    assert "js/money.js" in html


def test_detail_page_shows_grouped_kroner(client, office_user, actor_a):
    client.force_login(office_user)
    _post(client, actor_a, "2 500 000,50", total_cost_frame="12 000 000")
    measure = Measure.objects.get(code="KR-1")
    html = client.get(f"/measures/{measure.pk}/").content.decode()
    assert "12\u00a0000\u00a0000\u00a0kr" in html
    assert "2\u00a0500\u00a0000,50" in html
