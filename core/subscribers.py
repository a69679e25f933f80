"""What core listens to: webhooks hear every event and deliver those integrators subscribe to."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from core.events import EVERY_EVENT, subscribe
from core.tasks import deliver_webhook
from core.webhooks import record_deliveries


def deliver_webhooks(name: str, payload: dict[str, Any]) -> None:
    """Record a delivery per subscription to `name` (a `WebhookEvent` value) in the emitter's
    transaction; send each after it commits."""
    for delivery in record_deliveries(name, payload):
        transaction.on_commit(
            lambda pk=delivery.pk: deliver_webhook.delay(delivery_pk=pk), robust=True
        )


def register() -> None:
    subscribe(EVERY_EVENT, deliver_webhooks)
