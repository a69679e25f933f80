import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_measure_list_api_query_count_does_not_grow_with_page_size(demo_portfolio, api):
    assert _count(api, "/api/v1/measures/?page_size=5") == _count(
        api, "/api/v1/measures/?page_size=50"
    )


def test_measure_list_page_query_count_does_not_grow_with_page_size(demo_portfolio, client):
    # the list's total is cached per data version and filter: compare warm pages
    _count(client, "/measures/?page_size=5")
    assert _count(client, "/measures/?page_size=5") == _count(client, "/measures/?page_size=50")


def test_measure_list_deep_page_has_the_right_rows(demo_portfolio, client):
    from django.contrib.auth.models import AnonymousUser

    from portfolio.selectors import measures_visible_to

    codes = list(
        measures_visible_to(AnonymousUser()).order_by("code", "id").values_list("code", flat=True)
    )
    page = client.get("/measures/?page_size=7&page=3")
    assert [m.code for m in page.context["measures"]] == codes[14:21]
    assert page.context["page_obj"].paginator.count == len(codes)
