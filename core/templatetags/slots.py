from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from core import slots

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context: Any, name: str, **kwargs: Any) -> SafeString:
    """Render what the installed apps registered for the slot `name` (see core.slots)."""
    request = context.get("request")
    parts = []
    for entry in slots.entries(name):
        extra = entry.context(request, **kwargs)
        if extra is None:
            continue
        parts.append(render_to_string(entry.template, {**context.flatten(), **extra}, request))
    return mark_safe("".join(parts))  # noqa: S308 - rendered templates, autoescaped
