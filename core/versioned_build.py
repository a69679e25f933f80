"""Versioned files built in the background after writes (issue 16).

At national scale producing an open-data file takes minutes, longer than a web worker may
spend on a request. So an app registers the URLs of its versioned files and the events
after which they change (`register`, from its `subscribers.register()`); a logged change
(`<app>.<model>.changed`, core.events) schedules one build after the transaction commits,
debounced: the first change sends `core.tasks.build_versioned_files` with a delay
(`VERSIONED_FILES_BUILD_DELAY`, default 10 s) and every change until that task starts joins
it, so an import of 1 000 rows starts one build, not 1 000.

While a build is pending or running, `core.versioned.versioned_file` answers with the
previous version's file (with that version's ETag and Last-Modified, and 304 to it); when no
file exists yet it streams the file from a server-side cursor as before. The task builds
each registered file by calling its view in-process with a build marker (no HTTP request,
no middleware): the view's `versioned_file` writes the file for the current version.

With tasks running in-process (no broker: tests, a laptop) nothing is scheduled; downloads
produce the file on first request as before.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from celery import current_app
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.test import RequestFactory
from django.urls import resolve, reverse

from core import queue
from core.events import EVERY_EVENT, Payload, subscribe

log = logging.getLogger(__name__)

PENDING = "versioned-build:pending"
BUILDING = "versioned-build:building"
BUILD_MARKER = "_versioned_build"
TASK = "core.tasks.build_versioned_files"

# url name and kwargs of each file, per event prefix ("portfolio." hears portfolio.*.changed)
_FILES: dict[str, list[tuple[str, dict[str, str]]]] = {}
_last_scheduled = 0.0


def register(event_prefix: str, urls: Iterable[tuple[str, dict[str, str]]]) -> None:
    """Rebuild the files at `urls` ((url name, kwargs)) after every `<event_prefix>….changed`."""
    known = _FILES.setdefault(event_prefix, [])
    for url in urls:
        if url not in known:
            known.append(url)
    subscribe(EVERY_EVENT, _heard)


def _delay() -> float:
    return float(getattr(settings, "VERSIONED_FILES_BUILD_DELAY", 10))


def _heard(name: str, payload: Payload) -> None:
    if name.endswith(".changed") and any(name.startswith(p) for p in _FILES):
        transaction.on_commit(schedule)


def schedule() -> bool:
    """Send one build unless one is already waiting to start; True when sent."""
    global _last_scheduled
    if queue.runs_eagerly():
        return False
    now = time.monotonic()
    if now - _last_scheduled < 1.0:  # this process asked within the last second
        return False
    _last_scheduled = now
    delay = _delay()
    if not cache.add(PENDING, time.time(), timeout=int(delay) + 600):
        return False
    try:
        _send(delay)
    except Exception:  # the broker is down: nothing waits, downloads produce the file
        cache.delete(PENDING)
        log.warning("Could not send the versioned-file build to the task queue.")
        return False
    return True


def _send(delay: float) -> None:
    # by name: core.tasks (the task) imports this module (the work)
    current_app.send_task(TASK, countdown=delay)


def in_progress() -> bool:
    """A build is waiting to start or running: serve the previous version meanwhile."""
    return bool(cache.get_many([PENDING, BUILDING]))


def build() -> list[str]:
    """Write every registered file for the current data version (those already written are
    kept). Returns the paths built. Another build running: try again after the delay."""
    cache.delete(PENDING)
    limit = int(getattr(settings, "CELERY_TASK_TIME_LIMIT", 1800))
    if not cache.add(BUILDING, time.time(), timeout=limit):
        cache.add(PENDING, time.time(), timeout=int(_delay()) + 600)
        _send(_delay())
        return []
    built = []
    try:
        for urls in list(_FILES.values()):
            for url_name, kwargs in urls:
                path = reverse(url_name, kwargs=kwargs)
                request = RequestFactory().get(path)
                request.user = AnonymousUser()
                setattr(request, BUILD_MARKER, True)
                match = resolve(path)
                match.func(request, *match.args, **match.kwargs)
                built.append(path)
    finally:
        cache.delete(BUILDING)
    return built
