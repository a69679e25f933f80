"""Person fields that apps above `people` add to the user pages (e.g. portfolio's "speaks
for actors"), registered in their `AppConfig.ready`; people never imports them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms


@dataclass(frozen=True)
class PersonField:
    name: str
    label: Any
    field: Callable[[], forms.Field]  # the form field (made per form)
    initial: Callable[[Any], Any]  # the person's current value, for the form
    save: Callable[[Any, Any], tuple[Any, Any]]  # set the value; returns (before, after) to log
    describe: Callable[[Any], str]  # the value as the list of people shows it
    prefetch: str = ""  # what the list prefetches for `describe`


_FIELDS: dict[str, PersonField] = {}


def register(field: PersonField) -> None:
    _FIELDS[field.name] = field


def person_fields() -> list[PersonField]:
    return list(_FIELDS.values())
