"""Write an ObjectChange for every save, delete and many-to-many change of a change-logged model.

The "before" of an update is read from the database in `pre_save`, only for the object
being saved (and only the fields an `update_fields` save writes): loading rows for a list
takes no snapshot at all.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from core.models import ChangeLoggedModel, ObjectChange
from core.services import record_change


@receiver(pre_save)
def remember_before(
    sender: type, instance: Any, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    if raw or not isinstance(instance, ChangeLoggedModel) or instance._state.adding:
        return
    instance._stored_before = instance.stored_snapshot(update_fields)


@receiver(post_save)
def log_save(
    sender: type,
    instance: Any,
    created: bool,
    raw: bool = False,
    update_fields: Any = None,
    **kwargs: Any,
) -> None:
    if raw or not isinstance(instance, ChangeLoggedModel):
        return
    after = instance.change_snapshot(None if created else update_fields)
    before = {} if created else instance.__dict__.pop("_stored_before", {})
    diff = {k: [before.get(k), v] for k, v in after.items() if created or before.get(k) != v}
    if not diff:
        return
    record_change(
        instance,
        action=ObjectChange.Action.CREATE if created else ObjectChange.Action.UPDATE,
        changes=diff,
    )


@receiver(post_delete)
def log_delete(sender: type, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, ChangeLoggedModel):
        record_change(
            instance,
            action=ObjectChange.Action.DELETE,
            changes={k: [v, None] for k, v in instance.change_snapshot().items()},
        )


@receiver(m2m_changed)
def log_m2m(sender: type, instance: Any, action: str, pk_set: set | None, **kwargs: Any) -> None:
    if not isinstance(instance, ChangeLoggedModel) or action not in {
        "post_add",
        "post_remove",
        "post_clear",
    }:
        return
    field = next((f for f in instance._meta.many_to_many if f.remote_field.through is sender), None)
    if field is None or kwargs.get("reverse"):
        return
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    record_change(
        instance,
        action=ObjectChange.Action.UPDATE,
        changes={field.name: {verb: sorted(pk_set or [])}},
    )
