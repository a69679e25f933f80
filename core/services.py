"""Core services: the change log, integrator tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from core.changelog import current_change_context
from core.events import emit
from core.models import ChangeLoggedModel, IntegratorToken, ObjectChange


def record_change(
    instance: models.Model,
    *,
    action: str,
    changes: dict[str, Any] | None = None,
    message: str = "",
) -> ObjectChange:
    """Append one history row, attributed from the current change context, and tell whoever
    listens (`core.events`) that `<app_label>.<model_name>.changed`."""
    ctx = current_change_context()
    parent = instance.change_parent() if isinstance(instance, ChangeLoggedModel) else None
    user = ctx.user if getattr(ctx.user, "pk", None) else None
    change = ObjectChange.objects.create(
        user=user,
        user_name=getattr(user, "username", "") if user else "",
        token=ctx.token,
        request_id=ctx.request_id,
        action=ctx.action
        if ctx.action and (ctx.action_for_all or action == ObjectChange.Action.UPDATE)
        else action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        parent_content_type=ContentType.objects.get_for_model(parent) if parent else None,
        parent_object_id=str(parent.pk) if parent else "",
        changes=changes or {},
        message=message or ctx.message,
    )
    emit(changed_event(instance), changed_payload(instance, change, parent))
    return change


def changed_event(instance: models.Model) -> str:
    """The event every logged change of a model emits, e.g. `portfolio.budgetline.changed`."""
    return f"{instance._meta.label_lower}.changed"


def changed_payload(
    instance: models.Model, change: ObjectChange, parent: models.Model | None
) -> dict[str, Any]:
    return {
        "pk": instance.pk,
        "action": change.action,
        "fields": sorted(change.changes) if isinstance(change.changes, dict) else [],
        "parent": parent._meta.label_lower if parent is not None else None,
        "parent_pk": parent.pk if parent is not None else None,
    }


def history_for(instance: models.Model) -> models.QuerySet[ObjectChange]:
    """Changes to the object itself and to its children (budget lines, status reports …)."""
    ct = ContentType.objects.get_for_model(instance)
    pk = str(instance.pk)
    return (
        ObjectChange.objects.filter(
            models.Q(content_type=ct, object_id=pk)
            | models.Q(parent_content_type=ct, parent_object_id=pk)
        )
        .select_related("content_type", "user", "token")
        .order_by("-time", "-id")
    )


@transaction.atomic
def token_create(
    *,
    name: str,
    user: Any,
    scope: str,
    created_by: Any,
    actor: Any = None,
    rate_limit: str = "1000/hour",
) -> tuple[IntegratorToken, str]:
    """Create a token; returns it with the clear key, which is never stored or shown again."""
    key = IntegratorToken.new_key()
    token = IntegratorToken(
        name=name,
        user=user,
        scope=scope,
        actor=actor,
        rate_limit=rate_limit,
        created_by=created_by,
        prefix=key[:8],
        key_hash=IntegratorToken.hash_key(key),
    )
    token.full_clean()
    token.save()
    return token, key


def token_revoke(*, token: IntegratorToken) -> IntegratorToken:
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
    return token


def token_authenticate(key: str) -> IntegratorToken | None:
    token = (
        IntegratorToken.objects.select_related("user", "actor")
        .filter(key_hash=IntegratorToken.hash_key(key), revoked__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used is None or (now - token.last_used).total_seconds() > 60:
        IntegratorToken.objects.filter(pk=token.pk).update(last_used=now)
    return token


@transaction.atomic
def integrator_user_create(*, username: str) -> Any:
    """A login-less user for a system: no usable password, member of the integrator group."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from core.roles import INTEGRATOR

    user = get_user_model()(username=username)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.add(Group.objects.get_or_create(name=INTEGRATOR)[0])
    return user
