from typing import Any

from django import template

register = template.Library()


@register.filter
def attr_value(obj: Any, name: str) -> Any:
    """A field of an object by a name held in a variable (score columns)."""
    return getattr(obj, name, None)
