from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def material(item: Any, name: str) -> list[Any]:
    """The (prefetched) linked material of one kind on an agenda item."""
    return list(getattr(item, name).all())
