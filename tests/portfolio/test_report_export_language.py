"""A streamed export is written after the view has returned: it must still speak the
caller's language (bokmål by default), not the language active when the bytes are sent."""

from __future__ import annotations

from typing import Any


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_report_csv_has_bokmal_headers_and_labels(
    client: Any, office_user: Any, make_measure: Any, actor_a: Any
) -> None:
    make_measure(actor_a, budget={2020: 1000})
    client.force_login(office_user)
    client.cookies["django_language"] = "nb"
    text = _body(client.get("/measures/export/?layout=report&format=csv")).decode("utf-8-sig")
    header = text.splitlines()[0].split(";")
    assert header[:3] == ["Kode", "Navn", "Eier"]
    assert "Code" not in header


def test_english_when_the_caller_chose_english(
    client: Any, office_user: Any, make_measure: Any, actor_a: Any
) -> None:
    make_measure(actor_a, budget={2020: 1000})
    client.force_login(office_user)
    client.cookies["django_language"] = "en"
    text = _body(client.get("/measures/export/?layout=report&format=csv")).decode("utf-8-sig")
    assert text.splitlines()[0].split(";")[:3] == ["Code", "Name", "Owner"]
