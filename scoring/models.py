"""Versioned scoring models, the scores they produce, background jobs and budget scenarios."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import ChangeLoggedModel
from scoring import formula
from scoring.choices import JobKind, JobStatus, Source, Target


class ScoringModel(ChangeLoggedModel):
    """One immutable version of the criteria and weights for a target. Editing weights makes a
    new version, so every score can name exactly the weights that produced it."""

    target = models.CharField(_("target"), max_length=12, choices=Target.choices)
    version = models.PositiveIntegerField(_("version"))
    active = models.BooleanField(_("active"), default=False)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["target", "-version"]
        verbose_name = _("scoring model")
        verbose_name_plural = _("scoring models")
        constraints = [
            models.UniqueConstraint(fields=["target", "version"], name="scoring_model_version"),
            models.UniqueConstraint(
                fields=["target"], condition=Q(active=True), name="scoring_model_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_target_display()} v{self.version}"


class Criterion(ChangeLoggedModel):
    """One weighted criterion of a scoring model. `excludes`: a zero normalised value (e.g. an
    overlap finding) excludes the object, whatever the other criteria say."""

    model = models.ForeignKey(
        ScoringModel, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("model")
    )
    key = models.SlugField(_("key"), max_length=40)
    label = models.CharField(_("label"), max_length=120)
    source = models.CharField(_("source"), max_length=30, choices=Source.choices)
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    excludes = models.BooleanField(_("excludes"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["model", "sort_order", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["model", "key"], name="criterion_key_per_model"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.model}: {self.label}"

    def change_parent(self) -> ScoringModel:
        return self.model


def _model_version() -> models.ForeignKey:
    """The model version behind a score. No database constraint or index: the recompute
    writes 100 000 rows at a time and a deferred per-row foreign-key check doubles that;
    model versions are never deleted (PROTECT still guards them in the ORM) and the
    recompute only writes active models' ids."""
    return models.ForeignKey(
        ScoringModel,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("model version"),
        db_constraint=False,
        db_index=False,
    )


class Score(models.Model):
    """The current score of one measure or suggestion. Written set-based by the recompute (no
    change-log rows per score: ScoreHistory is the history)."""

    target = models.CharField(_("target"), max_length=12, choices=Target.choices)
    object_id = models.BigIntegerField(_("object id"))
    model = _model_version()
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    excluded = models.BooleanField(_("excluded"), default=False)
    # {"raw": [...], "normalised": [...]} in the model's criteria order; see `breakdown`.
    inputs = models.JSONField(_("inputs"), default=dict)
    # 64-bit hash of the inputs (scoring.columns.fingerprint): a rerun rewrites a row only when
    # its value, model version or fingerprint differs.
    fingerprint = models.BigIntegerField(editable=False, default=0)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        ordering = ["target", "-value", "object_id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["target", "object_id"], name="score_one_per_object")
        ]
        # No index on the value: rankings sort in memory (100 000 rows take milliseconds),
        # while the index would cost a third of every full recompute's write.

    def __str__(self) -> str:
        return f"{self.target} {self.object_id}: {self.value}"

    @property
    def breakdown(self) -> dict[str, dict[str, Any]]:
        """Why this score: per criterion its raw and normalised value, weight and points
        (scoring.formula.weighted_score over the stored inputs). Prefetch `model__criteria`
        when listing scores."""
        raw, normalised = self.inputs.get("raw"), self.inputs.get("normalised")
        if not isinstance(raw, list) or not isinstance(normalised, list):
            return self.inputs  # stored before inputs were kept compactly: the breakdown itself
        specs = [
            formula.CriterionSpec(
                key=c.key, source=c.source, weight=float(c.weight), excludes=c.excludes
            )
            for c in self.model.criteria.all()
        ]
        by_source = [c.source for c in specs]
        return formula.weighted_score(
            specs,
            dict(zip(by_source, raw, strict=False)),
            dict(zip(by_source, normalised, strict=False)),
        ).breakdown


class ScoreHistory(models.Model):
    """Appended only when a score's value or model version changes."""

    target = models.CharField(_("target"), max_length=12, choices=Target.choices)
    object_id = models.BigIntegerField(_("object id"))
    model = _model_version()
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    excluded = models.BooleanField(_("excluded"), default=False)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        ordering = ["target", "object_id", "-computed_at", "-id"]
        verbose_name = _("score history")
        verbose_name_plural = _("score history")
        indexes = [models.Index(fields=["target", "object_id"], name="score_history_object")]

    def __str__(self) -> str:
        return f"{self.target} {self.object_id}: {self.value} ({self.computed_at:%Y-%m-%d})"


class Job(models.Model):
    """A background recompute or optimisation, with progress for the UI and the API. At most
    one recompute is queued or running (a partial unique constraint); `rerun` asks a running
    recompute to go once more because the weights changed under it."""

    kind = models.CharField(_("kind"), max_length=12, choices=JobKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), default=0)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    rerun = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind=JobKind.RECOMPUTE, status__in=["queued", "running"]),
                name="job_one_active_recompute",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 100 if self.status == JobStatus.SUCCEEDED else 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def is_active(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)


class Scenario(ChangeLoggedModel):
    """One run of the optimiser: the limits and forced choices given, and the best portfolio
    found with the reason each measure is in or out. Saved under a name to compare; committing
    one marks its measures prioritised."""

    name = models.CharField(_("name"), max_length=120, blank=True)
    saved = models.BooleanField(_("saved"), default=False)
    params = models.JSONField(_("parameters"), default=dict)
    result = models.JSONField(_("result"), default=dict, blank=True)
    job = models.OneToOneField(
        Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="scenario"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    committed_at = models.DateTimeField(_("committed"), null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")

    def __str__(self) -> str:
        return self.name or f"#{self.pk}"

    @property
    def selected_ids(self) -> list[int]:
        return [int(i) for i in (self.result or {}).get("selected", [])]


class PrioritisedMeasure(models.Model):
    """A measure prioritised by the committed scenario (kept here: portfolio knows nothing of
    scoring). Changes are written to the measure's history."""

    measure = models.OneToOneField(
        "portfolio.Measure", on_delete=models.CASCADE, related_name="prioritisation"
    )
    scenario = models.ForeignKey(
        Scenario, on_delete=models.PROTECT, related_name="prioritised_measures"
    )
    since = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ["measure_id"]
        verbose_name = _("prioritised measure")
        verbose_name_plural = _("prioritised measures")

    def __str__(self) -> str:
        return f"{self.measure_id} ({self.scenario})"
