"""Celery tasks: thin, take `*_pk` kwargs, call a service. Beat runs `send_round_reminders`
daily (config/celery.py); each reminder is sent once however often it runs."""

from __future__ import annotations

from celery import shared_task

from core.changelog import change_context
from reporting import services
from reporting.choices import RoundState
from reporting.models import ReportingRound


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_round_reminders(*, round_pk: int | None = None) -> int:
    """Remind owners in every open round (or one round) who have not reported."""
    rounds = ReportingRound.objects.filter(state=RoundState.OPEN)
    if round_pk is not None:
        rounds = rounds.filter(pk=round_pk)
    sent = 0
    with change_context(message="reporting reminders"):
        for round_ in rounds:
            sent += len(services.reminders_send(round_=round_))
    return sent
