"""The roadmap's analysis API reads (violations, critical paths) are paged like every other
list: one bounded page, `next` walks the whole list once, and the number of queries does not
grow with the roadmap."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.api.pagination import ListPagination
from tests.roadmap.test_bounded_pages import _add_chain

pytestmark = pytest.mark.django_db
URL = "/api/v1/roadmap/"
PAGE = ListPagination.page_size


def _get(api: Any, url: str) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


def _walk(api: Any, url: str, key: Any) -> tuple[int, list]:
    """Follow `next` from `url`; every page holds at most one page of rows."""
    seen: list = []
    _queries, body = _get(api, url)
    count = body["count"]
    while True:
        assert len(body["results"]) <= PAGE
        seen += [key(row) for row in body["results"]]
        if not body["next"]:
            break
        _queries, body = _get(api, body["next"])
    return count, seen


ENDPOINTS = [
    ("violations/", lambda r: (r["predecessor"]["code"], r["successor"]["code"])),
    ("critical-path/", lambda r: (r["path"], r["id"])),
    ("critical-path/?items=all", lambda r: r["id"]),
]


@pytest.mark.parametrize(("path", "key"), ENDPOINTS)
def test_next_walks_the_whole_list_once(api, reference_data, path, key):
    _add_chain(2 * PAGE + 30, prefix="W")
    count, seen = _walk(api, URL + path, key)
    assert len(seen) == count == len(set(seen))
    assert count > PAGE


@pytest.mark.parametrize("path", [p for p, _key in ENDPOINTS])
def test_a_read_is_one_page_and_its_queries_do_not_grow(api, reference_data, path):
    _add_chain(20, prefix="S")
    small_queries, small = _get(api, URL + path)
    _add_chain(3 * PAGE + 40, prefix="L")
    large_queries, large = _get(api, URL + path)
    assert len(large["results"]) == PAGE < large["count"]
    assert large["next"] and large["previous"] is None
    assert large_queries == small_queries
