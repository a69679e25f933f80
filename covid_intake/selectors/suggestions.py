"""Reads of suggestions, scoped to the caller: lists, details, the board, counts and the
combined assessment scores. Suggestions hold personal data (submitters), so only the office,
the steering group and the assigned working groups see them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from covid_intake import assessment_scores as scoring
from covid_intake import policies
from covid_intake.choices import SuggestionStatus
from covid_intake.criteria import CODES
from covid_intake.models import Assessment, Attachment, Category, Decision, Suggestion, WorkingGroup


def suggestions_visible_to(user: Any, token: Any = None) -> QuerySet[Suggestion]:
    """The rule is `covid_intake.policies.visible_suggestions`."""
    return policies.visible_suggestions(user, token)


def suggestion_list(user: Any, token: Any = None) -> QuerySet[Suggestion]:
    """Everything a list row or API item shows, in a fixed number of queries."""
    return (
        suggestions_visible_to(user, token)
        .select_related("category", "proposed_category", "working_group", "merged_into")
        .prefetch_related("target_groups")
        .annotate(assessment_count=_assessment_count())
    )


def _assessment_count() -> Coalesce:
    """Assessments per suggestion as a correlated subquery: computed for the rows of the page
    only, where a join and GROUP BY would count every suggestion before paging."""
    per_suggestion = (
        Assessment.objects.filter(suggestion=OuterRef("pk"))
        .order_by()
        .values("suggestion")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(per_suggestion, output_field=IntegerField()), 0)


def suggestion_detail(user: Any, pk: int, token: Any = None) -> Suggestion | None:
    return (
        suggestions_visible_to(user, token)
        .select_related(
            "category", "proposed_category", "working_group", "merged_into", "promoted_measure"
        )
        .prefetch_related(
            "target_groups",
            "attachments",
            "merged_suggestions",
            "overlaps__measure",
            Prefetch("assessments", queryset=Assessment.objects.select_related("assessor")),
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("decided_by", "proposed_owner"),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def public_status(reference: str) -> Suggestion | None:
    """For the public status page: the status only, found by the exact reference."""
    return (
        Suggestion.objects.filter(reference=reference.strip().upper())
        .only("reference", "status", "received_at", "merged_into__reference")
        .select_related("merged_into")
        .first()
    )


def attachment_visible_to(user: Any, pk: int) -> Attachment | None:
    return Attachment.objects.filter(pk=pk, suggestion__in=suggestions_visible_to(user)).first()


def board_columns(user: Any, *, cards: int) -> list[dict[str, Any]]:
    """One column per status: its label, count and newest `cards` suggestions."""
    visible = suggestions_visible_to(user)
    counts = dict(visible.order_by().values_list("status").annotate(n=Count("id")))
    columns = []
    for value, label in SuggestionStatus.choices:
        rows = (
            list(
                visible.filter(status=value)
                .select_related("category")
                .only("id", "reference", "title", "status", "category__name")
                .order_by("-received_at", "-id")[:cards]
            )
            if counts.get(value)
            else []
        )
        columns.append(
            {"status": value, "label": label, "count": counts.get(value, 0), "cards": rows}
        )
    return columns


def categories() -> QuerySet[Category]:
    return Category.objects.all()


def working_groups() -> QuerySet[WorkingGroup]:
    return WorkingGroup.objects.prefetch_related("members")


# --- counts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountTable:
    statuses: list[tuple[str, str]]
    rows: list[dict[str, Any]]  # {"id", "name", "counts": {status: n}, "total": n}
    status_totals: dict[str, int]
    total: int


def counts_by_category_and_status(suggestions: QuerySet[Suggestion]) -> CountTable:
    """A category × status table of the given suggestions; uncategorised is its own row, so
    rows and columns both add up to the total. Each suggestion counts once: a queryset made
    distinct (a multi-valued filter's join repeats rows) is counted over its ids, not over
    the joined rows."""
    once = (
        Suggestion.objects.filter(pk__in=suggestions.order_by().values("pk"))
        if suggestions.query.distinct
        else suggestions
    )
    raw = once.order_by().values_list("category_id", "status").annotate(n=Count("id"))
    cells: dict[int | None, dict[str, int]] = defaultdict(dict)
    for category_id, status, n in raw:
        cells[category_id][status] = n
    names = dict(Category.objects.values_list("id", "name"))
    order = list(Category.objects.values_list("id", flat=True))
    rows = []
    for cid in [*order, None]:
        if cid not in cells:
            continue
        counts = cells[cid]
        rows.append(
            {
                "id": cid,
                "name": names.get(cid) if cid else None,
                "counts": counts,
                "total": sum(counts.values()),
            }
        )
    status_totals = {s: sum(r["counts"].get(s, 0) for r in rows) for s in SuggestionStatus.values}
    return CountTable(
        statuses=list(SuggestionStatus.choices),
        rows=rows,
        status_totals=status_totals,
        total=sum(r["total"] for r in rows),
    )


# --- assessment --------------------------------------------------------------------------


def criterion_means(suggestion_ids: list[int] | None = None) -> dict[int, dict[str, float]]:
    """Mean score per criterion per suggestion, from the working groups' assessments."""
    qs = Assessment.objects.all()
    if suggestion_ids is not None:
        qs = qs.filter(suggestion_id__in=list(suggestion_ids))
    rows = qs.order_by().values("suggestion_id").annotate(**{c: Avg(c) for c in CODES})
    return {
        r["suggestion_id"]: {c: round(float(r[c]), 2) for c in CODES if r[c] is not None}
        for r in rows
    }


def _score_rows(assessments: list[Assessment]) -> list[dict[str, int]]:
    return [{c: getattr(a, c) for c in CODES} for a in assessments]


def combine_assessments(assessments: list[Assessment]) -> scoring.CombinedScore:
    """The combined score of the given assessments (already loaded)."""
    return scoring.combine(_score_rows(assessments))


def combined_scores(suggestion_ids: list[int]) -> dict[int, scoring.CombinedScore]:
    """Combined score and disagreement flag per suggestion, in one query."""
    by_suggestion: dict[int, list[dict[str, int]]] = defaultdict(list)
    for row in Assessment.objects.filter(suggestion_id__in=suggestion_ids).values(
        "suggestion_id", *CODES
    ):
        by_suggestion[row.pop("suggestion_id")].append(row)
    return {pk: scoring.combine(rows) for pk, rows in by_suggestion.items()}


def combined_score(suggestion: Suggestion) -> scoring.CombinedScore:
    return combine_assessments(list(suggestion.assessments.all()))


def ranked_for_steering(user: Any) -> list[tuple[Suggestion, scoring.CombinedScore]]:
    """Assessed (and postponed) suggestions, best combined score first."""
    qs = list(
        suggestions_visible_to(user)
        .filter(status__in=[SuggestionStatus.ASSESSED, SuggestionStatus.POSTPONED])
        .select_related("category", "working_group")
    )
    scores = combined_scores([s.pk for s in qs])
    empty = scoring.CombinedScore(assessments=0)
    order = scoring.rank({s.pk: scores.get(s.pk, empty).overall for s in qs})
    by_pk = {s.pk: s for s in qs}
    return [(by_pk[pk], scores.get(pk, empty)) for pk, _ in order]
