from django.db import models
from django.utils.translation import gettext_lazy as _


class SuggestionStatus(models.TextChoices):
    """Where a suggestion is in the intake. Prioritised / not prioritised / postponed are the
    steering group's decisions; merged and promoted end the workflow."""

    RECEIVED = "received", _("Received")
    TRIAGED = "triaged", _("Triaged")
    IN_ASSESSMENT = "in_assessment", _("In assessment")
    ASSESSED = "assessed", _("Assessed")
    PRIORITISED = "prioritised", _("Prioritised")
    NOT_PRIORITISED = "not_prioritised", _("Not prioritised")
    POSTPONED = "postponed", _("Postponed")
    MERGED = "merged", _("Merged")
    PROMOTED = "promoted", _("Promoted to measure")


class DecisionOutcome(models.TextChoices):
    PRIORITISED = "prioritised", _("Prioritised")
    NOT_PRIORITISED = "not_prioritised", _("Not prioritised")
    POSTPONED = "postponed", _("Postponed")


class SuggestionSource(models.TextChoices):
    FORM = "form", _("Public form")
    MAILBOX = "mailbox", _("Mailbox")
    API = "api", _("API")


DECIDED = frozenset(
    {
        SuggestionStatus.PRIORITISED,
        SuggestionStatus.NOT_PRIORITISED,
        SuggestionStatus.POSTPONED,
    }
)
# Before a decision the office may still re-categorise, re-assign and merge.
OPEN = frozenset(
    {
        SuggestionStatus.RECEIVED,
        SuggestionStatus.TRIAGED,
        SuggestionStatus.IN_ASSESSMENT,
        SuggestionStatus.ASSESSED,
    }
)
