"""The corona suggestion intake: suggestions in, triage, assessment, decision, promotion."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import ChangeLoggedModel
from covid_intake.choices import DecisionOutcome, SuggestionSource, SuggestionStatus
from covid_intake.criteria import CODES, CRITERIA, SCORE_MAX, SCORE_MIN


class Category(ChangeLoggedModel):
    """A topic the office sorts suggestions into (20 in spring 2020). Data, not code."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class WorkingGroup(ChangeLoggedModel):
    """Assessors with the expertise for a set of categories; they score what is assigned to them."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="intake_working_groups",
        verbose_name=_("members"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self) -> str:
        return self.name


class Suggestion(ChangeLoggedModel):
    """One suggestion (innspill) for a digital solution in the pandemic, from the public form,
    the office's mailbox or an integrator. Nothing is deleted: duplicates are merged, keeping
    their text and submitter."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    problem = models.TextField(_("what it solves"), blank=True)
    submitter_name = models.CharField(_("submitter name"), max_length=200, blank=True)
    submitter_email = models.EmailField(_("submitter e-mail"), blank=True)
    submitter_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    target_groups = models.ManyToManyField(
        "portfolio.TargetGroup",
        blank=True,
        related_name="suggestions",
        verbose_name=_("target groups"),
    )
    proposed_category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed category"),
    )
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
        verbose_name=_("category"),
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
        verbose_name=_("working group"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.RECEIVED,
    )
    source = models.CharField(
        _("source"), max_length=10, choices=SuggestionSource.choices, default=SuggestionSource.FORM
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    message_id = models.CharField(_("message id"), max_length=500, null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_suggestions",
        verbose_name=_("merged into"),
    )
    overlap_measures = models.ManyToManyField(
        "portfolio.Measure",
        through="MeasureOverlap",
        blank=True,
        related_name="overlapping_suggestions",
        verbose_name=_("overlaps with measures"),
    )
    promoted_measure = models.OneToOneField(
        "portfolio.Measure",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="source_suggestion",
        verbose_name=_("promoted to measure"),
    )
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    change_log_exclude = ("created", "updated", "search_text")

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["message_id"],
                condition=Q(message_id__isnull=False),
                name="suggestion_message_id_unique",
            ),
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="suggestion_merged_has_target",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "category"]),
            models.Index(fields=["received_at"]),
            # the lists' order (newest first), so a page is read from the index
            models.Index(fields=["-received_at", "-id"], name="suggestion_newest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("covid_intake:detail", args=[self.pk])


class MeasureOverlap(ChangeLoggedModel):
    """The office's finding that a suggestion overlaps a measure already under way."""

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="overlaps", verbose_name=_("suggestion")
    )
    measure = models.ForeignKey(
        "portfolio.Measure",
        on_delete=models.PROTECT,
        related_name="suggestion_overlaps",
        verbose_name=_("measure"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["measure__code"]
        verbose_name = _("overlap with a measure")
        verbose_name_plural = _("overlaps with measures")
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "measure"], name="overlap_unique")
        ]

    def __str__(self) -> str:
        return f"{self.suggestion.reference} ~ {self.measure}"

    def change_parent(self) -> Suggestion:
        return self.suggestion


def _attachment_path(instance: Attachment, filename: str) -> str:
    return f"intake/{timezone.now():%Y/%m}/{filename}"


class Attachment(ChangeLoggedModel):
    """A file sent with a suggestion; type and size are checked before it is stored."""

    suggestion = models.ForeignKey(
        Suggestion,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("suggestion"),
    )
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename

    def change_parent(self) -> Suggestion:
        return self.suggestion


def _score_field(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )


class Assessment(ChangeLoggedModel):
    """One working-group member's scores for one suggestion against the published criteria."""

    suggestion = models.ForeignKey(
        Suggestion,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("suggestion"),
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="intake_assessments",
        verbose_name=_("assessor"),
    )
    # one score field per criterion (covid_intake.criteria), added below the class
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["suggestion", "id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion", "assessor"], name="assessment_one_per_assessor"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{c}__gte": SCORE_MIN, f"{c}__lte": SCORE_MAX}),
                    name=f"assessment_{c}_range",
                )
                for c in CODES
            ],
        ]

    def __str__(self) -> str:
        return f"{self.suggestion.reference} / {self.assessor.get_full_name() or self.assessor}"

    def change_parent(self) -> Suggestion:
        return self.suggestion


for _criterion in CRITERIA:
    Assessment.add_to_class(_criterion.code, _score_field(_criterion.label))


class Decision(ChangeLoggedModel):
    """The steering group's decision on an assessed suggestion, with its reason. A postponed
    suggestion can be decided again; the newest decision counts."""

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("suggestion")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=DecisionOutcome.choices)
    reason = models.TextField(_("reason"))
    proposed_owner = models.ForeignKey(
        "portfolio.Actor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed owner actor"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]
        get_latest_by = "decided_at"
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.suggestion.reference}: {self.get_outcome_display()}"

    def change_parent(self) -> Suggestion:
        return self.suggestion
