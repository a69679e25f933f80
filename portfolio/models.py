"""The national portfolio of measures: who owns them, what they cost, how they go."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import ChangeLoggedModel
from core.validators import validate_organisation_number
from portfolio.choices import (
    ActorKind,
    BudgetKind,
    FollowUpLevel,
    FundingSource,
    MeasureState,
    MeasureType,
    Phase,
    TargetGroupCode,
    TrafficLight,
)

MONEY = {"max_digits": 16, "decimal_places": 2}


class Actor(ChangeLoggedModel):
    """An organisation that owns measures and reports them in (RHF, municipality, agency …)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ActorKind.choices)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=9,
        unique=True,
        validators=[validate_organisation_number],
    )
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="actors",
        verbose_name=_("representatives"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")

    def __str__(self) -> str:
        return self.short_name


class Segment(ChangeLoggedModel):
    """Portfolio management 2.0: measures are followed up at different levels. Data, not code."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    follow_up_level = models.CharField(
        _("follow-up level"), max_length=20, choices=FollowUpLevel.choices
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")

    def __str__(self) -> str:
        return self.name


class NationalSolution(ChangeLoggedModel):
    """A national e-health solution (Helsenorge, Kjernejournal, E-resept … common foundation)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    area = models.CharField(_("area"), max_length=80, blank=True)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="components",
        verbose_name=_("part of"),
    )

    class Meta:
        ordering = ["area", "name"]
        verbose_name = _("national solution")
        verbose_name_plural = _("national solutions")

    def __str__(self) -> str:
        return self.name


class StrategicGoal(ChangeLoggedModel):
    """A goal of the national e-health strategy that measures say they support."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("strategic goal")
        verbose_name_plural = _("strategic goals")

    def __str__(self) -> str:
        return self.name


class TargetGroup(models.Model):
    """Citizens, health personnel, authorities: shared by measures and suggestions."""

    code = models.CharField(_("code"), max_length=20, choices=TargetGroupCode.choices, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self) -> str:
        return str(self.get_code_display())


class ReportingPeriod(ChangeLoggedModel):
    """A status-reporting round set by the office (3–4 a year)."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    due = models.DateField(_("due"))
    closed = models.DateTimeField(
        _("closed for reporting"),
        null=True,
        blank=True,
        help_text=_("Set when the reporting round is closed: its status reports are frozen."),
    )

    class Meta:
        ordering = ["-start"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("End must not be before start.")})


class Measure(ChangeLoggedModel):
    """A programme, project or other effort of national significance where digitalisation is central."""

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z0-9][A-Z0-9-]{1,19}$", _("Use capital letters, digits and dashes.")
            )
        ],
    )
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    owner = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="measures", verbose_name=_("owner")
    )
    partners = models.ManyToManyField(
        Actor, blank=True, related_name="partner_in", verbose_name=_("partners")
    )
    contact_name = models.CharField(_("contact"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    measure_type = models.CharField(
        _("type"), max_length=12, choices=MeasureType.choices, default=MeasureType.PROJECT
    )
    segment = models.ForeignKey(
        Segment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measures",
        verbose_name=_("segment"),
    )
    phase = models.CharField(_("phase"), max_length=24, choices=Phase.choices, default=Phase.IDEA)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="measures", verbose_name=_("target groups")
    )
    national_solutions = models.ManyToManyField(
        NationalSolution, blank=True, related_name="measures", verbose_name=_("national solutions")
    )
    strategic_goals = models.ManyToManyField(
        StrategicGoal, blank=True, related_name="measures", verbose_name=_("strategic goals")
    )
    criterion_digitalisation_core = models.BooleanField(
        _("digitalisation is essential and concerns the core of health and care services"),
        default=False,
    )
    criterion_cross_actor = models.BooleanField(
        _("needs coordination across several actors to succeed"), default=False
    )
    criterion_strategy = models.BooleanField(
        _("is essential to the national e-health strategy"), default=False
    )
    criteria_comment = models.TextField(_("comment on the entry criteria"), blank=True)
    total_cost_frame = models.DecimalField(
        _("total cost frame (NOK)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        **MONEY,
    )
    published = models.BooleanField(_("published"), default=False)
    state = models.CharField(
        _("state"), max_length=12, choices=MeasureState.choices, default=MeasureState.DRAFT
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    latest_status = models.ForeignKey(
        "StatusReport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("latest status"),
    )

    change_log_exclude = ("created", "updated", "version", "latest_status")

    class Meta:
        ordering = ["code"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="measure_end_not_before_start",
            )
        ]
        indexes = [models.Index(fields=["state", "published"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("measure-detail", args=[self.pk])

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("End must not be before start.")})

    @property
    def meets_entry_criteria(self) -> bool:
        return self.criterion_digitalisation_core and (
            self.criterion_cross_actor or self.criterion_strategy
        )


class BudgetLine(ChangeLoggedModel):
    """Planned and actual NOK for one year, cost kind and funding source of a measure."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("measure")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    kind = models.CharField(_("kind"), max_length=12, choices=BudgetKind.choices)
    funding_source = models.CharField(
        _("funding source"), max_length=12, choices=FundingSource.choices, default=FundingSource.OWN
    )
    planned = models.DecimalField(
        _("planned (NOK)"), validators=[MinValueValidator(0)], default=0, **MONEY
    )
    actual = models.DecimalField(
        _("actual (NOK)"), null=True, blank=True, validators=[MinValueValidator(0)], **MONEY
    )

    class Meta:
        ordering = ["year", "kind", "funding_source"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "year", "kind", "funding_source"], name="budget_line_unique"
            ),
            models.CheckConstraint(condition=Q(planned__gte=0), name="budget_planned_not_negative"),
            models.CheckConstraint(
                condition=Q(actual__isnull=True) | Q(actual__gte=0),
                name="budget_actual_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["year", "kind"])]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()}, {self.get_funding_source_display()}"

    def change_parent(self) -> Measure:
        return self.measure


class StatusReport(ChangeLoggedModel):
    """Traffic-light status of a measure for one reporting period."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="status_reports", verbose_name=_("measure")
    )
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="status_reports",
        verbose_name=_("period"),
    )
    overall = models.CharField(_("overall"), max_length=12, choices=TrafficLight.choices)
    cost = models.CharField(
        _("cost"), max_length=12, choices=TrafficLight.choices, default=TrafficLight.NOT_REPORTED
    )
    schedule = models.CharField(
        _("schedule"),
        max_length=12,
        choices=TrafficLight.choices,
        default=TrafficLight.NOT_REPORTED,
    )
    benefits = models.CharField(
        _("benefits"),
        max_length=12,
        choices=TrafficLight.choices,
        default=TrafficLight.NOT_REPORTED,
    )
    commentary = models.TextField(_("commentary"), blank=True)
    forecast_end_date = models.DateField(_("forecast end date"), null=True, blank=True)
    cost_forecast = models.DecimalField(
        _("cost forecast (NOK)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Forecast total cost of the measure."),
        **MONEY,
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-period__start", "-id"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="status_report_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.get_overall_display()}"

    def clean(self) -> None:
        """A yellow or red light needs a narrative: the committees read why, not only what."""
        flagged = {TrafficLight.YELLOW, TrafficLight.RED}
        lights = (self.overall, self.cost, self.schedule, self.benefits)
        if any(light in flagged for light in lights) and not (self.commentary or "").strip():
            raise ValidationError(
                {
                    "commentary": _(
                        "Explain the deviation: a yellow or red status needs a narrative."
                    )
                }
            )

    def change_parent(self) -> Measure:
        return self.measure


class WorkflowEvent(models.Model):
    """One step of a measure's submission workflow, shown on the measure and mailed to the other side."""

    class Transition(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        ACCEPT = "accept", _("Accepted into the portfolio")
        RETURN = "return", _("Returned for revision")
        REJECT = "reject", _("Rejected")

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="workflow_events")
    transition = models.CharField(_("transition"), max_length=10, choices=Transition.choices)
    from_state = models.CharField(max_length=12, choices=MeasureState.choices)
    to_state = models.CharField(max_length=12, choices=MeasureState.choices)
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")

    def __str__(self) -> str:
        return f"{self.measure_id} {self.transition}"


class Baseline(ChangeLoggedModel):
    """The portfolio frozen under a name (e.g. "Nasjonal portefølje april 2020") for comparison."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    as_of = models.DateField(_("as of"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-as_of", "-id"]
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")

    def __str__(self) -> str:
        return self.name


class BaselineMeasure(models.Model):
    """A measure as it stood when the baseline was taken (a plain snapshot, never updated)."""

    baseline = models.ForeignKey(Baseline, on_delete=models.CASCADE, related_name="rows")
    measure_id = models.BigIntegerField()
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    owner = models.CharField(max_length=40)
    phase = models.CharField(max_length=24)
    status = models.CharField(max_length=12, blank=True)
    budget = models.JSONField(default=dict)  # {"2020": {"investment": "123.00", ...}}
    start_date = models.DateField(null=True, blank=True)  # empty in baselines taken before
    end_date = models.DateField(null=True, blank=True)  # the dates were kept (issue 14)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["baseline", "measure_id"], name="baseline_measure_once")
        ]

    def __str__(self) -> str:
        return f"{self.baseline_id} {self.code}"


class SummaryCell(models.Model):
    """Sums behind the portfolio summary for one budget year and owner × segment × phase ×
    published of the measures in the portfolio. Written only by database triggers; see
    `portfolio.aggregates` (plain ids, no foreign keys: segment 0 means none)."""

    year = models.PositiveSmallIntegerField()
    owner_id = models.BigIntegerField()
    segment_id = models.BigIntegerField()
    phase = models.CharField(max_length=24)
    published = models.BooleanField()
    measures = models.IntegerField(default=0)
    planned = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    investment = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    operating = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    actual = models.DecimalField(max_digits=20, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "owner_id", "segment_id", "phase", "published"],
                name="summary_cell_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.owner_id}/{self.segment_id}/{self.phase}/{self.published}"
