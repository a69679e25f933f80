"""A Redis cache that keeps the site up when Redis is down.

Every cache call goes to Redis; when Redis cannot be reached the call is answered by a
per-process memory cache instead, and a warning is logged (once per `RETRY_SECONDS`, not on
every call). During that time Redis is not tried again, so a dead Redis costs one failed
connection per process every `RETRY_SECONDS`, not one per call. What degrades:

- cached pages and summaries are computed per process (slower, still correct: entries are
  keyed by data version);
- rate-limit counters (intake spam protection, integrator token throttling) count per
  process instead of across the site, i.e. a little more lenient, never locking anyone out;
- the non-PostgreSQL recompute lock is per process (PostgreSQL uses an advisory lock).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import redis
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

log = logging.getLogger("core.cache")
RETRY_SECONDS = 5.0


def _redis_errors() -> tuple[type[BaseException], ...]:
    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class ResilientRedisCache(RedisCache):
    """RedisCache with a local fallback (see the module docstring)."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 1.0)
        super().__init__(server, {**params, "OPTIONS": options})
        self._fallback = LocMemCache(
            f"resilient-fallback-{id(self)}", {"TIMEOUT": params.get("TIMEOUT", 300)}
        )
        self._down_until = 0.0
        self._errors = _redis_errors()

    @property
    def degraded(self) -> bool:
        return time.monotonic() < self._down_until

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if not self.degraded:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except self._errors as exc:
                self._down_until = time.monotonic() + RETRY_SECONDS
                log.warning(
                    "Redis cache unreachable (%s); using a per-process memory cache for %.0f s "
                    "(caching and rate limits degraded).",
                    exc.__class__.__name__,
                    RETRY_SECONDS,
                )
        return getattr(self._fallback, name)(*args, **kwargs)

    def ping(self) -> bool:
        """True when Redis answers now (for the readiness check); never raises."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except self._errors:
            return False


def _delegate(name: str) -> Callable[..., Any]:
    def method(self: ResilientRedisCache, *args: Any, **kwargs: Any) -> Any:
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    return method


for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(ResilientRedisCache, _name, _delegate(_name))
