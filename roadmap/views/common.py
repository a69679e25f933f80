"""What the roadmap pages share: the filtered items, the timeline picture, the form page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.listing import section_page
from roadmap import policies, selectors, timeline
from roadmap.filtersets import RoadmapItemFilterSet

CSS = "ds-input"
TIMELINE_PAGE_SIZE = 100
# a what-if, move preview or scenario draws the items changed on purpose and the first of
# those pushed, in schedule order, up to this many bars; its table lists them a page at a time
CONSEQUENCE_ITEMS = 100


def consequence_items(report: dict[str, Any], seeds: Any = ()) -> set[int]:
    """The items a consequence chart draws (see CONSEQUENCE_ITEMS)."""
    ids = [
        *seeds,
        *(c["id"] for c in report.get("changed", ())),
        *(m["id"] for m in report["moved"]),
    ]
    return set(list(dict.fromkeys(ids))[:CONSEQUENCE_ITEMS])


def moved_section(request: HttpRequest | None, report: dict[str, Any]) -> dict[str, Any]:
    """The table of pushed items: a page of it (`moved_page`) on a page reached by GET, the
    first CONSEQUENCE_ITEMS on a preview answered to a POST (which has no page links)."""
    label = _("Pages of items that move")
    if request is not None:
        return section_page(request, report["moved"], "moved_page", label, CONSEQUENCE_ITEMS)
    rows = report["moved"][:CONSEQUENCE_ITEMS]
    return {"page": None, "rows": rows, "count": len(report["moved"]), "label": label}


def filtered_items(request: HttpRequest, **fixed: Any) -> tuple[RoadmapItemFilterSet, Any]:
    data = request.GET.copy()
    for key, value in fixed.items():
        data.setlist(key, [str(value)])
    base = selectors.items_visible_to(request.user)
    filterset = RoadmapItemFilterSet(data or None, queryset=base, request=request)
    for field in filterset.form.fields.values():
        field.widget.attrs.setdefault("class", CSS)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    return filterset, qs


def timeline_picture(
    analysis: selectors.Analysis,
    moved: set[int] | None = None,
    *,
    only: set[int] | None = None,
    overrides: dict[int, tuple[dt.date, dt.date]] | None = None,
    user: Any = None,
) -> dict[str, Any]:
    """The timeline geometry; `only`: draw just these items (one page) and the links among
    them; `overrides` draws some items at other dates (a preview or a scenario), `user` marks
    the bars that user may move on the timeline."""
    critical = analysis.critical_ids
    critical_pairs = analysis.critical_pairs
    overrides = overrides or {}
    rows = []
    for item in analysis.items if only is None else analysis.items_among(only):
        start, end = overrides.get(item.pk, (item.start, item.end))
        editable = user is not None and policies.can_edit_item(user, item)
        rows.append(
            {
                "id": item.pk,
                "label": item.name,
                "actor": item.actor.short_name,
                "kind": item.kind,
                "decided": item.is_decided,
                "critical": item.pk in critical,
                "moved": bool(moved and item.pk in moved),
                "start": start,
                "end": end,
                "url": reverse("roadmap:item", args=[item.pk]),
                "move_url": reverse("roadmap:item-move", args=[item.pk]) if editable else "",
                "version": item.version,
            }
        )
    deps = [
        {
            "predecessor": d.predecessor_id,
            "successor": d.successor_id,
            "kind": d.kind,
            "critical": (d.predecessor_id, d.successor_id) in critical_pairs,
        }
        for d in (analysis.dependencies if only is None else analysis.dependencies_among(only))
    ]
    return timeline.gantt(rows, deps, today=dt.date.today())


def table_rows(analysis: selectors.Analysis) -> list[dict[str, Any]]:
    return [selectors.scheduled_row(analysis, item) | {"item": item} for item in analysis.items]


def form_page(
    request: HttpRequest,
    form: Any,
    *,
    heading: str,
    submit: str,
    cancel: str,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    return render(
        request,
        "roadmap/edit_form.html",
        {
            "nav": "roadmap",
            "form": form,
            "heading": heading,
            "submit": submit,
            "cancel": cancel,
            **extra,
        },
        status=status,
    )
