"""Test-only Celery app for the services tests: the project's app, with kombu sweeping
unacknowledged messages every second (by default it sweeps every ~100 s), so a message of a
killed worker is redelivered soon after CELERY_VISIBILITY_TIMEOUT."""

from config.celery import app

app.conf.broker_transport_options = {
    **(app.conf.broker_transport_options or {}),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}

__all__ = ["app"]
