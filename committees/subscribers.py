"""What the committees do when events happen (registered in CommitteesConfig.ready).

The committees send no e-mail; their events (`committee.agenda_published`,
`committee.decision_recorded`, `committee.minutes_published`) reach integrators through
webhooks, which subscribe to every event in core.
"""

from __future__ import annotations

from typing import Any

from core import webhooks
from core.events import EVERY_EVENT, subscribe, subscribers_of

WEBHOOK_EVENTS = (
    "committee.agenda_published",
    "committee.decision_recorded",
    "committee.minutes_published",
)


def webhook_until_core_listens(name: str, payload: dict[str, Any]) -> None:
    """TEMPORARY (issue 15, until the core branch is merged): hand the committees' events to
    `core.webhooks.emit` while core has no subscriber to every event. Steps aside by itself
    once core subscribes to `"*"`; delete it (and this module's registration) at the merge."""
    if any(getattr(fn, "__module__", "").startswith("core.") for fn in subscribers_of(EVERY_EVENT)):
        return
    webhooks.emit(name, payload)


def register() -> None:
    for event in WEBHOOK_EVENTS:
        subscribe(event, webhook_until_core_listens)
