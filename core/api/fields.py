"""Serializer fields with stricter input than DRF's defaults."""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework import serializers

from core.api.parsers import NUL, NULL_CHARACTERS


class StrictManyRelatedField(serializers.ManyRelatedField):
    """A to-many relation takes a JSON list; DRF alone would accept an object (its keys)."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, list | tuple):
            self.fail("not_a_list", input_type=type(data).__name__)
        return super().to_internal_value(data)


class StrictManyMixin:
    @classmethod
    def many_init(cls, *args: Any, **kwargs: Any) -> Any:
        field = super().many_init(*args, **kwargs)  # type: ignore[misc]
        field.__class__ = StrictManyRelatedField
        return field


class SlugListField(StrictManyMixin, serializers.SlugRelatedField):
    """Looks entries up by text; a text PostgreSQL cannot hold (NUL) is refused before the
    lookup (a form-encoded body does not pass the JSON parser's check)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and NUL in data:
            raise serializers.ValidationError(NULL_CHARACTERS, code="null_characters")
        return super().to_internal_value(data)


class PrimaryKeyListField(StrictManyMixin, serializers.PrimaryKeyRelatedField):
    pass


class StrictStringMixin:
    """Text fields take JSON strings only: DRF alone turns 0 or true into "0" / "True". The
    documented `maxLength` holds for the text as sent: DRF would measure it after trimming
    surrounding white space, accepting a longer text than the contract allows."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid")  # type: ignore[attr-defined]
        limit = getattr(self, "max_length", None)
        if limit is not None and len(data) > limit:
            self.fail("max_length", max_length=limit)  # type: ignore[attr-defined]
        return super().to_internal_value(data)  # type: ignore[misc]


class StrictCharField(StrictStringMixin, serializers.CharField):
    pass


class StrictEmailField(StrictStringMixin, serializers.EmailField):
    pass


class StrictSlugField(StrictStringMixin, serializers.SlugField):
    pass


class StrictURLField(StrictStringMixin, serializers.URLField):
    pass


def use_strict_text_fields() -> None:
    """Make ModelSerializer map text model fields to the strict fields above."""
    mapping = serializers.ModelSerializer.serializer_field_mapping
    mapping[models.CharField] = StrictCharField
    mapping[models.TextField] = StrictCharField
    mapping[models.EmailField] = StrictEmailField
    mapping[models.SlugField] = StrictSlugField
    mapping[models.URLField] = StrictURLField
