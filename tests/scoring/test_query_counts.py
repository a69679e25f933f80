import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.scoring.conftest import run_recompute

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_score_list_query_count_does_not_grow_with_page_size(
    scoring_models, three_measures, api, office_user
):
    run_recompute()
    api.force_authenticate(office_user)
    assert _count(api, "/api/v1/scoring/scores/?page_size=1") == _count(
        api, "/api/v1/scoring/scores/?page_size=50"
    )


def test_ranking_page_query_count_does_not_grow_with_measures(
    scoring_models, three_measures, client, office_user, make_measure, actor_a
):
    run_recompute()
    client.force_login(office_user)
    few = _count(client, "/scoring/")
    for _ in range(5):
        make_measure(actor_a, budget={2021: 10})
    run_recompute()
    assert _count(client, "/scoring/") == few
