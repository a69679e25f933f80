"""What the intake's staff views share: the access check and putting service errors on a
form or in the messages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from core.policy import policy_view
from covid_intake import policies

staff_required = policy_view(policies.can_open_intake_pages, login=True)


def _items(exc: ValidationError) -> Any:
    return exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]


def attach_errors(form: Any, exc: ValidationError) -> None:
    """A service's errors on the form, on the field they name when the form has it."""
    for field, errors in _items(exc):
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def message_errors(request: HttpRequest, exc: ValidationError) -> None:
    """A service's errors as messages (for actions without a form of their own)."""
    for _field, errors in _items(exc):
        for error in errors:
            messages.error(request, error)
