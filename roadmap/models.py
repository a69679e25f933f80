"""The roadmap: who delivers and adopts which national solution when, and what depends on what."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import ChangeLoggedModel
from core.validators import check_period
from portfolio.choices import Phase
from portfolio.models import Actor, Measure, NationalSolution
from roadmap.choices import AdoptionStatus, Decision, DependencyKind, ItemKind, Severity


class RoadmapItem(ChangeLoggedModel):
    """A delivery, milestone or phase on the roadmap. The dates the office plans with are the
    forecast when one is given, else the plan; dependencies are checked against those."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=12, choices=ItemKind.choices, default=ItemKind.DELIVERY
    )
    description = models.TextField(_("description"), blank=True)
    measure = models.ForeignKey(
        Measure,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roadmap_items",
        verbose_name=_("measure"),
    )
    national_solution = models.ForeignKey(
        NationalSolution,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roadmap_items",
        verbose_name=_("national solution"),
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        related_name="roadmap_items",
        verbose_name=_("responsible actor"),
    )
    phase = models.CharField(_("phase"), max_length=24, choices=Phase.choices, blank=True)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    forecast_start = models.DateField(_("forecast start"), null=True, blank=True)
    forecast_end = models.DateField(_("forecast end"), null=True, blank=True)
    duration_days = models.PositiveIntegerField(
        _("duration (days)"), blank=True, help_text=_("Filled in from the planned dates if empty.")
    )
    decision = models.CharField(
        _("decided or tentative"),
        max_length=12,
        choices=Decision.choices,
        default=Decision.TENTATIVE,
    )
    published = models.BooleanField(_("published"), default=False)
    topo_rank = models.BigIntegerField(_("topological rank"), default=0, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    change_log_exclude = ("created", "updated", "topo_rank", "version")

    class Meta:
        ordering = ["planned_start", "code"]
        verbose_name = _("roadmap item")
        verbose_name_plural = _("roadmap items")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")),
                name="roadmap_item_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(forecast_end__isnull=True)
                | Q(forecast_start__isnull=True)
                | Q(forecast_end__gte=F("forecast_start")),
                name="roadmap_item_forecast_end_not_before_start",
            ),
        ]
        indexes = [
            models.Index(fields=["topo_rank"]),
            models.Index(fields=["actor", "published"]),
            # the phase overview pages through one phase at a time in this order
            models.Index(
                fields=["phase", "planned_start", "code", "id"], name="roadmap_item_phase_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("roadmap:item", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        for start, end, field in (
            (self.planned_start, self.planned_end, "planned_end"),
            (self.forecast_start, self.forecast_end, "forecast_end"),
        ):
            try:
                check_period(start, end, end_field=field)
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if self.planned_start and self.planned_end and not errors:
            span = (self.planned_end - self.planned_start).days
            if self.duration_days is None:
                self.duration_days = span
            elif self.duration_days != span:
                errors["duration_days"] = _(
                    "The duration must match the planned dates (%(days)s days)."
                ) % {"days": span}
        if self.kind == ItemKind.MILESTONE and self.planned_start != self.planned_end:
            errors["planned_end"] = _("A milestone starts and ends on the same day.")
        if errors:
            raise ValidationError(errors)

    @property
    def start(self) -> dt.date:
        """The start the roadmap plans with: the forecast if any, else the plan."""
        return self.forecast_start or self.planned_start

    @property
    def end(self) -> dt.date:
        if self.forecast_end:
            return self.forecast_end
        return self.start + dt.timedelta(days=self.duration_days or 0)

    @property
    def is_decided(self) -> bool:
        return self.decision == Decision.DECIDED


class Dependency(ChangeLoggedModel):
    """`successor` depends on `predecessor` in the way `kind` says. Cross-actor dependencies
    are the ones the office coordinates; the flag is set by the service, never by hand."""

    predecessor = models.ForeignKey(
        RoadmapItem,
        on_delete=models.CASCADE,
        related_name="successor_links",
        verbose_name=_("predecessor"),
    )
    successor = models.ForeignKey(
        RoadmapItem,
        on_delete=models.CASCADE,
        related_name="predecessor_links",
        verbose_name=_("successor"),
    )
    kind = models.CharField(
        _("kind"),
        max_length=24,
        choices=DependencyKind.choices,
        default=DependencyKind.FINISH_TO_START,
    )
    lag_days = models.IntegerField(
        _("lag (days)"),
        default=0,
        validators=[MinValueValidator(-3650), MaxValueValidator(3650)],
    )
    note = models.TextField(_("note"), blank=True)
    cross_actor = models.BooleanField(_("cross-actor"), default=False, editable=False)

    class Meta:
        ordering = ["predecessor_id", "successor_id"]
        verbose_name = _("dependency")
        verbose_name_plural = _("dependencies")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor", "kind"], name="dependency_unique"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")), name="dependency_not_on_itself"
            ),
        ]
        indexes = [models.Index(fields=["successor", "kind"])]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.get_kind_display()})"

    def change_parent(self) -> RoadmapItem:
        return self.successor


class AdoptionPlan(ChangeLoggedModel):
    """When an actor introduces a national solution: the basis of the per-actor and the
    municipalities' roadmap."""

    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="adoption_plans", verbose_name=_("actor")
    )
    national_solution = models.ForeignKey(
        NationalSolution,
        on_delete=models.PROTECT,
        related_name="adoption_plans",
        verbose_name=_("national solution"),
    )
    planned_date = models.DateField(_("planned introduction"))
    decision = models.CharField(
        _("decided or tentative"),
        max_length=12,
        choices=Decision.choices,
        default=Decision.TENTATIVE,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=AdoptionStatus.choices, default=AdoptionStatus.PLANNED
    )
    item = models.ForeignKey(
        RoadmapItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adoption_plans",
        verbose_name=_("roadmap item"),
    )
    note = models.TextField(_("note"), blank=True)
    published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["planned_date", "actor__short_name"]
        verbose_name = _("adoption plan")
        verbose_name_plural = _("adoption plans")
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "national_solution"], name="adoption_plan_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor} – {self.national_solution} ({self.planned_date})"


class Challenge(ChangeLoggedModel):
    """A risk or open problem on an item that threatens its dates."""

    item = models.ForeignKey(
        RoadmapItem,
        on_delete=models.CASCADE,
        related_name="challenges",
        verbose_name=_("roadmap item"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    severity = models.CharField(
        _("severity"), max_length=8, choices=Severity.choices, default=Severity.MEDIUM
    )
    mitigation = models.TextField(_("mitigation"), blank=True)
    resolved = models.BooleanField(_("resolved"), default=False)

    class Meta:
        ordering = ["resolved", "-severity", "title"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def __str__(self) -> str:
        return self.title

    def change_parent(self) -> RoadmapItem:
        return self.item


class RoadmapScenario(ChangeLoggedModel):
    """A named what-if: one or more items finishing later than planned. Compared with the
    plan through the same propagation as the what-if page; the office may apply it."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("roadmap scenario")
        verbose_name_plural = _("roadmap scenarios")

    def __str__(self) -> str:
        return self.name


class ScenarioSlip(ChangeLoggedModel):
    """In a scenario, `item` finishes `days` later than the plan says."""

    scenario = models.ForeignKey(
        RoadmapScenario,
        on_delete=models.CASCADE,
        related_name="slips",
        verbose_name=_("scenario"),
    )
    item = models.ForeignKey(
        RoadmapItem,
        on_delete=models.CASCADE,
        related_name="scenario_slips",
        verbose_name=_("roadmap item"),
    )
    days = models.IntegerField(
        _("days late"), validators=[MinValueValidator(1), MaxValueValidator(3650)]
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("scenario slip")
        verbose_name_plural = _("scenario slips")
        constraints = [
            models.UniqueConstraint(fields=["scenario", "item"], name="scenario_slip_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item} +{self.days}"

    def change_parent(self) -> RoadmapScenario:
        return self.scenario
