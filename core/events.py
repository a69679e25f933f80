"""One way for an effect to cross apps: `emit(name, payload)`.

The app where something happens emits a named event from its service; any app that cares
subscribes in its `AppConfig.ready` (imports run one way, so the emitting app never imports
the listener):

    # scoring/apps.py
    def ready(self) -> None:
        from scoring import subscribers
        subscribers.register()

    # scoring/subscribers.py
    from core.events import subscribe
    def register() -> None:
        subscribe("measure.updated", recompute_measure_score)

A subscriber is called as `fn(name, payload)` inside the emitter's transaction, so what it
writes (a webhook delivery row, a queued-job row) commits or rolls back with the change
itself; work outside the database (a Celery task, an e-mail) is deferred by the subscriber
with `transaction.on_commit`. `subscribe("*", fn)` hears every event (webhooks do). Event
names are `<thing>.<verb in the past>`, e.g. `measure.updated`, `suggestion.assessed`; a
payload is a JSON-able dict (ids, codes, a few fields; never model instances).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

Payload = dict[str, Any]
Subscriber = Callable[[str, Payload], None]

EVERY_EVENT = "*"

_subscribers: dict[str, list[Subscriber]] = defaultdict(list)


def subscribe(name: str, subscriber: Subscriber) -> None:
    """Call `subscriber(name, payload)` for each `emit(name, …)`; registering twice is a no-op."""
    if subscriber not in _subscribers[name]:
        _subscribers[name].append(subscriber)


def subscribers_of(name: str) -> list[Subscriber]:
    return [*_subscribers.get(name, ()), *_subscribers.get(EVERY_EVENT, ())]


def jsonable(payload: Payload) -> Payload:
    """A payload as JSON has it (dates, times and amounts as strings, as webhooks send them)."""
    return json.loads(json.dumps(payload, cls=DjangoJSONEncoder))


def emit(name: str, payload: Payload | None = None) -> None:
    """Tell every subscriber of `name` (and of every event) what happened, in order; each
    gets its own copy of the payload as JSON has it."""
    data = jsonable(payload or {})
    for subscriber in subscribers_of(name):
        subscriber(name, dict(data))
