"""Core services: the change log, integrator tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils import timezone

from core.access import integrator_role
from core.changelog import current_change_context
from core.events import emit
from core.models import ChangeLoggedModel, IntegratorToken, ObjectChange, jsonable
from core.policy import token_related


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
        version=ctx.version if ctx.version is not None else version_of(instance),
    )
    emit(changed_event(instance), changed_payload(instance, change, parent))
    return change


def version_of(instance: models.Model) -> int | None:
    """The version a change is logged at when the change context names none: the object's
    own `version` field (a versioned object's save), else none."""
    try:
        field = instance._meta.get_field("version")
    except FieldDoesNotExist:
        return None
    value = getattr(instance, field.attname, None)
    return value if isinstance(value, int) else None


def fields_changed_since(instance: models.Model, version: int) -> list[str]:
    """Fields changed by saves that made a version newer than `version` (edit conflicts);
    a child's fields (budget lines) are prefixed with the relation name, e.g.
    `budget_lines.planned`."""
    fields: set[str] = set()
    for change in history_for(instance).filter(version__gt=version):
        prefix = ""
        if change.parent_object_id:
            prefix = _child_prefix(instance, change.content_type.model_class())
        fields.update(f"{prefix}{key}" for key in (change.changes or {}))
    return sorted(fields)


def _child_prefix(instance: models.Model, child: Any) -> str:
    for rel in instance._meta.related_objects:
        if rel.related_model is child:
            return f"{rel.get_accessor_name()}."
    return f"{child._meta.model_name}." if child is not None else ""


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


def log_fields(
    instance: models.Model,
    *,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> ObjectChange | None:
    """Log a change of a model that is not a ChangeLoggedModel (tokens, webhook subscriptions,
    users): the fields named in `before`/`after`, as stored values; nothing if none changed."""
    before, after = before or {}, after or {}
    names = [*before, *(k for k in after if k not in before)]
    changes = {
        k: [jsonable(before.get(k)), jsonable(after.get(k))]
        for k in names
        if before.get(k) != after.get(k)
    }
    if not changes and action == ObjectChange.Action.UPDATE:
        return None
    return record_change(instance, action=action, changes=changes)


def fields_of(instance: models.Model, names: list[str]) -> dict[str, Any]:
    """`names` of `instance` as the change log stores them (foreign keys by id)."""
    return {n: getattr(instance, instance._meta.get_field(n).attname) for n in names}


TOKEN_LOGGED = ["name", "user", "scope", "rate_limit", "revoked"]


@transaction.atomic
def token_create(
    *,
    name: str,
    user: Any,
    scope: str,
    created_by: Any,
    rate_limit: str = "1000/hour",
) -> tuple[IntegratorToken, str]:
    """Create a token; returns it with the clear key, which is never stored or shown again."""
    key = IntegratorToken.new_key()
    token = IntegratorToken(
        name=name,
        user=user,
        scope=scope,
        rate_limit=rate_limit,
        created_by=created_by,
        prefix=key[:8],
        key_hash=IntegratorToken.hash_key(key),
    )
    token.full_clean()
    token.save()
    log_fields(token, action=ObjectChange.Action.CREATE, after=fields_of(token, TOKEN_LOGGED))
    return token, key


@transaction.atomic
def token_revoke(*, token: IntegratorToken) -> IntegratorToken:
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
        log_fields(
            token,
            action=ObjectChange.Action.UPDATE,
            before={"revoked": None},
            after={"revoked": token.revoked},
        )
    return token


def token_authenticate(key: str) -> IntegratorToken | None:
    token = (
        IntegratorToken.objects.select_related("user", *token_related())
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
    user = get_user_model()(username=username)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    group = Group.objects.get_or_create(name=integrator_role())[0]
    user.groups.add(group)
    log_fields(
        user,
        action=ObjectChange.Action.CREATE,
        after={"username": user.username, "is_active": user.is_active, "groups": [group.pk]},
    )
    return user
