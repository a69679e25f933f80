"""Open-data files are built in the background after writes (core.versioned_build): one
build per burst of writes, the previous version's file (with its own ETag) while the new one
is built, the new one afterwards, 304 to conditional requests throughout."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import versioned_build

pytestmark = pytest.mark.django_db
URL = "/public/data/measures.csv"


@pytest.fixture(autouse=True)
def _no_build_markers():
    cache.delete_many([versioned_build.PENDING, versioned_build.BUILDING])
    yield
    cache.delete_many([versioned_build.PENDING, versioned_build.BUILDING])


def _codes(response: Any) -> list[str]:
    body = b"".join(response.streaming_content).decode()
    return [r["code"] for r in csv.DictReader(io.StringIO(body))]


def test_a_download_during_a_build_answers_the_previous_file(
    client: Any, make_measure: Any, actor_a: Any
) -> None:
    make_measure(actor_a, code="PUB-1", budget={2020: 100})
    first = client.get(URL)
    assert _codes(first) == ["PUB-1"]
    old_etag, old_modified = first["ETag"], first["Last-Modified"]

    make_measure(actor_a, code="PUB-2", budget={2020: 5})
    cache.set(versioned_build.PENDING, 1)  # a build has been sent and not finished
    during = client.get(URL)
    assert during.status_code == 200
    assert (during["ETag"], during["Last-Modified"]) == (old_etag, old_modified)
    assert _codes(during) == ["PUB-1"]
    assert client.get(URL, HTTP_IF_NONE_MATCH=old_etag).status_code == 304

    with CaptureQueriesContext(connection):
        built = versioned_build.build()
    assert URL in built and "/public/data/budget-lines.xlsx" in built
    assert not versioned_build.in_progress()
    after = client.get(URL, HTTP_IF_NONE_MATCH=old_etag)
    assert after.status_code == 200 and after["ETag"] != old_etag
    assert _codes(after) == ["PUB-1", "PUB-2"]
    with CaptureQueriesContext(connection) as ctx:
        again = client.get(URL, HTTP_IF_NONE_MATCH=after["ETag"])
    assert again.status_code == 304 and len(ctx.captured_queries) == 1


def test_without_a_build_and_without_a_file_the_download_is_streamed(
    client: Any, make_measure: Any, actor_a: Any
) -> None:
    make_measure(actor_a, code="PUB-1", budget={2020: 100})
    client.get(URL)
    make_measure(actor_a, code="PUB-2", budget={2020: 5})
    assert not versioned_build.in_progress()
    assert _codes(client.get(URL)) == ["PUB-1", "PUB-2"]


def test_a_burst_of_writes_sends_one_build(
    monkeypatch: Any, make_measure: Any, actor_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    sent: list[float] = []
    monkeypatch.setattr(versioned_build.queue, "runs_eagerly", lambda: False)
    monkeypatch.setattr(versioned_build, "_send", sent.append)
    monkeypatch.setattr(versioned_build, "_last_scheduled", 0.0)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for n in range(20):
            make_measure(actor_a, code=f"PUB-{n}", budget={2020: n})
    assert len(callbacks) >= 20
    assert len(sent) == 1 and versioned_build.in_progress()
    monkeypatch.setattr(versioned_build, "_last_scheduled", 0.0)  # another process
    with django_capture_on_commit_callbacks(execute=True):
        make_measure(actor_a, code="PUB-99")
    assert len(sent) == 1  # joins the build that has not started yet
