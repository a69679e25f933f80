"""Reporting rounds, the owners' to-dos and notices, and the portfolio report.

A round's status reports are `portfolio.StatusReport` rows for the round's period: one
status per measure and period wherever it is filed, so the measure list, the public overview
and the API keep showing the latest status without knowing about rounds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import ChangeLoggedModel
from portfolio.models import Actor, Baseline, Measure, ReportingPeriod
from reporting.choices import NoticeKind, ReportState, RoundKind, RoundState


class ReportingRound(ChangeLoggedModel):
    """The office asks every owner of an active measure for status for one period, by a
    deadline. Closing it freezes the period's reports and takes the snapshot reports use."""

    period = models.OneToOneField(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="reporting_round",
        verbose_name=_("period"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=RoundKind.choices)
    deadline = models.DateField(_("deadline"))
    state = models.CharField(
        _("state"), max_length=10, choices=RoundState.choices, default=RoundState.OPEN
    )
    message = models.TextField(_("message to the owners"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(_("snapshot"), default=dict, blank=True, editable=False)

    change_log_exclude = ("created", "updated", "snapshot")

    class Meta:
        ordering = ["-period__start", "-id"]
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")

    def __str__(self) -> str:
        return self.period.name

    @property
    def name(self) -> str:
        return self.period.name

    @property
    def is_open(self) -> bool:
        return self.state == RoundState.OPEN


class ReportingTask(ChangeLoggedModel):
    """A to-do: report the status of one measure in one round. Done when the period has a
    status report for the measure (derived, never stored, so it cannot go stale)."""

    round = models.ForeignKey(
        ReportingRound, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("round")
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="reporting_tasks", verbose_name=_("measure")
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="reporting_tasks", verbose_name=_("actor")
    )

    class Meta:
        ordering = ["actor__short_name", "measure__code"]
        verbose_name = _("reporting task")
        verbose_name_plural = _("reporting tasks")
        constraints = [
            models.UniqueConstraint(fields=["round", "measure"], name="reporting_task_once")
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.measure_id}"

    def change_parent(self) -> ReportingRound:
        return self.round


class RoundNotice(models.Model):
    """One e-mail to one actor about one round (the outbox). Unique per round, actor and
    kind: a reminder is sent once, however often the beat runs."""

    round = models.ForeignKey(
        ReportingRound, on_delete=models.CASCADE, related_name="notices", verbose_name=_("round")
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="+", verbose_name=_("actor")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=NoticeKind.choices)
    recipients = models.JSONField(_("recipients"), default=list)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    measures = models.PositiveIntegerField(_("measures not reported"), default=0)
    sent = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-sent", "-id"]
        verbose_name = _("round notice")
        verbose_name_plural = _("round notices")
        constraints = [
            models.UniqueConstraint(fields=["round", "actor", "kind"], name="round_notice_once")
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.actor_id} {self.kind}"


class PortfolioReport(ChangeLoggedModel):
    """The portfolio report (porteføljerapport) to NUIT, NUFA and the e-health council,
    made from a closed round's snapshot, so its content never changes once generated."""

    round = models.ForeignKey(
        ReportingRound, on_delete=models.PROTECT, related_name="reports", verbose_name=_("round")
    )
    title = models.CharField(_("title"), max_length=200, unique=True)
    baseline = models.ForeignKey(
        Baseline,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("baseline"),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    decisions = models.TextField(_("decisions the committee is asked to make"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content = models.JSONField(_("content"), default=dict, blank=True, editable=False)
    public_content = models.JSONField(_("public content"), default=dict, blank=True, editable=False)

    change_log_exclude = ("created", "updated", "content", "public_content")

    class Meta:
        ordering = ["-round__period__start", "-id"]
        verbose_name = _("portfolio report")
        verbose_name_plural = _("portfolio reports")

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.state == ReportState.PUBLISHED
