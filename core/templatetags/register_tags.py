from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import template
from django.http import QueryDict
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core import access
from core.charts import mnok
from core.forms import token_option_values
from core.forms import token_options as registered_token_options
from core.history import readable_history as render_history
from core.history import translate_stored
from core.money import format_amount, format_kr, format_mnok
from core.policy import sees_everything

register = template.Library()


@register.filter
def as_mnok(value: Decimal | float | None) -> str:
    return mnok(value)


@register.filter
def nok(value: Decimal | float | None) -> str:
    """2500000.5 -> "2 500 000,50" (grouped, øre only when there are any; no unit)."""
    return format_amount(value)


@register.filter
def kr(value: Decimal | float | None) -> str:
    """2500000 -> "2 500 000 kr"."""
    return format_kr(value)


@register.filter
def mnok_unit(value: Decimal | float | None) -> str:
    """2500000 -> "2,5 MNOK" (millions with one decimal and the unit)."""
    return format_mnok(value)


@register.filter
def percent_of_one(value: Decimal | float | None) -> str:
    """0.00012 -> "0.012 %" (localised decimal separator)."""
    if value is None or value == "":
        return "–"
    return f"{number_format(Decimal(str(value)) * 100, 3)}\u00a0%"


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **kwargs: Any) -> str:
    """The current query string with some parameters replaced (for sorting and paging links)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def add_class(field: Any, css: str) -> Any:
    return field.as_widget(attrs={"class": css})


@register.filter
def change_text(pair: Any) -> str:
    """Render one field's change: [old, new] as "old → new", {added: [...]} as "added: …"."""
    if isinstance(pair, list) and len(pair) == 2:
        old, new = ("–" if v in (None, "") else v for v in pair)
        return f"{old} → {new}"
    if isinstance(pair, dict):
        return "; ".join(
            f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in pair.items()
        )
    return str(pair)


@register.simple_tag(takes_context=True)
def readable_history(context: dict[str, Any], changes: Any) -> list[Any]:
    """History rows as readable entries; the public sees organisations, not names or links."""
    request = context.get("request")
    user = getattr(request, "user", None)
    public = not (user is not None and user.is_authenticated)
    return render_history(changes, public=public, names=sees_everything(user))


@register.filter
def role_label(name: str) -> str:
    """A role's name as people say it ("Aktørrepresentant"), never the group code."""
    return access.role_label(name)


@register.filter
def code_marks(text: Any) -> str:
    """Escape a text and show its `backticked` parts as <code> (literal values of a file)."""
    return mark_safe(re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(str(text))))  # noqa: S308


@register.filter
def stored_text(text: Any) -> str:
    """A stored text (a default criterion label, a history message) in the reader's language
    when the catalog knows it; as typed otherwise."""
    return translate_stored(str(text)) if text not in (None, "") else ""


@register.simple_tag
def token_options(token: Any) -> list[tuple[Any, Any]]:
    """`{% token_options token as options %}`: (label, value) of the settings other apps add
    to tokens (e.g. the actor a token is limited to)."""
    return token_option_values(token)


@register.simple_tag
def token_option_labels() -> list[Any]:
    """`{% token_option_labels as heads %}`: the headings of those settings."""
    return [option.label for option in registered_token_options()]
