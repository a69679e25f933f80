"""The intake's pages and API reads cost the same however many suggestions and measures
there are: query counts do not grow, and no choice list holds every measure."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from covid_intake import services

pytestmark = pytest.mark.django_db


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _more_suggestions(make_suggestion: Any, categories: Any, office_user: Any, n: int) -> None:
    from portfolio.models import TargetGroup

    groups = list(TargetGroup.objects.all())
    for i in range(n):
        s = make_suggestion(
            title=f"Videokonsultasjon {i}",
            description="Video mellom fastlege og pasient hjemme.",
            target_groups=groups[: i % 3 + 1],
        )
        if i % 2:
            services.suggestions_categorise(
                suggestions=[s], category=categories["video"], by=office_user
            )


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/intake/suggestions/",
        "/api/v1/intake/suggestions/{pk}/",
        "/api/v1/intake/suggestions/{pk}/similar/",
        "/intake/",
        "/intake/suggestions/",
        "/intake/suggestions/{pk}/",
    ],
)
def test_query_count_does_not_grow_with_the_number_of_suggestions(
    url: str,
    client: Any,
    make_suggestion: Any,
    categories: Any,
    office_user: Any,
) -> None:
    first = make_suggestion(title="Videokonsultasjon", description="Video med fastlegen.")
    _more_suggestions(make_suggestion, categories, office_user, 2)
    client.force_login(office_user)
    url = url.format(pk=first.pk)
    client.get(url)  # warm: PostgreSQL's word statistics are read once per ten minutes
    few = _count(client, url)
    _more_suggestions(make_suggestion, categories, office_user, 10)
    assert _count(client, url) == few


def test_overlap_form_is_a_search_field_not_a_list_of_every_measure(
    client: Any, make_suggestion: Any, office_user: Any, make_measure: Any, actor_a: Any
) -> None:
    suggestion = make_suggestion(title="Videokonsultasjon", description="Video med fastlegen.")
    measures = [make_measure(actor_a) for _ in range(5)]
    client.force_login(office_user)
    page = client.get(f"/intake/suggestions/{suggestion.pk}/").content.decode()
    assert not any(f'<option value="{m.pk}"' in page for m in measures)
    response = client.post(
        f"/intake/suggestions/{suggestion.pk}/overlap/",
        {"measure": measures[2].code.lower(), "note": "Samme"},
    )
    assert response.status_code == 302
    assert list(suggestion.overlap_measures.all()) == [measures[2]]


def test_overlap_form_refuses_an_unknown_code(
    client: Any, make_suggestion: Any, office_user: Any
) -> None:
    suggestion = make_suggestion()
    client.force_login(office_user)
    response = client.post(
        f"/intake/suggestions/{suggestion.pk}/overlap/", {"measure": "FINNES-IKKE"}
    )
    assert response.status_code == 400
    assert not suggestion.overlaps.exists()
