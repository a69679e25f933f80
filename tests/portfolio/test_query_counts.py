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
    assert _count(client, "/measures/?page_size=5") == _count(client, "/measures/?page_size=50")
