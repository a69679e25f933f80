"""Integrator tokens limited to one actor: portfolio owns that scoping (`TokenActor`), offers
it on the office's token form (core.forms.TokenOption) and tells core that such a token does
not see everything (core.policy.TokenLimit). A token limited to an actor reads that actor's
drafts and writes its measures."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _

from core.forms import TokenOption, register_token_option
from core.models import IntegratorToken
from core.policy import TokenLimit, register_token_limit
from core.services import log_fields
from portfolio.models import Actor, TokenActor


def token_actor_id(token: Any) -> int | None:
    """The id of the actor `token` is limited to; None for no token or no limit."""
    if not isinstance(token, IntegratorToken) or token.pk is None:
        return None
    try:
        return token.actor_link.actor_id
    except ObjectDoesNotExist:
        return None


def token_actor(token: Any) -> Actor | None:
    """The actor `token` is limited to, or None."""
    if token_actor_id(token) is None:
        return None
    return token.actor_link.actor


def token_limit_to_actor(*, token: IntegratorToken, actor: Actor | None) -> None:
    """Limit `token` to `actor` (None: no limit), logged with the token's history."""
    before = token_actor_id(token)
    after = getattr(actor, "pk", None)
    if before == after:
        return
    if actor is None:
        TokenActor.objects.filter(token=token).delete()
        token.actor_link = None  # type: ignore[assignment]  # caches "no link"
    else:
        token.actor_link = TokenActor.objects.update_or_create(
            token=token, defaults={"actor": actor}
        )[0]
    log_fields(token, action="update", before={"actor": before}, after={"actor": after})


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
    register_token_option(
        TokenOption(
            name="actor",
            field=_actor_field,
            apply=_apply,
            label=_("Limited to actor"),
            shown=token_actor,
        )
    )
    register_token_limit(
        TokenLimit(
            name="actor",
            applies=lambda token: token_actor_id(token) is not None,
            related=("actor_link__actor",),
        )
    )
