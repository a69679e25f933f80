"""The council model's fixed vocabularies: member roles, meeting states, case types, effects."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")
    SECRETARIAT = "secretariat", _("Secretariat")


class MeetingState(models.TextChoices):
    """Draft → agenda published (case numbers given) → minutes drafted → minutes approved at
    the next meeting and published."""

    DRAFT = "draft", _("Draft")
    AGENDA_PUBLISHED = "agenda_published", _("Agenda published")
    MINUTES_DRAFT = "minutes_draft", _("Minutes drafted")
    MINUTES_PUBLISHED = "minutes_published", _("Minutes approved and published")


PUBLISHED_STATES = frozenset(
    {MeetingState.AGENDA_PUBLISHED, MeetingState.MINUTES_DRAFT, MeetingState.MINUTES_PUBLISHED}
)


class CaseType(models.TextChoices):
    INFORMATION = "information", _("For information")
    DISCUSSION = "discussion", _("For discussion")
    APPROVAL = "approval", _("For approval")
    DECISION = "decision", _("For decision")
    RECOMMENDATION = "recommendation", _("For recommendation")


DECIDING_CASE_TYPES = frozenset({CaseType.DECISION, CaseType.RECOMMENDATION})


class Effect(models.TextChoices):
    """What a decision or recommendation does to the register besides being minuted."""

    NONE = "none", _("No structured effect")
    RECOMMEND_SCENARIO = "recommend_scenario", _("Recommends the prioritised list of a scenario")
    RECOMMEND_MEASURES = "recommend_measures", _("Recommends the linked measures")
    DECIDE_SUGGESTION = "decide_suggestion", _("Decides on a suggestion")
