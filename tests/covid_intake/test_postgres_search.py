"""On PostgreSQL the similar-suggestion search uses the full-text GIN index."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from covid_intake import selectors

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="needs PostgreSQL full-text search"),
]


def test_search_index_exists_and_finds_a_near_copy(make_suggestion: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_indexes WHERE indexname = 'covid_intake_suggestion_search_fts'"
        )
        assert cursor.fetchone()
    original = make_suggestion(
        title="SMS med prøvesvar", description="Negative prøvesvar sendes automatisk på SMS."
    )
    make_suggestion(title="Lageroversikt", description="Oversikt over munnbind og hansker.")
    found = selectors.similar_suggestion_scores("SMS med prøvesvar sendt automatisk på SMS")
    assert found[0][0] == original.pk and found[0][1] > 0.6
