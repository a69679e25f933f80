"""Integrator tokens limited to one actor: portfolio owns that scoping and offers it on the
office's token form (core.forms.TokenOption). A token limited to an actor reads that
actor's drafts and writes its measures."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TokenOption, register_token_option
from core.models import IntegratorToken
from core.services import log_fields
from portfolio.models import Actor


def token_limit_to_actor(*, token: IntegratorToken, actor: Actor | None) -> None:
    """Limit `token` to `actor` (None: no limit), logged with the token's history."""
    before = token.actor_id
    if before == getattr(actor, "pk", None):
        return
    token.actor = actor
    token.save(update_fields=["actor"])
    log_fields(token, action="update", before={"actor": before}, after={"actor": token.actor_id})


def _actor_field() -> forms.Field:
    return forms.ModelChoiceField(
        label=_("Limited to actor"),
        queryset=Actor.objects.order_by("short_name"),
        required=False,
        help_text=_(
            "A token limited to an actor reads that actor's drafts and writes its measures."
        ),
    )


def _apply(token: IntegratorToken, actor: Any) -> None:
    token_limit_to_actor(token=token, actor=actor)


def register_token_options() -> None:
    register_token_option(TokenOption(name="actor", field=_actor_field, apply=_apply))
