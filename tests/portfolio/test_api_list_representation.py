"""The measure list's fast path (plain rows) gives exactly what MeasureSerializer gives."""

from __future__ import annotations

import pytest
from rest_framework.test import APIRequestFactory

from portfolio import selectors
from portfolio.api.serializers import MeasureSerializer
from portfolio.models import BudgetLine, Measure, StatusReport

pytestmark = pytest.mark.django_db


def test_list_equals_the_serializer_for_every_demo_measure(demo_portfolio, api, office_user):
    m = Measure.objects.order_by("code").first()
    m.total_cost_frame = "1234.50"
    m.contact_email = "a@example.no"
    m.save()
    BudgetLine.objects.filter(measure=m).update(actual="17.10")
    StatusReport.objects.filter(measure=m).update(commentary="x")
    api.force_authenticate(office_user)
    response = api.get("/api/v1/measures/?page_size=500")
    assert response.status_code == 200
    request = APIRequestFactory().get("/")
    expected = MeasureSerializer(
        selectors.measure_list(office_user).order_by("code"),
        many=True,
        context={"request": request},
    ).data
    assert response.json()["results"] == [dict(x) for x in expected]


def test_cursor_paging_still_works(demo_portfolio, api):
    first = api.get("/api/v1/measures/?paging=cursor&page_size=10").json()
    assert len(first["results"]) == 10
    second = api.get(first["next"]).json()
    assert first["results"][-1]["id"] < second["results"][0]["id"]
