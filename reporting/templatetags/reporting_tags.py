from __future__ import annotations

from typing import Any

from django import template

from reporting import formatting

register = template.Library()

register.filter("date_no", formatting.date_no)
register.filter("mnok_text", formatting.mnok_text)
register.filter("light_label", formatting.light_label)
register.filter("phase_label", formatting.phase_label)
register.filter("signed_days", formatting.signed_days)
register.filter("percent_no", formatting.percent_no)


@register.inclusion_tag("reporting/partials/trend.html")
def trend_dots(trend: list[str], periods: list[Any]) -> dict[str, Any]:
    """A row of dots, one per round (oldest first), with the same as text for screen readers."""
    names = [getattr(p, "name", p) for p in periods]
    points = [
        {"x": 6 + i * 14, "light": light, "period": names[i] if i < len(names) else ""}
        for i, light in enumerate(trend)
    ]
    return {"points": points, "width": 12 + 14 * max(len(trend) - 1, 0)}
