"""Slots: places in a page that other apps fill, so the page's app need not import them.

An app registers a template (and a function giving its context) for a slot name in its
`AppConfig.ready`; a template of another app shows whatever is registered with
`{% load slots %}{% slot "dashboard" measure=measure %}`. Core knows neither side.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ContextFn = Callable[..., dict[str, Any] | None]


@dataclass(frozen=True)
class SlotEntry:
    template: str
    context: ContextFn
    order: int = 100


_REGISTRY: dict[str, list[SlotEntry]] = {}


def register(slot: str, *, template: str, context: ContextFn, order: int = 100) -> None:
    """Show `template` in `slot`; `context(request, **kwargs)` returns its context, or None
    to show nothing for this request. Registering the same template twice is a no-op."""
    entries = _REGISTRY.setdefault(slot, [])
    if any(e.template == template for e in entries):
        return
    entries.append(SlotEntry(template=template, context=context, order=order))
    entries.sort(key=lambda e: e.order)


def entries(slot: str) -> list[SlotEntry]:
    return list(_REGISTRY.get(slot, []))
