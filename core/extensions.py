"""Slots: places in shared pages where apps built on top add their own panels.

A lower app's template names a slot (`{% load slots %}{% slot "measure-detail" measure %}`);
an app that builds on it registers a renderer in its `AppConfig.ready`:

    register_slot("measure-detail", render_recommendations)

The renderer gets the template context and the object and returns HTML (already escaped,
usually from `render_to_string`). So the portfolio's pages show, say, a committee's
recommendation without the portfolio importing the committees app. Slots in use:
`measure-detail`, `public-measure-detail`, `public-index`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

Renderer = Callable[[Any, Any], str]

_slots: dict[str, list[Renderer]] = {}


def register_slot(name: str, renderer: Renderer) -> None:
    renderers = _slots.setdefault(name, [])
    if renderer not in renderers:
        renderers.append(renderer)


def render_slot(name: str, context: Any, obj: Any = None) -> SafeString:
    return mark_safe("".join(r(context, obj) for r in _slots.get(name, [])))  # noqa: S308
