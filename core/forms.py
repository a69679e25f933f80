"""Office forms for integrator tokens and webhook subscriptions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.access import integrator_role
from core.models import IntegratorToken, WebhookEvent
from core.validators import validate_rate_limit, validate_webhook_url


def integrator_users() -> Any:
    return get_user_model().objects.filter(groups__name=integrator_role()).order_by("username")


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, help_text=_("Which system uses it."))
    user = forms.ModelChoiceField(
        label=_("Integrator user"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Choose an existing integrator user, or give a new user name below."),
    )
    new_username = forms.CharField(
        label=_("New integrator user name"), max_length=150, required=False
    )
    scope = forms.ChoiceField(label=_("Scope"), choices=IntegratorToken.Scope.choices)
    actor = forms.ModelChoiceField(
        label=_("Limited to actor"),
        queryset=None,
        required=False,
        help_text=_(
            "A token limited to an actor reads that actor's drafts and writes its measures."
        ),
    )
    rate_limit = forms.CharField(
        label=_("Rate limit"),
        initial="1000/hour",
        max_length=20,
        validators=[validate_rate_limit],
        help_text=_("Requests per second, minute, hour or day, e.g. “1000/hour”."),
    )

    def __init__(self, *args: Any, actors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = integrator_users()
        self.fields["actor"].queryset = actors

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        user, new = data.get("user"), (data.get("new_username") or "").strip()
        if bool(user) == bool(new):
            raise forms.ValidationError(
                _("Choose an integrator user or give a new user name (one of them).")
            )
        if new and get_user_model().objects.filter(username=new).exists():
            self.add_error("new_username", _("That user name is taken."))
        return data


class WebhookForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        validators=[validate_webhook_url],
        assume_scheme="https",
        help_text=_("Deliveries are POSTed here as signed JSON."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )
