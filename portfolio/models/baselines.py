"""Baselines: the portfolio frozen under a name, row by row."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import ChangeLoggedModel


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
