from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from core.extensions import render_slot

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context: Any, name: str, obj: Any = None) -> SafeString:
    """Panels other apps registered for this place (see core.extensions)."""
    return render_slot(name, context, obj)
