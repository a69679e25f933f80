"""What the portfolio listens to.

TEMPORARY BRIDGE (issue 15, delete at merge): until core's webhook subscriber (`"*"`, in
`core/subscribers.py`) is merged, the portfolio's own events are handed to
`core.webhooks.emit` here so webhooks keep being delivered. It stands down by itself when
anything already listens to every event, so it can never deliver twice.
"""

from __future__ import annotations

from typing import Any

from core import webhooks
from core.events import subscribe, subscribers_of

WEBHOOK_EVENTS = ("measure.created", "measure.updated", "measure.transitioned")
_NOBODY = "portfolio.no-such-event"  # subscribers_of() of it: exactly the "*" listeners


def _to_webhooks(name: str, payload: dict[str, Any]) -> None:
    webhooks.emit(name, payload)


def register() -> None:
    if subscribers_of(_NOBODY):
        return
    for name in WEBHOOK_EVENTS:
        subscribe(name, _to_webhooks)
