"""What the portfolio does when something happens (core.events): rebuild the open data after
writes, e-mail the other side of a workflow transition."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from core import versioned_build
from core.events import subscribe
from portfolio import workflow

FORMATS = ("csv", "json", "xlsx")
OPEN_DATA = [
    (f"public:{name}", {"fmt": fmt}) for name in ("measures", "budget-lines") for fmt in FORMATS
]


def register() -> None:
    # Any logged change in the portfolio (measures, budget lines, status reports, actors, …)
    # rebuilds the open-data files once, in the background, after a burst of writes.
    versioned_build.register("portfolio.", OPEN_DATA)
    subscribe("measure.transitioned", mail_the_other_side)


def mail_the_other_side(name: str, payload: dict[str, Any]) -> None:
    """A submission e-mails the office, a decision the actor's people, after the commit."""
    event_pk = payload["workflow_event"]
    transaction.on_commit(lambda: workflow.notify(event_pk=event_pk))
