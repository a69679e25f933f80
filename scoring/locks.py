"""One recompute at a time, across workers.

PostgreSQL: a session-level advisory lock, which the server releases by itself when a worker
dies (SIGKILL included), so a redelivered job can take over at once. Elsewhere (SQLite in
development and tests): `cache.add` with a timeout (Redis when REDIS_URL is set).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import cache
from django.db import connection

ADVISORY_KEY = 0x5C0E_0001
CACHE_KEY = "scoring:recompute-lock"
# Short, and kept alive by the job's heartbeat: a killed worker's lock lapses in 90 s.
CACHE_TIMEOUT = 90


@contextmanager
def recompute_lock() -> Iterator[bool]:
    """Yields True when this process holds the lock, False when another one does."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
            got = bool(cur.fetchone()[0])
        try:
            yield got
        finally:
            if got:
                with connection.cursor() as cur:
                    cur.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])
        return
    token = uuid.uuid4().hex
    got = cache.add(CACHE_KEY, token, timeout=CACHE_TIMEOUT)
    try:
        yield got
    finally:
        if got and cache.get(CACHE_KEY) == token:
            cache.delete(CACHE_KEY)


def refresh_recompute_lock() -> None:
    """Keep the cache-based lock (non-PostgreSQL) from lapsing while its holder works."""
    if connection.vendor != "postgresql":
        cache.touch(CACHE_KEY, CACHE_TIMEOUT)
