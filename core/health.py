"""Health endpoints for the compose stack and any orchestrator, answered before host
validation, HTTPS redirects, sessions and the rest of the middleware:

- `/health/live/`  the process serves requests (no dependency checked): 200.
- `/health/ready/` the database answers, Redis answers (when configured) and a worker
  reported within WORKER_HEARTBEAT_MAX_AGE seconds (when tasks do not run in-process):
  200, else 503 with `Retry-After`. The body names each check.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from core import heartbeat, queue
from core.api.errors import RETRY_AFTER_SECONDS

LIVE_PATH = "/health/live/"
READY_PATH = "/health/ready/"


def _database() -> dict[str, Any]:
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
            cur.fetchone()
    except Exception as exc:
        connection.close()  # the next request reconnects
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True}


def _redis() -> dict[str, Any]:
    if not settings.REDIS_URL:
        return {"ok": True, "skipped": "no REDIS_URL"}
    ping = getattr(cache, "ping", None)
    ok = bool(ping()) if ping else True
    return {"ok": ok} if ok else {"ok": False, "error": "unreachable"}


def _worker() -> dict[str, Any]:
    if queue.runs_eagerly():
        return {"ok": True, "skipped": "tasks run in-process"}
    seen = heartbeat.worker_last_seen()
    if seen is None:
        return {"ok": False, "error": "no heartbeat"}
    age = (timezone.now() - seen).total_seconds()
    return {"ok": age <= settings.WORKER_HEARTBEAT_MAX_AGE, "age_seconds": round(age)}


CHECKS: dict[str, Callable[[], dict[str, Any]]] = {
    "database": _database,
    "redis": _redis,
    "worker": _worker,
}


def readiness() -> tuple[bool, dict[str, Any]]:
    results = {name: check() for name, check in CHECKS.items()}
    return all(r["ok"] for r in results.values()), results


def _json(body: dict[str, Any], status: int) -> HttpResponse:
    response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class HealthCheckMiddleware:
    """First in MIDDLEWARE: probes come from inside the stack (any Host header, plain HTTP)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == LIVE_PATH:
            return _json({"status": "ok"}, 200)
        if request.path == READY_PATH:
            ok, checks = readiness()
            return _json(
                {"status": "ok" if ok else "unavailable", "checks": checks}, 200 if ok else 503
            )
        return self.get_response(request)
