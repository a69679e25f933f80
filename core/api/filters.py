"""The API's filter backend: django-filter, plus input checks the database must not see.

- A number beyond 64 bits is a 400 in a filter and a 404 in the URL, not a database overflow.
- A boolean filter takes `true` or `false`, nothing else.
- An empty value for a non-text filter (`?start_after=`) is a 400: the contract says a date,
  a number or one of the codes. The UI's forms, which send empty fields, are not affected.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django_filters import BooleanFilter, NumberFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions

INT64 = 2**63 - 1
INTEGER = re.compile(r"^[+-]?\d+$")


def check_numbers(values: dict[str, list[str]]) -> None:
    errors = {
        name: [_("The number is out of range.")]
        for name, items in values.items()
        if any(INTEGER.match(v.strip()) and abs(int(v)) > INT64 for v in items)
    }
    if errors:
        raise exceptions.ValidationError(errors, code="out_of_range")


class FilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        check_numbers({k: request.query_params.getlist(k) for k in request.query_params})
        try:
            check_numbers({k: [str(v)] for k, v in (getattr(view, "kwargs", None) or {}).items()})
        except exceptions.ValidationError as exc:  # an id that cannot exist
            raise exceptions.NotFound() from exc
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            empty = {}
            for name, flt in filterset_class.base_filters.items():
                values = request.query_params.getlist(name)
                if values and "" in values and not issubclass(flt.field_class, forms.CharField):
                    empty[name] = [_("Give a value, or leave the parameter out.")]
                elif isinstance(flt, BooleanFilter) and set(values) - {"true", "false"}:
                    empty[name] = [_("Use true or false.")]
            if empty:
                raise exceptions.ValidationError(empty, code="required")
        return super().filter_queryset(request, queryset, view)


class IntegerFilter(NumberFilter):
    """A filter on an id or count: whole numbers only (django-filter's NumberFilter takes 0.5)."""

    field_class = forms.IntegerField
