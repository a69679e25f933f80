"""The council model (rådsmodellen): committees with mandates and members, their meetings,
numbered cases on the agenda, the outcome of each case and the minutes.

Committees build on everything else (portfolio, roadmap, intake, scoring); nothing below
imports committees. Effects on measures are rows here (`MeasureRecommendation`) reached
through the reverse relation `measure.committee_recommendations`.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from committees.choices import CaseType, Effect, MeetingState, MemberRole
from core.models import ChangeLoggedModel

OSLO = ZoneInfo("Europe/Oslo")

# Linked material on an agenda item: (field name, label). Forms, serializers and templates
# read this list, so a new kind of material is one M2M field on AgendaItem and one entry here.
# Who may see which material is the material's own app's rule (see selectors.material_prefetches
# and forms.AgendaItemForm); portfolio reports follow reporting.policies.visible_reports.
MATERIAL_FIELDS: list[tuple[str, str]] = [
    ("measures", _("Measures")),
    ("suggestions", _("Suggestions")),
    ("scenarios", _("Scenarios")),
    ("roadmap_items", _("Roadmap items")),
    ("baselines", _("Baselines")),
    ("reports", _("Portfolio reports")),
]


class Committee(ChangeLoggedModel):
    """A body of the council model (the national e-health council, NUIT, NUFA) or the
    directorate's national arena. Its mandate is text valid for a period."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, unique=True)
    slug = models.SlugField(_("address name"), max_length=40, unique=True)
    description = models.TextField(_("description"), blank=True)
    mandate = models.TextField(_("mandate"), blank=True)
    mandate_valid_from = models.DateField(_("mandate valid from"), null=True, blank=True)
    mandate_valid_to = models.DateField(_("mandate valid to"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        constraints = [
            models.CheckConstraint(
                condition=Q(mandate_valid_to__isnull=True)
                | Q(mandate_valid_from__isnull=True)
                | Q(mandate_valid_to__gte=F("mandate_valid_from")),
                name="committee_mandate_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.short_name

    def clean(self) -> None:
        if (
            self.mandate_valid_from
            and self.mandate_valid_to
            and self.mandate_valid_to < self.mandate_valid_from
        ):
            raise ValidationError(
                {"mandate_valid_to": _("The mandate cannot end before it starts.")}
            )

    def mandate_valid_on(self, day: dt.date) -> bool:
        return (self.mandate_valid_from is None or self.mandate_valid_from <= day) and (
            self.mandate_valid_to is None or day <= self.mandate_valid_to
        )


class Membership(ChangeLoggedModel):
    """A person on a committee, for an organisation (an actor where there is one). A linked
    user account lets the member read the committee's material before it is published."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("committee")
    )
    person_name = models.CharField(_("person"), max_length=120)
    actor = models.ForeignKey(
        "portfolio.Actor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_memberships",
        verbose_name=_("actor"),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(
        _("role"), max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_memberships",
        verbose_name=_("user account"),
    )

    class Meta:
        ordering = ["committee", "role", "person_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "person_name", "role"], name="membership_once_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.organisation_label})"

    @property
    def organisation_label(self) -> str:
        return self.actor.name if self.actor_id else self.organisation

    def clean(self) -> None:
        if not self.actor_id and not (self.organisation or "").strip():
            raise ValidationError({"organisation": _("Give the member's actor or organisation.")})

    def change_parent(self) -> Committee:
        return self.committee


class Meeting(ChangeLoggedModel):
    """One meeting of a committee, in Europe/Oslo time, at a place or online."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("committee")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online meeting link"), max_length=500, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=MeetingState.choices, default=MeetingState.DRAFT
    )
    agenda_published_at = models.DateTimeField(_("agenda published"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["committee", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.committee} {self.local_start:%d.%m.%Y}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting must end after it starts.")})

    @property
    def local_start(self) -> dt.datetime:
        return self.starts_at.astimezone(OSLO)

    @property
    def local_end(self) -> dt.datetime:
        return self.ends_at.astimezone(OSLO)

    @property
    def display_title(self) -> str:
        return self.title or str(self.committee.name)

    @property
    def agenda_published(self) -> bool:
        return self.state != MeetingState.DRAFT


class AgendaItem(ChangeLoggedModel):
    """A case on a meeting's agenda. Its number ("sak 31/20") is given when the agenda is
    published: unique per committee and year, counted in publishing order."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    # Denormalised from the meeting so that the database can keep case numbers unique.
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="agenda_items", editable=False
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    case_type = models.CharField(
        _("case type"), max_length=16, choices=CaseType.choices, default=CaseType.INFORMATION
    )
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    case_year = models.PositiveSmallIntegerField(_("case year"), null=True, blank=True)
    case_number = models.PositiveIntegerField(_("case number"), null=True, blank=True)
    measures = models.ManyToManyField(
        "portfolio.Measure", blank=True, related_name="agenda_items", verbose_name=_("measures")
    )
    suggestions = models.ManyToManyField(
        "covid_intake.Suggestion",
        blank=True,
        related_name="agenda_items",
        verbose_name=_("suggestions"),
    )
    scenarios = models.ManyToManyField(
        "scoring.Scenario", blank=True, related_name="agenda_items", verbose_name=_("scenarios")
    )
    roadmap_items = models.ManyToManyField(
        "roadmap.RoadmapItem",
        blank=True,
        related_name="agenda_items",
        verbose_name=_("roadmap items"),
    )
    baselines = models.ManyToManyField(
        "portfolio.Baseline", blank=True, related_name="agenda_items", verbose_name=_("baselines")
    )
    reports = models.ManyToManyField(
        "reporting.PortfolioReport",
        blank=True,
        related_name="agenda_items",
        verbose_name=_("portfolio reports"),
    )

    class Meta:
        ordering = ["meeting", "position", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "case_year", "case_number"], name="case_number_per_year"
            ),
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_position_once"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="agenda_item_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_label or '–'} {self.title}"

    @property
    def case_label(self) -> str:
        """ "31/20": number / two-digit year, as the committees write it."""
        if self.case_number is None or self.case_year is None:
            return ""
        return f"{self.case_number}/{self.case_year % 100:02d}"

    @property
    def local_start(self) -> dt.datetime:
        return self.starts_at.astimezone(OSLO)

    @property
    def local_end(self) -> dt.datetime:
        return self.ends_at.astimezone(OSLO)

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The item must end after it starts.")})

    @property
    def decision_or_none(self) -> Decision | None:
        try:
            return self.decision
        except ObjectDoesNotExist:
            return None

    def change_parent(self) -> Meeting:
        return self.meeting


class Decision(ChangeLoggedModel):
    """The outcome of a case (vedtak, anbefaling or the note of an orientation), with for
    decisions and recommendations a structured effect on the register."""

    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.CASCADE, related_name="decision", verbose_name=_("case")
    )
    text = models.TextField(_("outcome"))
    effect = models.CharField(
        _("effect"), max_length=20, choices=Effect.choices, default=Effect.NONE
    )
    scenario = models.ForeignKey(
        "scoring.Scenario",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_decisions",
        verbose_name=_("scenario"),
    )
    suggestion = models.ForeignKey(
        "covid_intake.Suggestion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_decisions",
        verbose_name=_("suggestion"),
    )
    suggestion_outcome = models.CharField(_("suggestion outcome"), max_length=20, blank=True)
    decided_on = models.DateField(_("decided on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.agenda_item.committee} {self.agenda_item.case_label}"

    def change_parent(self) -> AgendaItem:
        return self.agenda_item


class MeasureRecommendation(ChangeLoggedModel):
    """A measure recommended by a committee on a date, through a recorded decision. Kept here
    (portfolio knows nothing of committees); the measure reaches it as
    `measure.committee_recommendations`, and its creation is written to the measure's history."""

    measure = models.ForeignKey(
        "portfolio.Measure",
        on_delete=models.CASCADE,
        related_name="committee_recommendations",
        verbose_name=_("measure"),
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="measure_recommendations",
        verbose_name=_("committee"),
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("decision"),
    )
    recommended_on = models.DateField(_("recommended on"))

    class Meta:
        ordering = ["-recommended_on", "-id"]
        verbose_name = _("measure recommendation")
        verbose_name_plural = _("measure recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "decision"], name="recommendation_once_per_decision"
            )
        ]

    def __str__(self) -> str:
        return _("Recommended by %(committee)s on %(date)s") % {
            "committee": self.committee.short_name,
            "date": self.recommended_on.strftime("%d.%m.%Y"),
        }

    def change_parent(self) -> models.Model:
        return self.measure


class Minutes(ChangeLoggedModel):
    """The minutes (referat) of a meeting: drafted by the secretariat, approved at the next
    meeting of the committee, then published with the agenda."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("meeting")
    )
    present = models.TextField(_("present"), blank=True)
    text = models.TextField(_("minutes"))
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at_meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_minutes",
        verbose_name=_("approved at meeting"),
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return str(_("Minutes of %(meeting)s") % {"meeting": self.meeting})

    def change_parent(self) -> Meeting:
        return self.meeting
