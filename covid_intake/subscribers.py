"""What the intake does when something happens (core.events), registered in
`CovidIntakeConfig.ready`: a received suggestion whose sender gave an e-mail address gets a
receipt, sent by a Celery task after the commit."""

from __future__ import annotations

from typing import Any

from core.events import subscribe
from core.queue import send_on_commit
from covid_intake import tasks


def send_receipt(name: str, payload: dict[str, Any]) -> None:
    if payload["receipt"]:
        pk = payload["id"]
        send_on_commit(lambda: tasks.send_receipt.delay(suggestion_pk=pk), "receipt e-mail")


def register() -> None:
    subscribe("suggestion.received", send_receipt)
