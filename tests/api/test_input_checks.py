"""Malformed query input is a 4xx in the error shape, never a database error or ignored."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "status", "field"),
    [
        ("/api/v1/measures/?start_after=", 400, "start_after"),
        ("/api/v1/measures/?phase=", 400, "phase"),
        ("/api/v1/measures/?published=null", 400, "published"),
        ("/api/v1/measures/?segment=-107061416038294290432", 400, "segment"),
        ("/api/v1/measures/?page=0", 400, "page"),
        ("/api/v1/measures/?page_size=abc", 400, "page_size"),
        ("/api/v1/measures/99999999999999999999999/", 404, None),
        ("/api/v1/no-such-thing/", 404, None),
    ],
)
def test_malformed_input_is_refused_in_the_error_shape(
    api: Any, small_portfolio: dict[str, Any], url: str, status: int, field: str | None
) -> None:
    r = api.get(url)
    assert r.status_code == status
    body = r.json()
    assert set(body) == {"detail", "errors"} and body["errors"][0]["field"] == field


def test_empty_text_search_is_fine_and_paging_cursor_starts_bulk_reading(
    api: Any, small_portfolio: dict[str, Any]
) -> None:
    assert api.get("/api/v1/measures/?q=").status_code == 200
    data = api.get("/api/v1/measures/?paging=cursor&page_size=1").json()
    assert "count" not in data and len(data["results"]) == 1 and data["next"]
    assert api.get("/api/v1/measures/?paging=sideways").status_code == 400
