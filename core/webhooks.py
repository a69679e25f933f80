"""Webhooks: tell subscribed integrators about events, signed, retried, logged.

The apps' services emit events through `core.events.emit(name, payload)` (core imports none
of them). Webhooks hear every event (`core.subscribers` subscribes `"*"` in
`CoreConfig.ready`); for an event whose name is a `WebhookEvent` value, `record_deliveries`
records one delivery row per active subscription and, after the surrounding transaction
commits, the subscriber enqueues `core.tasks.deliver_webhook` for each. The task POSTs the
JSON body with

    X-Signature: sha256=<hex HMAC-SHA256 of the raw body with the subscription's secret>
    X-Event: <event>
    X-Delivery: <delivery id>

and retries with exponential back-off while the receiver fails.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from core.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from core.services import fields_of, log_fields
from core.validators import webhook_target_problem

TIMEOUT_SECONDS = 5


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A receiver's redirect is an answer, not an order: following it could reach an address
    inside our network that the target check refused (a 3xx counts as a failed delivery)."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)
USER_AGENT = "ehelse-portfolio-webhooks/1"


class DeliveryFailed(Exception):
    """The receiver did not answer 2xx; the task retries."""


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, signature: str) -> bool:
    """What a receiver does: recompute and compare in constant time."""
    return hmac.compare_digest(sign(secret, body), signature or "")


def body_of(delivery: WebhookDelivery) -> bytes:
    envelope = {
        "id": delivery.pk,
        "event": delivery.event,
        "created": delivery.created,
        "data": delivery.payload,
    }
    return json.dumps(envelope, cls=DjangoJSONEncoder, separators=(",", ":")).encode()


def record_deliveries(event: str, payload: dict[str, Any]) -> list[WebhookDelivery]:
    """One delivery row for each active subscription to `event` (a `WebhookEvent` value;
    other events are not webhooks and record nothing). Sending is the subscriber's job."""
    if event not in WebhookEvent.values:
        return []
    data = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    deliveries = [
        WebhookDelivery.objects.create(subscription=sub, event=event, payload=data)
        for sub in WebhookSubscription.objects.filter(active=True)
        if event in (sub.events or [])
    ]
    return deliveries


def delivery_attempt(*, delivery: WebhookDelivery, final: bool) -> WebhookDelivery:
    """POST once and log the outcome on the row. Raises DeliveryFailed unless it worked."""
    sub = delivery.subscription
    body = body_of(delivery)
    request = urllib.request.Request(  # noqa: S310 - scheme checked at subscription
        sub.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Event": delivery.event,
            "X-Delivery": str(delivery.pk),
            "X-Signature": sign(sub.secret, body),
        },
    )
    delivery.attempts += 1
    delivery.last_attempt = timezone.now()
    code: int | None = None
    error = ""
    try:
        problem = webhook_target_problem(sub.url)  # again: DNS may have changed
        if problem:
            raise DeliveryFailed(f"Refused: {problem}")
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            code = response.status
    except urllib.error.HTTPError as exc:
        code, error = exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, DeliveryFailed) as exc:
        error = str(getattr(exc, "reason", exc))[:1000]
    delivery.response_code = code
    ok = code is not None and 200 <= code < 300
    if ok:
        delivery.status, delivery.error, delivery.delivered = (
            WebhookDelivery.Status.DELIVERED,
            "",
            timezone.now(),
        )
    else:
        delivery.error = error or f"HTTP {code}"
        delivery.status = (
            WebhookDelivery.Status.FAILED if final else WebhookDelivery.Status.RETRYING
        )
    delivery.save(
        update_fields=["attempts", "last_attempt", "response_code", "status", "error", "delivered"]
    )
    if not ok:
        raise DeliveryFailed(delivery.error)
    return delivery


SUBSCRIPTION_LOGGED = ["name", "url", "events", "active"]


@transaction.atomic
def subscription_create(
    *, name: str, url: str, events: list[str], created_by: Any
) -> tuple[WebhookSubscription, str]:
    """Create a subscription; returns it with its secret (shown to the office once)."""
    sub = WebhookSubscription(
        name=name,
        url=url,
        events=list(events),
        created_by=created_by,
        secret=WebhookSubscription.new_secret(),
    )
    sub.full_clean()
    sub.save()
    log_fields(sub, action="create", after=fields_of(sub, SUBSCRIPTION_LOGGED))
    return sub, sub.secret


@transaction.atomic
def subscription_deactivate(*, subscription: WebhookSubscription) -> WebhookSubscription:
    if subscription.active:
        subscription.active = False
        subscription.save(update_fields=["active"])
        log_fields(subscription, action="update", before={"active": True}, after={"active": False})
    return subscription
