"""Filter forms people can use: multi-selects become checkbox lists (no Ctrl-click), and a
summary of the active filters in words. Works on any django-filter FilterSet's form."""

from __future__ import annotations

from typing import Any

from django import forms
from django_filters import DateFilter

from core.widgets import date_picker


def checkbox_lists(form: forms.Form) -> None:
    """Turn every multiple-choice select into a list of checkboxes, keeping its choices."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.SelectMultiple) and not isinstance(
            widget, forms.CheckboxSelectMultiple
        ):
            new = forms.CheckboxSelectMultiple(attrs={"class": "ds-input"})
            new.choices = widget.choices
            field.widget = new
        elif not isinstance(widget, forms.CheckboxSelectMultiple):
            widget.attrs.setdefault("class", "ds-input")


def active_filters(form: forms.Form, skip: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """[{"name", "label", "values": [choice labels or the typed text]}] for the filters that
    are set in the form's data, in the form's order."""
    data = getattr(form, "data", None) or {}
    out = []
    for name, field in form.fields.items():
        if name in skip:
            continue
        if hasattr(data, "getlist"):
            raw = [v for v in data.getlist(name) if v not in ("", None)]
        else:
            value = data.get(name)
            raw = [] if value in ("", None) else [value]
        if not raw:
            continue
        choices = getattr(field, "choices", None)
        if choices is not None:
            labels = {str(getattr(k, "value", k)): str(v) for k, v in choices}
            if isinstance(field, forms.NullBooleanField):
                labels = {"true": "✓", "True": "✓", "false": "✗", "False": "✗"} | labels
            values = [labels.get(str(v), str(v)) for v in raw]
        else:
            values = [str(v) for v in raw]
        out.append({"name": name, "label": str(field.label or name), "values": values})
    return out


def date_from(field_name: str, label: Any, *, of_datetime: bool = False) -> DateFilter:
    """A "on or after" date filter with the date picker (`of_datetime`: the field holds a time)."""
    lookup = "date__gte" if of_datetime else "gte"
    return DateFilter(field_name=field_name, lookup_expr=lookup, label=label, widget=date_picker())


def date_until(field_name: str, label: Any, *, of_datetime: bool = False) -> DateFilter:
    """A "on or before" date filter with the date picker (`of_datetime`: the field holds a time)."""
    lookup = "date__lte" if of_datetime else "lte"
    return DateFilter(field_name=field_name, lookup_expr=lookup, label=label, widget=date_picker())
