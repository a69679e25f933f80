"""Bounded pages of the roadmap for the graph, violations and phase pages: a page holds at most
PAGE_SIZE rows however large the roadmap is. Counts come from the (cached) analysis or from
one aggregate query; only the rows a page shows become report rows or plain item rows."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from portfolio.choices import Phase
from roadmap.choices import Decision
from roadmap.models import RoadmapItem
from roadmap.selectors.analysis import Analysis
from roadmap.selectors.reports import violation_report
from roadmap.selectors.rows import DependencyRow, ItemRow, item_rows

PAGE_SIZE = 100


def _page(rows: Any, number: Any, size: int, count: int | None = None) -> Page:
    paginator = Paginator(rows, size)
    if count is not None:
        paginator.__dict__["count"] = count  # known already (an aggregate)
    return paginator.get_page(number)


def dependencies_in_drawing_order(analysis: Analysis) -> list[DependencyRow]:
    """The dependencies in the order of their successors on the timeline (linked items
    together), computed once per analysis: consecutive pages draw neighbouring parts of the
    graph."""
    memo = analysis.__dict__.get("_drawing_order")
    if memo is None:
        position = {item.pk: i for i, item in enumerate(analysis.items)}
        memo = sorted(
            analysis.dependencies,
            key=lambda d: (position[d.successor_id], position[d.predecessor_id], d.pk),
        )
        analysis.__dict__["_drawing_order"] = memo
    return memo


def graph_page(analysis: Analysis, number: Any, *, size: int = PAGE_SIZE) -> Page:
    """One page of dependencies (at most `size`), in drawing order."""
    return _page(dependencies_in_drawing_order(analysis), number, size)


def violation_page(analysis: Analysis, number: Any, *, size: int = PAGE_SIZE) -> Page:
    """One page of the dependencies the plan breaks; its `rows` are the report rows of the
    page only."""
    page = _page(analysis.violations, number, size)
    page.rows = violation_report(analysis, page.object_list)
    return page


PHASE_ORDER = [*Phase.values, ""]


def _phase_rank() -> Case:
    return Case(
        *[When(phase=value, then=Value(i)) for i, value in enumerate(PHASE_ORDER)],
        default=Value(len(PHASE_ORDER)),
        output_field=IntegerField(),
    )


def phase_counts(items: QuerySet[RoadmapItem]) -> list[dict[str, Any]]:
    """Decided and tentative items per phase (lifecycle order, "no phase" last): one
    aggregate query."""
    counts = {
        row["phase"]: row
        for row in items.order_by()
        .values("phase")
        .annotate(
            total=Count("pk"),
            decided=Count("pk", filter=Q(decision=Decision.DECIDED)),
        )
    }
    groups = []
    for value in PHASE_ORDER:
        row = counts.get(value)
        if row:
            groups.append(
                {
                    "phase": value,
                    "total": row["total"],
                    "decided": row["decided"],
                    "tentative": row["total"] - row["decided"],
                }
            )
    return groups


def phase_page(
    items: QuerySet[RoadmapItem], number: Any, *, total: int, size: int = PAGE_SIZE
) -> tuple[Page, list[ItemRow]]:
    """One page of the items in phase order, then by planned start; the page's items as
    plain rows with their national solutions. `total` is the count (from `phase_counts`)."""
    ordered = (
        items.filter(phase__in=PHASE_ORDER)
        .annotate(phase_rank=_phase_rank())
        .order_by("phase_rank", "planned_start", "code", "pk")
        .values_list("pk", flat=True)
    )
    page = _page(ordered, number, size, count=total)
    ids = list(page.object_list)
    by_id = {
        row.pk: row
        for row in item_rows(RoadmapItem.objects.filter(pk__in=ids), with_solutions=True)
    }
    return page, [by_id[pk] for pk in ids if pk in by_id]
