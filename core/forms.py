"""The forms' shared styling, and the office forms for integrator tokens and webhook
subscriptions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core import policy
from core.access import integrator_role
from core.models import IntegratorToken, WebhookEvent
from core.validators import validate_rate_limit, validate_webhook_url

INPUT = "ds-input"


class StyledFormMixin:
    """Give every widget the design system's class and point aria-describedby at its error."""

    def _style(self) -> None:
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "ds-input")
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            else:
                widget.attrs.setdefault("class", INPUT)
            if self.errors.get(name) if self.is_bound else False:  # type: ignore[attr-defined]
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}-error"  # type: ignore[attr-defined]


class CodesInput(forms.TextInput):
    """Several codes in one text field, separated by spaces or commas (a list to the form)."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        text = " ".join(data.getlist(name)) if hasattr(data, "getlist") else data.get(name, "")
        return [code for code in text.replace(",", " ").split() if code]

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, (list, tuple)):
            return " ".join(str(v) for v in value if v not in (None, ""))
        return super().format_value(value)


def offer_choices(
    field: forms.ModelChoiceField, queryset: QuerySet, *, code_field: str = "code"
) -> None:
    """Give a choice field its options (what the caller may choose). Above
    `core.policy.OPTION_LIMIT` options a pick list would weigh megabytes at national scale, so
    the field becomes a text input for the object's code, checked against the same queryset:
    the same objects are accepted, and an unknown code gets an error naming the field."""
    field.queryset = queryset
    ids = queryset.order_by().values_list("pk", flat=True)[: policy.OPTION_LIMIT + 1]
    if len(ids) <= policy.OPTION_LIMIT:
        return
    multiple = isinstance(field, forms.ModelMultipleChoiceField)
    field.to_field_name = code_field
    attrs = {"autocomplete": "off", "spellcheck": "false"}
    field.widget = CodesInput(attrs=attrs) if multiple else forms.TextInput(attrs=attrs)
    example = queryset.order_by().values_list(code_field, flat=True).first()
    hint = (
        _("Type the codes, separated by spaces, for example %(code)s.")
        if multiple
        else _("Type the code, for example %(code)s.")
    ) % {"code": example}
    field.help_text = f"{field.help_text} {hint}".strip() if field.help_text else hint
    field.error_messages = {
        **field.error_messages,
        "invalid_choice": _("No such code among those you may choose."),
        "invalid_pk_value": _("No such code among those you may choose: %(pk)s."),
    }
    model, prepare = queryset.model, field.prepare_value

    def code_of(value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):  # an initial primary key
            found = model._default_manager.filter(pk=value).values_list(code_field, flat=True)
            return found.first() or ""
        return value

    def prepare_value(value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return prepare([code_of(v) for v in value])
        return prepare(code_of(value))

    field.prepare_value = prepare_value  # type: ignore[method-assign]


def integrator_users() -> Any:
    return get_user_model().objects.filter(groups__name=integrator_role()).order_by("username")


@dataclass(frozen=True)
class TokenOption:
    """A setting of a token that an app above core owns (portfolio: "limited to actor"),
    registered in its `AppConfig.ready`: a field on the office's token form, applied to the
    new token in the same transaction."""

    name: str
    field: Callable[[], forms.Field]
    apply: Callable[[IntegratorToken, Any], None]
    label: Any = ""  # the column heading on the token pages
    shown: Callable[[IntegratorToken], Any] = lambda token: None  # what a token's row shows


def token_option_values(token: IntegratorToken) -> list[tuple[Any, Any]]:
    """(label, value) of every registered option for one token, for the token pages."""
    return [(option.label, option.shown(token)) for option in token_options()]


_TOKEN_OPTIONS: dict[str, TokenOption] = {}


def register_token_option(option: TokenOption) -> None:
    _TOKEN_OPTIONS[option.name] = option


def token_options() -> list[TokenOption]:
    return list(_TOKEN_OPTIONS.values())


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
    rate_limit = forms.CharField(
        label=_("Rate limit"),
        initial="1000/hour",
        max_length=20,
        validators=[validate_rate_limit],
        help_text=_("Requests per second, minute, hour or day, e.g. “1000/hour”."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = integrator_users()
        rate_limit = self.fields.pop("rate_limit")
        for option in token_options():
            self.fields[option.name] = option.field()
        self.fields["rate_limit"] = rate_limit

    def option_fields(self) -> list[Any]:
        return [self[option.name] for option in token_options()]

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
