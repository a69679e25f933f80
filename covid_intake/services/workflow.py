"""What every intake service shares: a workflow step is validated and saved inside one
transaction with a "transition" row in the suggestion's history."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.changelog import change_context
from core.models import ObjectChange
from covid_intake.choices import OPEN, SuggestionStatus
from covid_intake.models import Suggestion

TRANSITION = ObjectChange.Action.TRANSITION
S = SuggestionStatus


def transition(suggestion: Suggestion, message: str, fields: list[str] | None = None) -> None:
    """Validate and save the suggestion, logged as a workflow transition with `message`."""
    with change_context(action=TRANSITION, message=message):
        suggestion.full_clean()
        suggestion.save(update_fields=[*fields, "updated"] if fields else None)


def open_only(suggestions: list[Suggestion], *, allowed: frozenset | set = OPEN) -> None:
    """Refuse the change when any of the suggestions is not in one of the `allowed` states."""
    closed = [s.reference for s in suggestions if s.status not in allowed]
    if closed:
        raise ValidationError(
            {"suggestions": _("Not open for this change: %(refs)s.") % {"refs": ", ".join(closed)}}
        )
