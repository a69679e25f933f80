"""The intake API: transitions as POST endpoints, categories, and pinned query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from covid_intake import services
from covid_intake.models import Suggestion

pytestmark = pytest.mark.django_db


def test_triage_assign_merge_and_overlap_endpoints(
    api: Any,
    make_suggestion: Any,
    categories: Any,
    office_user: Any,
    working_group: Any,
    make_measure: Any,
    actor_a: Any,
) -> None:
    a, b = make_suggestion(title="Chatbot"), make_suggestion(title="Chatbot på nett")
    api.force_authenticate(office_user)
    url = "/api/v1/intake/suggestions/"
    r = api.post(f"{url}{a.pk}/triage/", {"category": categories["annet"].pk}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "triaged"
    r = api.post(f"{url}{a.pk}/assign/", {"working_group": working_group.pk}, format="json")
    assert r.json()["status"] == "in_assessment"
    r = api.post(f"{url}{a.pk}/merge/", {"duplicates": [b.pk]}, format="json")
    assert r.status_code == 200
    assert api.get(f"{url}{b.pk}/").json()["merged_into"]["reference"] == a.reference
    assert api.get(f"{url}{a.pk}/").json()["merged_suggestions"][0]["id"] == b.pk
    m = make_measure(actor_a)
    r = api.post(f"{url}{a.pk}/overlaps/", {"measure": m.pk, "note": "Samme"}, format="json")
    assert r.status_code == 201
    history = api.get(f"{url}{a.pk}/history/").json()["results"]
    assert any(h["action"] == "transition" for h in history)


def test_filters_are_shared_with_the_ui(
    api: Any, make_suggestion: Any, categories: Any, office_user: Any
) -> None:
    a = make_suggestion(title="Video hjemme")
    make_suggestion(title="Annet")
    services.suggestions_categorise(suggestions=[a], category=categories["video"], by=office_user)
    api.force_authenticate(office_user)
    r = api.get("/api/v1/intake/suggestions/", {"status": "triaged"}).json()
    assert [x["reference"] for x in r["results"]] == [a.reference]
    r = api.get("/api/v1/intake/suggestions/", {"uncategorised": "true"}).json()
    assert r["count"] == 1
    r = api.get("/api/v1/intake/suggestions/", {"q": "video"}).json()
    assert r["count"] == 1


def test_categories_are_public_reference_data(api: Any, categories: Any, office_user: Any) -> None:
    assert len(api.get("/api/v1/intake/categories/").json()) == 3
    assert api.post("/api/v1/intake/categories/", {"code": "x", "name": "X"}).status_code in (
        401,
        403,
    )
    api.force_authenticate(office_user)
    assert api.post("/api/v1/intake/categories/", {"code": "x", "name": "X"}).status_code == 201


def _count(api: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_endpoint_query_count_does_not_grow_with_page_size(
    api: Any, make_suggestion: Any, categories: Any, office_user: Any
) -> None:
    from portfolio.models import TargetGroup

    groups = list(TargetGroup.objects.all())
    for i in range(12):
        s = make_suggestion(title=f"Forslag {i}", target_groups=groups[: i % 3 + 1])
        if i % 2:
            services.suggestions_categorise(
                suggestions=[s], category=categories["video"], by=office_user
            )
    api.force_authenticate(office_user)
    assert _count(api, "/api/v1/intake/suggestions/?page_size=2") == _count(
        api, "/api/v1/intake/suggestions/?page_size=12"
    )


def test_list_page_query_count_does_not_grow_with_page_size(
    client: Any, make_suggestion: Any, office_user: Any
) -> None:
    for i in range(12):
        make_suggestion(title=f"Forslag {i}")
    client.force_login(office_user)
    assert _count(client, "/intake/suggestions/?page_size=2") == _count(
        client, "/intake/suggestions/?page_size=12"
    )


def test_board_lists_every_status_column(
    client: Any, make_suggestion: Any, office_user: Any
) -> None:
    make_suggestion()
    client.force_login(office_user)
    response = client.get("/intake/")
    assert response.status_code == 200
    assert [c["status"] for c in response.context["columns"]][:2] == ["received", "triaged"]
    assert response.context["total"] == Suggestion.objects.count()
