"""Field labels for messages: an error names a field as the page does ("Startdato"), never by
its code (`start_date`)."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst


def field_label(model: type[models.Model] | models.Model, name: str | None) -> str:
    """The label of a model field or reverse relation; "" for non-field errors and unknown
    names (the message then stands alone)."""
    if not name or name == NON_FIELD_ERRORS:
        return ""
    try:
        field = model._meta.get_field(name.split(".")[-1])
    except FieldDoesNotExist:
        return ""
    if field.auto_created and not field.concrete:  # a reverse relation: budget_lines
        return capfirst(str(field.related_model._meta.verbose_name_plural))
    return capfirst(str(field.verbose_name))


def labelled(model: type[models.Model] | models.Model, name: str | None, message: str) -> str:
    """ "Startdato: Oppgi en startdato …" — or the message alone when it names no field."""
    label = field_label(model, name)
    return f"{label}: {message}" if label else message
