"""Heartbeats: a job row says "a worker is still on me" every few seconds, and the worker
fleet says "alive" through a periodic task, so that a dead worker is noticed quickly.

`beating(update)` calls `update()` from a background thread every `every` seconds while the
block runs (a long computation without progress reports, e.g. the optimiser, still beats).
The thread uses its own database connection and closes it. `worker_seen()` / `worker_last_seen()`
record and read the fleet's heartbeat in the cache.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

log = logging.getLogger(__name__)
WORKER_KEY = "health:worker-heartbeat"


@contextmanager
def beating(update: Callable[[], None], every: float) -> Iterator[None]:
    stop = threading.Event()

    def run() -> None:
        try:
            while not stop.wait(every):
                try:
                    update()
                except Exception:
                    log.warning("Heartbeat failed", exc_info=True)
        finally:
            connection.close()

    thread = threading.Thread(target=run, name="job-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(every + 5)


def worker_seen() -> None:
    cache.set(WORKER_KEY, timezone.now().isoformat(), timeout=24 * 3600)


def worker_last_seen() -> dt.datetime | None:
    raw = cache.get(WORKER_KEY)
    try:
        return dt.datetime.fromisoformat(raw) if raw else None
    except (TypeError, ValueError):
        return None
