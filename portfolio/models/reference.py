"""Reference data of the portfolio: actors, segments, national solutions, strategic goals
and target groups."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import ChangeLoggedModel
from core.validators import validate_organisation_number
from portfolio.choices import ActorKind, FollowUpLevel, TargetGroupCode


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
