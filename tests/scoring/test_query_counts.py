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


def test_first_score_pages_are_cached_until_a_score_changes(
    scoring_models, three_measures, api, office_user
):
    from decimal import Decimal

    from scoring.models import Score

    run_recompute()
    api.force_authenticate(office_user)
    url = "/api/v1/scoring/scores/?target=measure"
    first = _count(api, url)
    assert _count(api, url) < first  # the page comes from the cache: no sort, no rows
    top = api.get(url).json()["results"]
    bottom = Score.objects.get(target="measure", object_id=top[-1]["object_id"])
    bottom.value = Decimal("99.50")
    bottom.save(update_fields=["value"])
    changed = api.get(url).json()["results"]
    assert changed[0]["object_id"] == bottom.object_id
    assert changed[0]["value"] == "99.50"


def test_ranking_is_paginated_with_ranks_across_pages(
    scoring_models, three_measures, client, office_user, make_measure, actor_a, monkeypatch
):
    import re

    from scoring import selectors
    from scoring.models import Score

    monkeypatch.setattr(selectors, "RANKING_PAGE_SIZE", 2)
    for _ in range(3):
        make_measure(actor_a, budget={2021: 10})
    run_recompute()
    client.force_login(office_user)
    expected = list(
        Score.objects.filter(target="measure")
        .order_by("-value", "object_id")
        .values_list("object_id", flat=True)
    )
    seen: list[int] = []
    for page in range(1, (len(expected) + 1) // 2 + 1):
        html = client.get(f"/scoring/?page={page}").content.decode()
        rows = re.findall(r'<tr id="score-(\d+)">\s*<td class="num">(\d+)</td>', html)
        assert len(rows) <= 2
        assert [int(rank) for _id, rank in rows] == list(
            range(len(seen) + 1, len(seen) + 1 + len(rows))
        )
        seen += [int(object_id) for object_id, _rank in rows]
    assert seen == expected and len(expected) >= 6
