"""Cases: the numbered items on a meeting's agenda with their linked material, the outcome
of each case, and the measures a case recommends."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from committees.choices import CaseType, Effect
from committees.models.committees import Committee
from committees.models.meetings import OSLO, Meeting
from core.models import ChangeLoggedModel

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
