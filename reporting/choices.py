from django.db import models
from django.utils.translation import gettext_lazy as _

# Days before the deadline when owners who have not reported get a reminder.
REMIND_DAYS_BEFORE = 3
# A cost forecast up by more than this share since the last round is flagged.
COST_FORECAST_THRESHOLD = 0.10
# How many rounds the trend shows.
TREND_ROUNDS = 4
# The order lights are ranked in (worst first) in the matrix and the report.
LIGHT_RANK = {"red": 0, "yellow": 1, "not_reported": 2, "green": 3}
LIGHT_SCORE = {"green": 2, "yellow": 1, "red": 0}


class RoundKind(models.TextChoices):
    TERTIAL = "tertial", _("Tertial (four months)")
    QUARTER = "quarter", _("Quarter")


class RoundState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class NoticeKind(models.TextChoices):
    OPENED = "opened", _("Round opened")
    DUE_SOON = "due_soon", _("Reminder before the deadline")
    OVERDUE = "overdue", _("Reminder after the deadline")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


PERIODS_PER_YEAR = {RoundKind.TERTIAL: 3, RoundKind.QUARTER: 4}
PERIOD_PREFIX = {RoundKind.TERTIAL: "T", RoundKind.QUARTER: "K"}


class ReportedLight(models.TextChoices):
    """A light reported in a round: "not reported" is not an answer."""

    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")
