"""Who may see and do what in the suggestion intake: the only place these rules are written.

Suggestions carry personal data of the people who send them (name, e-mail, organisation).
Seeing a suggestion and seeing its sender are two rules: the office, the steering group, the
assigned working groups and (for what came in through the API) integrators see suggestions,
but only the office (signed in, not through a token) sees who sent them: in pages, API,
exports, webhooks and history alike (data minimisation).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from core.policy import sees_everything
from covid_intake.choices import SuggestionSource, SuggestionStatus
from covid_intake.models import Suggestion, WorkingGroup
from people.roles import INTEGRATOR, STEERING_GROUP, WORKING_GROUP, has_role, is_office

__all__ = [
    "PERSONAL_FIELDS",
    "visible_suggestions",
    "can_open_intake_pages",
    "can_use_intake_api",
    "can_see_personal_data",
    "can_submit_via_api",
    "can_import_mailbox",
    "can_triage",
    "can_assess",
    "can_complete_assessment",
    "can_decide",
    "can_promote",
    "is_member",
]

# The sender's data: shown only where `can_see_personal_data` says so.
PERSONAL_FIELDS = ("submitter_name", "submitter_email", "submitter_organisation")

S = SuggestionStatus


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _sees_all_suggestions(user: Any, token: Any) -> bool:
    return token is None and (is_office(user) or has_role(user, STEERING_GROUP))


def is_member(user: Any, group: WorkingGroup | None) -> bool:
    if group is None or not _signed_in(user):
        return False
    cache = getattr(user, "_intake_group_ids", None)
    if cache is None:
        cache = set(user.intake_working_groups.values_list("id", flat=True))
        user._intake_group_ids = cache
    return group.pk in cache


# --- seeing ------------------------------------------------------------------------------


def visible_suggestions(user: Any, token: Any = None) -> QuerySet[Suggestion]:
    """Office and steering group (signed in): all. Assessors: what is assigned to their
    groups. Integrators and tokens: what came in through the API. Everyone else: nothing."""
    if not _signed_in(user):
        return Suggestion.objects.none()
    if _sees_all_suggestions(user, token):
        return Suggestion.objects.all()
    if token is None and has_role(user, WORKING_GROUP):
        return Suggestion.objects.filter(working_group__members=user)
    if token is not None or has_role(user, INTEGRATOR):
        return Suggestion.objects.filter(source=SuggestionSource.API)
    return Suggestion.objects.none()


def can_open_intake_pages(user: Any, token: Any = None) -> bool:
    """The staff pages of the intake (board, list, detail, steps)."""
    return _signed_in(user) and (
        is_office(user) or has_role(user, STEERING_GROUP) or has_role(user, WORKING_GROUP)
    )


def can_use_intake_api(user: Any, token: Any = None) -> bool:
    """The intake API needs a login or a token; `visible_suggestions` scopes what is seen."""
    return _signed_in(user)


def can_see_personal_data(user: Any, token: Any = None) -> bool:
    """Name, e-mail and organisation of senders: the office only, never through a token."""
    return token is None and sees_everything(user, token)


# --- doing -------------------------------------------------------------------------------


def can_submit_via_api(user: Any, token: Any = None) -> bool:
    if token is not None:
        return token.can_write
    return is_office(user)


def can_import_mailbox(user: Any, token: Any = None) -> bool:
    return user is None or is_office(user)


def can_triage(user: Any, token: Any = None) -> bool:
    """Categorise, assign, merge, flag overlaps: the office."""
    return _signed_in(user) and sees_everything(user, token)


def can_assess(user: Any, suggestion: Suggestion, token: Any = None) -> bool:
    return suggestion.status in {S.IN_ASSESSMENT, S.ASSESSED} and is_member(
        user, suggestion.working_group
    )


def can_complete_assessment(user: Any, suggestion: Suggestion, token: Any = None) -> bool:
    return can_triage(user, token) or is_member(user, suggestion.working_group)


def can_decide(user: Any, token: Any = None) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_role(user, STEERING_GROUP)


def can_promote(user: Any, token: Any = None) -> bool:
    """Registering a measure for any actor is the office's right in the portfolio."""
    return can_triage(user, token)
