"""Reporting screens: rounds (office and owners), the portfolio at a glance, the report."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.utils.translation import gettext as _


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def attach_errors(form: Form, exc: ValidationError) -> None:
    """A service's field errors beside the form's fields (others at the top)."""
    items: Any = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for field, errors in items:
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def since_sections() -> list[tuple[str, str]]:
    return [
        ("new_red", _("New red measures")),
        ("improved", _("Improved")),
        ("end_moved", _("Forecast end date moved")),
        ("cost_up", _("Cost forecast up more than 10 %")),
    ]
