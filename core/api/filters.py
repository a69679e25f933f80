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
INTEGER = re.compile(r"[+-]?\d+")  # after str.strip(), which also strips \x1c-\x1f


def check_numbers(values: dict[str, list[str]]) -> None:
    errors = {
        name: [_("The number is out of range.")]
        for name, items in values.items()
        if any(INTEGER.fullmatch(v.strip()) and abs(int(v.strip())) > INT64 for v in items)
    }
    if errors:
        raise exceptions.ValidationError(errors, code="out_of_range")


def check_filter_input(request: Any, filterset_class: Any) -> None:
    """The checks above, for the query parameters `filterset_class` reads (a 400 naming them)."""
    check_numbers({k: request.query_params.getlist(k) for k in request.query_params})
    if filterset_class is None:
        return
    empty = {}
    for name, flt in filterset_class.base_filters.items():
        values = request.query_params.getlist(name)
        if values and "" in values and not issubclass(flt.field_class, forms.CharField):
            empty[name] = [_("Give a value, or leave the parameter out.")]
        elif isinstance(flt, BooleanFilter) and set(values) - {"true", "false"}:
            empty[name] = [_("Use true or false.")]
    if empty:
        raise exceptions.ValidationError(empty, code="required")


def filter_by_query(request: Any, filterset_class: Any, queryset: Any) -> Any:
    """`queryset` filtered by the request's query parameters as the filter backend would, for
    views that filter without it (an analysis over the filtered items)."""
    check_filter_input(request, filterset_class)
    filterset = filterset_class(request.query_params, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise exceptions.ValidationError(filterset.errors)
    return filterset.qs


class FilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        try:
            check_numbers({k: [str(v)] for k, v in (getattr(view, "kwargs", None) or {}).items()})
        except exceptions.ValidationError as exc:  # an id that cannot exist
            raise exceptions.NotFound() from exc
        check_filter_input(request, self.get_filterset_class(view, queryset))
        return super().filter_queryset(request, queryset, view)


class IntegerFilter(NumberFilter):
    """A filter on an id or count: whole numbers only (django-filter's NumberFilter takes 0.5)."""

    field_class = forms.IntegerField
