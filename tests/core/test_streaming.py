"""Streamed downloads: the CSV header leaves before any row is read, and the rows are read
inside one transaction (so PostgreSQL streams the server-side cursor instead of computing
the whole result first, `WITH HOLD`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection

from core import spreadsheet
from core.streaming import in_one_transaction


def _no_rows_yet() -> Iterator[list[str]]:
    raise AssertionError("a row was read before the header was sent")
    yield []  # pragma: no cover


def test_csv_header_is_sent_before_the_first_row_is_read():
    chunks = spreadsheet.csv_stream(["code", "name"], _no_rows_yet(), bom=False)
    assert next(chunks) == b"code,name\r\n"
    with pytest.raises(AssertionError):
        next(chunks)


@pytest.mark.django_db
def test_rows_are_produced_inside_one_transaction():
    seen: list[bool] = []

    def produce() -> Iterator[bytes]:
        seen.append(connection.in_atomic_block)
        yield b"x"

    outside = connection.in_atomic_block
    assert list(in_one_transaction(produce)) == [b"x"]
    assert seen == [True] and connection.in_atomic_block == outside


@pytest.mark.django_db
def test_export_answers_at_once_and_streams_every_measure(
    client, office_user, make_measure, actor_a
):
    for i in range(3):
        make_measure(actor_a, code=f"STREAM-{i}")
    client.force_login(office_user)
    response = client.get("/measures/export/")
    chunks = iter(response.streaming_content)
    header = next(chunks).decode("utf-8-sig")
    assert header.startswith("code,") and header.endswith("\r\n") and header.count("\n") == 1
    rest = b"".join(chunks).decode()
    assert all(f"STREAM-{i}," in rest for i in range(3))
