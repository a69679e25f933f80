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

from core.events import subscribe


def send_round_notice(name: str, payload: dict[str, Any]) -> None:
    recipients = payload["recipients"]
    if not recipients:
        return
    subject, body = payload["subject"], payload["body"]
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients))


def register() -> None:
    subscribe("round_notice.recorded", send_round_notice)
