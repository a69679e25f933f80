"""The actors a person speaks for, as a field of the office's user pages (people.extensions)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from people.extensions import PersonField, register
from portfolio.models import Actor


def _field() -> forms.Field:
    return forms.ModelMultipleChoiceField(
        label=_("Speaks for actors"),
        queryset=Actor.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def _save(person: Any, actors: Any) -> tuple[list[int], list[int]]:
    before = sorted(person.actors.values_list("pk", flat=True))
    person.actors.set(actors)
    return before, sorted(a.pk for a in actors)


def _describe(person: Any) -> str:
    return ", ".join(a.short_name for a in person.actors.all())


def register_person_fields() -> None:
    register(
        PersonField(
            name="actors",
            label=_("Actors"),
            field=_field,
            initial=lambda person: list(person.actors.all()),
            save=_save,
            describe=_describe,
            prefetch="actors",
        )
    )
