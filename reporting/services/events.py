"""The payloads of reporting's events: JSON-able dicts, dates and times as webhooks have
always sent them."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from reporting.models import ReportingRound


def jsonable(payload: dict[str, Any]) -> dict[str, Any]:
    """An event's payload as JSON has it (dates and times as webhooks have always sent them)."""
    return json.loads(json.dumps(payload, cls=DjangoJSONEncoder))


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
