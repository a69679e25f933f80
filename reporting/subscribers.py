"""What reporting does when events happen (registered in ReportingConfig.ready).

- `round_notice.recorded` (reporting.services): a round's e-mail to one actor (round opened,
  due soon, overdue) was recorded; it is sent after the transaction commits, so a rolled
  back round sends nothing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from core import webhooks
from core.events import EVERY_EVENT, subscribe, subscribers_of

WEBHOOK_EVENTS = ("reporting_round.opened", "reporting_round.closed", "portfolio_report.published")


def send_round_notice(name: str, payload: dict[str, Any]) -> None:
    recipients = payload["recipients"]
    if not recipients:
        return
    subject, body = payload["subject"], payload["body"]
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients))


def webhook_until_core_listens(name: str, payload: dict[str, Any]) -> None:
    """TEMPORARY (issue 15, until the core branch is merged): hand reporting's events to
    `core.webhooks.emit` while core has no subscriber to every event. Steps aside by itself
    once core subscribes to `"*"`; delete it (and its registration) at the merge."""
    if any(getattr(fn, "__module__", "").startswith("core.") for fn in subscribers_of(EVERY_EVENT)):
        return
    webhooks.emit(name, payload)


def register() -> None:
    subscribe("round_notice.recorded", send_round_notice)
    for event in WEBHOOK_EVENTS:
        subscribe(event, webhook_until_core_listens)
