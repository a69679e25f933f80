"""Core Celery tasks: thin, take `*_pk` kwargs, call a service."""

from __future__ import annotations

from celery import shared_task

from core import versioned_build
from core.heartbeat import worker_seen
from core.idempotency import purge_expired
from core.models import WebhookDelivery
from core.webhooks import DeliveryFailed, delivery_attempt

MAX_RETRIES = 6


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(DeliveryFailed,),
    retry_backoff=True,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
)
def deliver_webhook(self, *, delivery_pk: int) -> str:  # type: ignore[no-untyped-def]
    delivery = WebhookDelivery.objects.select_related("subscription").filter(pk=delivery_pk).first()
    if delivery is None or delivery.status in {
        WebhookDelivery.Status.DELIVERED,
        WebhookDelivery.Status.FAILED,
    }:
        return "nothing to do"
    if not delivery.subscription.active:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.FAILED, error="Subscription deactivated."
        )
        return "subscription inactive"
    final = self.request.retries >= MAX_RETRIES
    delivery_attempt(delivery=delivery, final=final)
    return "delivered"


@shared_task(ignore_result=True, expires=60)
def worker_heartbeat() -> None:
    """Run by a worker every 30 s (beat): the readiness check sees the workers are alive."""
    worker_seen()


@shared_task(ignore_result=True)
def purge_idempotency_keys() -> int:
    """Hourly (beat): stored answers to `Idempotency-Key` requests are kept for a day."""
    return purge_expired()


@shared_task(acks_late=True)
def build_versioned_files() -> list[str]:
    """The open-data files (and any other registered versioned file) for the current data
    version, built once after a burst of writes (core.versioned_build)."""
    return versioned_build.build()
