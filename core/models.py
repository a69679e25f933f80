"""Shared base model and the change log every domain model writes to."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.validators import (
    TEXT_MAX_LENGTH,
    validate_rate_limit,
    validate_text_length,
    validate_webhook_url,
)


def jsonable(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if hasattr(value, "name") and hasattr(value, "url"):  # FieldFile
        return value.name or None
    return value


_jsonable = jsonable  # the former name


class ChangeLoggedModel(models.Model):
    """Base for every domain model: timestamps, and a change log entry for every save that
    names exactly which fields changed (old -> new). The "before" is read from the database
    just before a save (core.signals), so loading rows costs nothing extra."""

    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    change_log_exclude: tuple[str, ...] = ("created", "updated")
    # Every editable long text field holds at most this many characters (docs/api.md).
    text_max_length: int = TEXT_MAX_LENGTH

    class Meta:
        abstract = True

    def clean_fields(self, exclude: Any = None) -> None:
        """Django's checks, plus the maximum length of long text fields (TextField has no
        limit of its own, so a 2 MB "purpose" would otherwise be accepted)."""
        errors: dict[str, list[ValidationError]] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.error_dict
        for f in self._meta.concrete_fields:
            if not isinstance(f, models.TextField) or not f.editable or f.name in errors:
                continue
            if exclude and f.name in exclude:
                continue
            try:
                validate_text_length(getattr(self, f.attname), self.text_max_length)
            except ValidationError as exc:
                errors[f.name] = exc.error_list
        if errors:
            raise ValidationError(errors)

    def logged_fields(self, only: Any = None) -> list[models.Field]:
        """The concrete fields the change log follows (loaded ones; `only` limits by name)."""
        return [
            f
            for f in self._meta.concrete_fields
            if f.name not in self.change_log_exclude
            and f.attname in self.__dict__
            and (only is None or f.name in only or f.attname in only)
        ]

    def change_snapshot(self, only: Any = None) -> dict[str, Any]:
        """The logged fields' values as stored in the change log (JSON-able)."""
        return {f.name: jsonable(getattr(self, f.attname)) for f in self.logged_fields(only)}

    def stored_snapshot(self, only: Any = None) -> dict[str, Any]:
        """The same fields as the database holds them now (one query; {} for a new row)."""
        fields = self.logged_fields(only)
        if self.pk is None or not fields:
            return {}
        row = (
            type(self)
            ._base_manager.using(self._state.db or "default")
            .filter(pk=self.pk)
            .values(*(f.attname for f in fields))
            .first()
        )
        if row is None:
            return {}
        return {f.name: jsonable(row[f.attname]) for f in fields}

    def change_parent(self) -> models.Model | None:
        """The object whose history this change also belongs to (a measure for a budget line)."""
        return None


class ObjectChange(models.Model):
    """One row per create, update, delete, transition, import or bulk change."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        DELETE = "delete", _("Deleted")
        TRANSITION = "transition", _("Transition")
        IMPORT = "import", _("Imported")
        BULK = "bulk", _("Bulk change")

    time = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_name = models.CharField(max_length=150, blank=True)
    token = models.ForeignKey(
        "core.IntegratorToken", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    request_id = models.UUIDField(db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    changed_object = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(max_length=300)
    parent_content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    parent_object_id = models.CharField(max_length=64, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    # The version of the object (or of its parent, for a budget line) this change made or
    # was made at: conflict detection asks "what changed after version N" from this field.
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["parent_content_type", "parent_object_id"]),
        ]
        verbose_name = _("change")
        verbose_name_plural = _("changes")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"


class IntegratorToken(models.Model):
    """An API token for an integrator system. Only a hash is stored; the key is shown once.
    Apps above core may limit a token (portfolio: to one actor, `portfolio.TokenActor`)
    through `core.policy.TokenLimit` and `core.forms.TokenOption`."""

    class Scope(models.TextChoices):
        READ = "read", _("Read")
        READ_WRITE = "read_write", _("Read and write")

    name = models.CharField(_("name"), max_length=120)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="integrator_tokens"
    )
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices, default=Scope.READ)
    rate_limit = models.CharField(
        _("rate limit"), max_length=20, default="1000/hour", validators=[validate_rate_limit]
    )
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("integrator token")
        verbose_name_plural = _("integrator tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked is None

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)


class WebhookEvent(models.TextChoices):
    MEASURE_CREATED = "measure.created", _("Measure created")
    MEASURE_UPDATED = "measure.updated", _("Measure updated")
    MEASURE_TRANSITIONED = "measure.transitioned", _("Measure transitioned")
    SUGGESTION_DECIDED = "suggestion.decided", _("Suggestion decided")
    SCORE_JOB_FINISHED = "score_job.finished", _("Score job finished")
    REPORTING_ROUND_OPENED = "reporting_round.opened", _("Reporting round opened")
    REPORTING_ROUND_CLOSED = "reporting_round.closed", _("Reporting round closed")
    PORTFOLIO_REPORT_PUBLISHED = "portfolio_report.published", _("Portfolio report published")
    COMMITTEE_AGENDA_PUBLISHED = "committee.agenda_published", _("Committee agenda published")
    COMMITTEE_MINUTES_PUBLISHED = "committee.minutes_published", _("Committee minutes published")
    COMMITTEE_DECISION_RECORDED = "committee.decision_recorded", _("Committee decision recorded")


class WebhookSubscription(models.Model):
    """An integrator's endpoint that is told about events. The secret signs every delivery."""

    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(_("URL"), max_length=500, validators=[validate_webhook_url])
    secret = models.CharField(_("secret"), max_length=64, editable=False)
    events = models.JSONField(_("events"), default=list)
    active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return f"{self.name} ({self.url})"

    def clean(self) -> None:
        unknown = [e for e in self.events or [] if e not in WebhookEvent.values]
        if not self.events or unknown:
            raise ValidationError(
                {"events": _("Choose one or more of: %s.") % ", ".join(WebhookEvent.values)}
            )

    @staticmethod
    def new_secret() -> str:
        return secrets.token_hex(32)


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one subscription, with its outcome."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        RETRYING = "retrying", _("Retrying")
        FAILED = "failed", _("Failed")

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField(_("payload"), default=dict)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_attempt = models.DateTimeField(_("last attempt"), null=True, blank=True)
    delivered = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription_id} ({self.status})"


class DataVersion(models.Model):
    """A counter per data area (e.g. "portfolio"), bumped by database triggers on every write
    to the area's tables (core.data_version), so a figure cached under it can never outlive
    the data it was computed from, whatever wrote the data (ORM, import, raw SQL, COPY)."""

    key = models.CharField(primary_key=True, max_length=40)
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.key}: {self.version}"


class IdempotencyKey(models.Model):
    """The answer to an API POST or PATCH sent with an `Idempotency-Key` header, kept for a
    day, so that an integrator that retries after a lost answer gets the first answer again
    instead of applying the change twice (core.idempotency). Saved in the same transaction
    as the change itself."""

    owner = models.CharField(max_length=64)
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.BinaryField(default=b"")
    response_headers = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="idempotency_key_per_owner")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.status_code or 'in progress'})"
