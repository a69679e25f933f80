"""core.listing: the one list skeleton keeps the query string inside its rules."""

from __future__ import annotations

from django.test import RequestFactory

from core.listing import ListView

LIST = ListView(sortable=("code", "name"), default_sort="code", page_size=50, max_page_size=500)


def _get(query: str):  # type: ignore[no-untyped-def]
    return RequestFactory().get("/x/?" + query)


def test_only_allowed_sort_keys_and_their_descending_form_are_used():
    assert LIST.sort_key(_get("sort=name")) == "name"
    assert LIST.sort_key(_get("sort=-name")) == "-name"
    assert LIST.sort_key(_get("sort=--name")) == "code"
    assert LIST.sort_key(_get("sort=password")) == "code"
    assert LIST.sort_key(_get("")) == "code"


def test_page_size_is_clamped_and_a_bad_one_falls_back_to_the_default():
    assert LIST.per_page(_get("page_size=20")) == 20
    assert LIST.per_page(_get("page_size=0")) == 1
    assert LIST.per_page(_get("page_size=100000")) == 500
    assert LIST.per_page(_get("page_size=many")) == 50
    fixed = ListView(page_size=25, page_size_param=None)
    assert fixed.per_page(_get("page_size=5")) == 25
