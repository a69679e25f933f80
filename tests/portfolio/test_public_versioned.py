"""Public pages and open data: produced once per data version, conditional requests, pages
that do not grow with the portfolio."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portfolio.models import Measure

pytestmark = pytest.mark.django_db


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def _queries(fn: Any) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    return result, len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["measures.csv", "measures.json", "budget-lines.xlsx"])
def test_open_data_is_produced_once_per_data_version_and_answers_304(
    client: Any, make_measure: Any, actor_a: Any, name: str
) -> None:
    make_measure(actor_a, code="PUB-1", budget={2020: 100})
    url = f"/public/data/{name}"
    first, first_queries = _queries(lambda: (r := client.get(url), _body(r))[0])
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag and modified
    # the stored file: the same bytes, one query (the data version), no measure read
    second, second_queries = _queries(lambda: (r := client.get(url), _body(r))[0])
    assert second["ETag"] == etag
    assert second_queries == 1 < first_queries
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified["ETag"] == etag
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_a_write_makes_a_new_open_data_version(
    client: Any, make_measure: Any, actor_a: Any
) -> None:
    make_measure(actor_a, code="PUB-1", budget={2020: 100})
    first = client.get("/public/data/measures.csv")
    before = _body(first).decode()
    make_measure(actor_a, code="PUB-2", budget={2020: 5})
    after = client.get("/public/data/measures.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    codes = [r["code"] for r in csv.DictReader(io.StringIO(_body(after).decode()))]
    assert "PUB-2" not in before and codes == ["PUB-1", "PUB-2"]


def test_a_new_status_report_makes_a_new_version(
    client: Any, make_measure: Any, actor_a: Any
) -> None:
    from portfolio.models import ReportingPeriod, StatusReport

    m = make_measure(actor_a, code="PUB-1")
    etag = client.get("/public/data/measures.json")["ETag"]
    StatusReport.objects.create(
        measure=m,
        period=ReportingPeriod.objects.first(),
        overall="red",
        cost="red",
        schedule="red",
        benefits="red",
    )
    assert client.get("/public/data/measures.json")["ETag"] != etag


def test_public_page_is_cached_per_version_and_answers_304(
    client: Any, make_measure: Any, actor_a: Any
) -> None:
    make_measure(actor_a, code="PUB-1", name="Første tiltak", budget={2020: 100})
    first = client.get("/public/")
    assert first.status_code == 200 and "Første tiltak" in first.content.decode()
    etag = first["ETag"]
    again, queries = _queries(lambda: client.get("/public/"))
    assert again.content == first.content.replace(_csrf(first.content), _csrf(again.content))
    assert queries <= 2  # the data versions (and at most a session read), nothing else
    assert client.get("/public/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    make_measure(actor_a, code="PUB-2", name="Andre tiltak", budget={2020: 5})
    changed = client.get("/public/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and "Andre tiltak" in changed.content.decode()


def _csrf(body: bytes) -> bytes:
    import re

    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]*)"', body)
    return found.group(1) if found else b""


def test_the_language_form_on_a_cached_page_keeps_working(
    client: Any, make_measure: Any, actor_a: Any
) -> None:
    make_measure(actor_a, code="PUB-1")
    from django.test import Client

    client.get("/public/")  # fills the cache
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/public/")
    token = _csrf(page.content).decode()
    assert token
    switched = visitor.post(
        "/i18n/setlang/", {"language": "en", "next": "/public/", "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302


def test_public_pages_show_one_page_of_measures(
    client: Any, make_measure: Any, actor_a: Any
) -> None:
    from portfolio.views.public import PAGE_SIZE

    for i in range(PAGE_SIZE + 3):
        make_measure(actor_a, code=f"PUB-{i:03d}")
    page1 = client.get("/public/").content.decode()
    page2 = client.get("/public/?page=2").content.decode()
    assert page1.count('href="/public/measures/PUB-') == PAGE_SIZE
    assert page2.count('href="/public/measures/PUB-') == 3
    assert f"{PAGE_SIZE + 3} published measures" in page1
    assert Measure.objects.count() == PAGE_SIZE + 3


def test_logged_in_users_get_a_fresh_page(
    client: Any, office_user: Any, make_measure: Any, actor_a: Any
) -> None:
    make_measure(actor_a, code="PUB-1")
    client.force_login(office_user)
    response = client.get("/public/")
    assert response.status_code == 200 and "ETag" not in response
