"""Bounded pages of the roadmap for the graph, violations and phase pages: a page holds at most
PAGE_SIZE rows however large the roadmap is. Counts come from the (cached) analysis or from
one aggregate query; only the rows a page shows become report rows or plain item rows."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from core import data_version
from portfolio.choices import Phase
from roadmap.choices import Decision
from roadmap.models import RoadmapItem
from roadmap.selectors.analysis import ANALYSIS_KEYS, Analysis
from roadmap.selectors.reports import scheduled_row, violation_report
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
        position = analysis.position
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


def phase_counts(items: QuerySet[RoadmapItem]) -> list[dict[str, Any]]:
    """Decided and tentative items per phase (lifecycle order, "no phase" last): one
    aggregate query, cached per data version and per query (the query text holds the
    caller's scope and filters)."""
    try:
        scope = hashlib.sha256(str(items.order_by().query).encode()).hexdigest()
    except EmptyResultSet:  # a query that can match nothing
        return []
    return data_version.cached_many(
        ANALYSIS_KEYS, ("roadmap-phase-counts", scope), lambda: _phase_counts(items)
    )


def _phase_counts(items: QuerySet[RoadmapItem]) -> list[dict[str, Any]]:
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


class _InPhaseOrder:
    """The items' ids in phase order, then by planned start and code, for a Paginator: the
    per-phase counts are known, so a slice costs one query per phase it spans (a sort within
    one phase, never over the whole roadmap)."""

    def __init__(self, items: QuerySet[RoadmapItem], counts: list[dict[str, Any]]) -> None:
        self.items = items
        self.counts = counts
        self.total = sum(row["total"] for row in counts)

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, window: slice) -> list[int]:
        start, stop = window.start or 0, min(window.stop or self.total, self.total)
        ids: list[int] = []
        low = 0
        for row in self.counts:
            high = low + row["total"]
            if high > start and low < stop:
                ordered = self.items.filter(phase=row["phase"]).order_by(
                    "planned_start", "code", "pk"
                )
                ids += ordered.values_list("pk", flat=True)[max(start, low) - low : stop - low]
            low = high
        return ids


def phase_page(
    items: QuerySet[RoadmapItem],
    number: Any,
    *,
    counts: list[dict[str, Any]],
    size: int = PAGE_SIZE,
) -> tuple[Page, list[ItemRow]]:
    """One page of the items in phase order, then by planned start; the page's items as
    plain rows with their national solutions. `counts` are the `phase_counts` of `items`."""
    page = Paginator(_InPhaseOrder(items, counts), size).get_page(number)
    ids = list(page.object_list)
    by_id = {
        row.pk: row
        for row in item_rows(RoadmapItem.objects.filter(pk__in=ids), with_solutions=True)
    }
    return page, [by_id[pk] for pk in ids if pk in by_id]


def critical_path_entries(analysis: Analysis) -> list[tuple[int, int]]:
    """(path number, item id) for every item on a critical path, path by path (number 0 is
    the longest span), computed once per analysis: the API pages through it."""
    memo = analysis.__dict__.get("_critical_entries")
    if memo is None:
        memo = [(n, pk) for n, path in enumerate(analysis.critical_paths) for pk in path]
        analysis.__dict__["_critical_entries"] = memo
    return memo


def critical_path_of(analysis: Analysis) -> dict[int, int]:
    """Item id → the number of the critical path it lies on (the first, if several)."""
    memo = analysis.__dict__.get("_critical_path_of")
    if memo is None:
        memo = {}
        for n, pk in critical_path_entries(analysis):
            memo.setdefault(pk, n)
        analysis.__dict__["_critical_path_of"] = memo
    return memo


def scheduled_rows(analysis: Analysis, entries: Any) -> list[dict[str, Any]]:
    """Report rows of the given (path number or None, item id) entries only: one page."""
    return [{**scheduled_row(analysis, analysis.by_id[pk]), "path": n} for n, pk in entries]


class _AllScheduled:
    """Every item of the analysis in schedule order as (path number or None, item id), for a
    Paginator: a slice touches only the rows it returns."""

    def __init__(self, analysis: Analysis) -> None:
        self.items = analysis.items
        self.on_path = critical_path_of(analysis)

    def __len__(self) -> int:
        return len(self.items)

    def count(self) -> int:
        return len(self.items)

    def __getitem__(self, window: slice) -> list[tuple[int | None, int]]:
        return [(self.on_path.get(item.pk), item.pk) for item in self.items[window]]


def scheduled_entries(analysis: Analysis, *, every_item: bool) -> Any:
    """The entries the critical-path API pages through: the critical paths, or every item."""
    return _AllScheduled(analysis) if every_item else critical_path_entries(analysis)
