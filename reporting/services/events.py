"""The payloads of reporting's events: JSON-able dicts, dates and times as webhooks have
always sent them."""

from __future__ import annotations

from typing import Any

from core.events import jsonable
from reporting.models import ReportingRound


def round_payload(round_: ReportingRound) -> dict[str, Any]:
    return jsonable(
        {
            "id": round_.pk,
            "name": round_.period.name,
            "kind": round_.kind,
            "state": round_.state,
            "start": round_.period.start,
            "end": round_.period.end,
            "deadline": round_.deadline,
        }
    )
