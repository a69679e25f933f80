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


def _walk(client: Any, first_url: str, row_pattern: str, base: str) -> list[list[str]]:
    html = client.get(first_url).content.decode()
    pages = [re.findall(row_pattern, html)]
    while (link := _link(html, "next")) is not None:
        html = client.get(base + link).content.decode()
        pages.append(re.findall(row_pattern, html))
    return pages


def _numbered(client: Any, url: str, row_pattern: str, count: int) -> list[list[str]]:
    sep = "&" if "?" in url else "?"
    return [
        re.findall(row_pattern, client.get(f"{url}{sep}page={n}").content.decode())
        for n in range(1, count + 1)
    ]


def test_the_suggestion_list_walks_by_keyset(client, office_user, reference_data):
    from covid_intake import services
    from covid_intake.models import Suggestion

    for i in range(9):
        fields = {"title": f"Forslag {i}", "description": "Beskrivelse.",
                  "submitter_name": "Ola", "submitter_email": "ola@example.no"}  # fmt: skip
        services.suggestion_submit(fields=fields, send_receipt=False)
    Suggestion.objects.update(received_at=dt.datetime(2020, 4, 1, tzinfo=dt.UTC))  # all tied
    client.force_login(office_user)
    row = r'href="/intake/suggestions/(\d+)/"'
    url = "/intake/suggestions/?page_size=2"
    walked = _walk(client, url, row, "/intake/suggestions/")
    assert walked == _numbered(client, url, row, len(walked)) and len(walked) >= 5
    assert [len(set(p)) for p in walked][:4] == [2, 2, 2, 2]


def test_the_missing_status_list_walks_by_keyset(client, office_user, many_measures, monkeypatch):
    from portfolio.models import ReportingPeriod
    from portfolio.views import status

    ReportingPeriod.objects.create(
        name="T1", start=dt.date(2020, 1, 1), end=dt.date(2020, 4, 30), due=dt.date(2020, 5, 10)
    )
    client.force_login(office_user)
    period = ReportingPeriod.objects.get(name="T1")
    row = r'<a href="/measures/\d+/">([^<]+)</a>'
    url = f"/status/?period={period.pk}"
    monkeypatch.setattr(status, "MISSING_PAGE_SIZE", 4)
    walked = _walk(client, url, row, "/status/")
    assert walked == _numbered(client, url, row, len(walked)) and len(walked) >= 6
    assert "cursor=" in (_link(client.get(url).content.decode(), "next") or "")
