"""Events the intake listens to, registered in `CovidIntakeConfig.ready`.

Until the core's webhook subscriber (`subscribe("*", …)` in core) is merged, the intake's
own event `suggestion.decided` is handed to the webhooks here. REMOVE `_deliver_webhook` at
merge once core delivers every event: otherwise each decision is delivered twice (the test
`test_a_decision_emits_suggestion_decided` then fails on two deliveries)."""

from __future__ import annotations

from typing import Any

from core import webhooks
from core.events import subscribe

TEMPORARY_WEBHOOK_EVENTS = ("suggestion.decided",)


def _deliver_webhook(name: str, payload: dict[str, Any]) -> None:
    webhooks.emit(name, payload)


def register() -> None:
    for name in TEMPORARY_WEBHOOK_EVENTS:
        subscribe(name, _deliver_webhook)
