"""The task queue (Celery's broker): check it before starting background work, and send
tasks after commit without ever failing the request that asked for them.

Background work that a user starts (a recompute, the optimiser) checks the broker first
(`require_broker`), before anything is written: with the broker down the request answers 503
(`BrokerUnavailable`) and writes nothing. A send that fails anyway after the commit is logged;
the job row stays queued and `scoring.tasks.requeue_stale_jobs` sends it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from celery import current_app
from django.db import transaction
from django.utils.translation import gettext_lazy as _lazy

from core.api.errors import ServiceUnavailable

log = logging.getLogger(__name__)
PING_TIMEOUT_SECONDS = 2.0


class BrokerUnavailable(ServiceUnavailable):
    default_detail = _lazy(
        "Background work cannot be started right now: the task queue is unreachable. "
        "Nothing was changed. Try again in a minute."
    )
    default_code = "broker_unavailable"


def _app() -> Any:
    """The project's Celery app (config.celery sets itself as the current app; core does not
    import config)."""
    return current_app


def runs_eagerly() -> bool:
    """Tasks run in-process (no REDIS_URL, tests): no broker, no worker."""
    return bool(_app().conf.task_always_eager)


def broker_available() -> bool:
    """True when the broker accepts a connection now (always True when tasks run eagerly)."""
    app = _app()
    if app.conf.task_always_eager:
        return True
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=PING_TIMEOUT_SECONDS)
    except Exception as exc:  # any transport error means "not now"
        log.warning("Task queue unreachable: %s", exc)
        return False
    return True


def require_broker() -> None:
    """Raise BrokerUnavailable (503, `Retry-After`) unless the broker is reachable."""
    if not broker_available():
        raise BrokerUnavailable()


def send_on_commit(send: Callable[[], Any], what: str) -> None:
    """Call `send` after the current transaction commits; a failure is logged, not raised
    (the work is recorded in the database and is sent again by a periodic task or the nightly
    run)."""

    def guarded() -> None:
        try:
            send()
        except Exception:
            if _app().conf.task_always_eager:
                raise  # in-process: the task itself failed, not the queue
            log.warning("Could not send %s to the task queue; it will be sent again.", what)

    transaction.on_commit(guarded)
