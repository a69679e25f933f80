"""A fixed-window counter per client address in the cache (spam protection for the form)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def limits() -> tuple[int, int]:
    """(submissions, seconds): 5 per 10 minutes unless INTAKE_RATE_LIMIT says otherwise."""
    count, seconds = getattr(settings, "INTAKE_RATE_LIMIT", (5, 600))
    return int(count), int(seconds)


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def _key(address: str) -> str:
    return f"intake:submit:{address}"


def exceeded(address: str) -> bool:
    count, _ = limits()
    return int(cache.get(_key(address)) or 0) >= count


def hit(address: str) -> int:
    """Count one submission from the address; the window starts with the first."""
    _, seconds = limits()
    key = _key(address)
    if cache.add(key, 1, timeout=seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        return 1
