"""Which actor an integrator token is limited to. Portfolio owns this link (core's token
knows nothing of actors); a change is logged in the token's own history
(`portfolio.tokens.token_limit_to_actor`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import IntegratorToken
from portfolio.models.reference import Actor


class TokenActor(models.Model):
    """A token limited to one actor reads that actor's drafts and writes its measures."""

    token = models.OneToOneField(
        IntegratorToken,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="actor_link",
        verbose_name=_("integrator token"),
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("limited to actor"),
    )

    class Meta:
        verbose_name = _("token limited to an actor")
        verbose_name_plural = _("tokens limited to an actor")

    def __str__(self) -> str:
        return f"{self.token} → {self.actor}"
