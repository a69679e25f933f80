"""Staff and member UI for committees and meetings (the public pages are in views.public)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest

from committees import policies, selectors
from committees.models import Meeting


def visible_meeting(request: HttpRequest, pk: int) -> Meeting:
    """A meeting the caller may see; anyone else gets a 404 (not a hint that it exists)."""
    meeting = selectors.meeting_list(request.user).filter(pk=pk).first()
    if meeting is None or not policies.can_see_meeting(request.user, meeting):
        raise Http404("No such meeting.")
    return meeting


def errors_to_form(form: Form, exc: ValidationError, rename: dict[str, str] | None = None) -> None:
    """Put a service's errors beside the form's fields (renamed where the form differs)."""
    rename = rename or {}
    mapping: dict[str, Any] = (
        exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    )
    for field, messages in mapping.items():
        name = rename.get(field, field) if field else None
        if name not in form.fields:
            name = None
        for message in messages:
            form.add_error(name, message)
