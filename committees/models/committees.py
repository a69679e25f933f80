"""Committees with their mandate and members."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from committees.choices import MemberRole
from core.models import ChangeLoggedModel


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
