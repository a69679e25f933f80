"""Meetings, in Europe/Oslo time, and their minutes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from committees.choices import MeetingState
from committees.models.committees import Committee
from core.models import ChangeLoggedModel

OSLO = ZoneInfo("Europe/Oslo")


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
