"""Keyset paging of the measure list: walking the pages by their "next" and "previous" links
(signed cursors) gives exactly the pages that OFFSET gives, for every sort, both ways; a
tampered or stale cursor falls back to the page number."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

SORTS = ["code", "-code", "name", "-name", "phase", "-phase", "owner__short_name",
         "-owner__short_name", "start_date", "-end_date"]  # fmt: skip


def _codes(html: str) -> list[str]:
    table = html.split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r'<a href="/measures/\d+/">([^<]+)</a>', table)


def _link(html: str, rel: str) -> str | None:
    found = re.search(rf'href="(\?[^"]*)" rel="{rel}"', html)
    return found.group(1).replace("&amp;", "&") if found else None


@pytest.fixture
def many_measures(make_measure: Any, actor_a: Any, actor_b: Any) -> None:
    phases = ["idea", "concept", "planning", "execution"]
    for i in range(23):
        make_measure(
            actor_a if i % 3 else actor_b,
            code=f"KS-{i:02d}",
            name=f"Tiltak {i % 5}",  # ties on the name: the id decides
            phase=phases[i % 4],
            start_date=dt.date(2020, 1, 1) + dt.timedelta(days=i % 4),
        )


@pytest.mark.parametrize("sort", SORTS)
def test_next_and_previous_links_give_the_offset_pages(client, office_user, many_measures, sort):
    client.force_login(office_user)
    base = f"/measures/?sort={sort}&page_size=4"
    first = client.get(base).content.decode()
    pages_by_number = [_codes(first)]
    number = 2
    while True:
        html = client.get(f"{base}&page={number}").content.decode()
        codes = _codes(html)
        if codes == pages_by_number[-1]:
            break  # past the last page: Django gives the last page again
        pages_by_number.append(codes)
        number += 1
    walked, html = [_codes(first)], first
    while (link := _link(html, "next")) is not None:
        html = client.get("/measures/" + link).content.decode()
        walked.append(_codes(html))
    assert walked == pages_by_number and len(walked) >= 6
    back = [walked[-1]]
    while (link := _link(html, "prev")) is not None:
        html = client.get("/measures/" + link).content.decode()
        back.append(_codes(html))
    assert back[::-1] == pages_by_number


def test_keyset_links_carry_a_cursor_and_a_bad_one_falls_back(client, office_user, many_measures):
    client.force_login(office_user)
    html = client.get("/measures/?page_size=4").content.decode()
    link = _link(html, "next")
    assert link is not None and "cursor=" in link
    with CaptureQueriesContext(connection) as ctx:
        client.get("/measures/" + link)
    paged = [q["sql"] for q in ctx.captured_queries if "LIMIT 4" in q["sql"]]
    assert paged and not any("OFFSET" in sql for sql in paged)  # a seek, not a skip
    by_number = _codes(client.get("/measures/?page_size=4&page=2").content.decode())
    tampered = re.sub(r"cursor=[^&]+", "cursor=forged", link)
    assert _codes(client.get("/measures/" + tampered).content.decode()) == by_number
    # a cursor used for another page number is ignored: the number decides
    moved = link.replace("page=2", "page=3")
    by_three = _codes(client.get("/measures/?page_size=4&page=3").content.decode())
    assert _codes(client.get("/measures/" + moved).content.decode()) == by_three
