"""Celery app. Without REDIS_URL the tasks run in-process (CELERY_TASK_ALWAYS_EAGER)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("ehelse")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Nightly: recompute every score, so a lost message or a missed signal heals itself.
app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    "scoring-nightly-recompute": {
        "task": "scoring.tasks.recompute_scores",
        "schedule": crontab(hour=2, minute=30),
    },
    # A job whose worker died is sent again within two minutes (heartbeat on the job row).
    "scoring-requeue-stale-jobs": {"task": "scoring.tasks.requeue_stale_jobs", "schedule": 30.0},
    # The worker fleet's heartbeat for the readiness check (/health/ready/).
    "core-worker-heartbeat": {"task": "core.tasks.worker_heartbeat", "schedule": 30.0},
    "core-purge-idempotency-keys": {
        "task": "core.tasks.purge_idempotency_keys",
        "schedule": crontab(minute=15),
    },
    # Daily: remind owners who have not reported (each reminder is sent once).
    "reporting-round-reminders": {
        "task": "reporting.tasks.send_round_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
}
