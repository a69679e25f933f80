"""Reads of the intake, scoped to the caller. Suggestions hold personal data (submitters),
so only the office, the steering group and the assigned working groups see them."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import Avg, Count, Prefetch, QuerySet

from covid_intake import assessment_scores as scoring
from covid_intake import policies, similarity
from covid_intake.choices import SuggestionStatus
from covid_intake.criteria import CODES
from covid_intake.models import Assessment, Attachment, Category, Decision, Suggestion, WorkingGroup
from portfolio.models import Measure
from portfolio.selectors import measures_visible_to


def suggestions_visible_to(user: Any, token: Any = None) -> QuerySet[Suggestion]:
    """The rule is `covid_intake.policies.visible_suggestions`."""
    return policies.visible_suggestions(user, token)


def suggestion_list(user: Any, token: Any = None) -> QuerySet[Suggestion]:
    """Everything a list row or API item shows, in a fixed number of queries."""
    return (
        suggestions_visible_to(user, token)
        .select_related("category", "proposed_category", "working_group", "merged_into")
        .prefetch_related("target_groups")
        .annotate(assessment_count=Count("assessments", distinct=True))
    )


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
    rows and columns both add up to the total. Each suggestion counts once: the given queryset
    may carry joins (annotations, multi-valued filters) that repeat rows, so the counting runs
    over the suggestions' ids, not over the joined rows."""
    once = Suggestion.objects.filter(pk__in=suggestions.order_by().values("pk"))
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


# --- similarity --------------------------------------------------------------------------

SIMILAR_LIMIT = 5
SIMILAR_THRESHOLD = 0.2


@dataclass(frozen=True)
class SimilarItem:
    kind: str  # "suggestion" or "measure"
    pk: int
    label: str
    title: str
    score: float
    status: str = ""

    @property
    def likely_duplicate(self) -> bool:
        return self.kind == "suggestion" and similarity.is_likely_duplicate(self.score)


CANDIDATES = 50
RARE_TERMS = 6
_lexeme_stats: dict[str, Any] = {"at": -1e9, "freq": {}}


def _use_full_text_index() -> bool:
    return connection.vendor == "postgresql"


def _lexeme_frequencies(cursor: Any) -> dict[str, float]:
    """Share of suggestions containing each common lexeme, from the planner's statistics
    (ANALYZE); read at most every ten minutes. Lexemes not listed are rare."""
    if time.monotonic() - _lexeme_stats["at"] > 600:
        cursor.execute(
            "SELECT most_common_elems::text, most_common_elem_freqs FROM pg_stats "
            "WHERE tablename = 'covid_intake_suggestion' AND attname = 'search_vector'"
        )
        row = cursor.fetchone()
        freq: dict[str, float] = {}
        if row and row[0]:
            elems = [e.strip('"') for e in row[0].strip("{}").split(",")]
            freq = dict(zip(elems, row[1], strict=False))
        _lexeme_stats.update(at=time.monotonic(), freq=freq)
    return _lexeme_stats["freq"]


def _full_text_candidates(query: str, exclude_pk: int | None) -> list[tuple[int, str]]:
    """1. the text's lexemes (Norwegian stemming); 2. keep the rarest few by the column's
    statistics; 3. the GIN index finds suggestions with any of them, best ts_rank first."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT lexeme FROM unnest(to_tsvector('norwegian', %s))", [query])
        lexemes = [r[0] for r in cursor.fetchall() if r[0].isalnum()]
        if not lexemes:
            return []
        freq = _lexeme_frequencies(cursor)
        rare = sorted(lexemes, key=lambda lex: (freq.get(lex, 0.0), -len(lex)))[:RARE_TERMS]
        cursor.execute(
            "SELECT id, search_text FROM covid_intake_suggestion, "
            "to_tsquery('simple', %s) AS q WHERE search_vector @@ q AND id <> %s "
            "ORDER BY ts_rank(search_vector, q) DESC, id DESC LIMIT %s",
            [" | ".join(rare), exclude_pk or 0, CANDIDATES],
        )
        return cursor.fetchall()


def similar_suggestion_scores(
    text: str, *, exclude_pk: int | None = None, limit: int = SIMILAR_LIMIT
) -> list[tuple[int, float]]:
    """(id, score) of the suggestions whose text is most like `text`, best first.

    PostgreSQL: the full-text GIN index finds up to 50 candidates sharing the text's rarest
    words, and those are scored with the trigram similarity. Elsewhere (SQLite) every
    suggestion is scored in Python."""
    query = similarity.search_text(text)
    if not query:
        return []
    if _use_full_text_index():
        rows = _full_text_candidates(query, exclude_pk)
        return similarity.most_similar(query, rows, limit=limit, threshold=SIMILAR_THRESHOLD)
    candidates = Suggestion.objects.exclude(pk=exclude_pk or 0).values_list("id", "search_text")
    return similarity.most_similar(
        query, candidates.iterator(), limit=limit, threshold=SIMILAR_THRESHOLD
    )


@lru_cache(maxsize=4096)
def _measure_text(name: str, purpose: str) -> str:
    return similarity.search_text(name, purpose)


def similar_measure_scores(
    text: str, measures: QuerySet[Measure], *, limit: int = SIMILAR_LIMIT
) -> list[tuple[int, float]]:
    """Measures are few (tens to hundreds): scored in Python on both backends."""
    rows = (
        (pk, _measure_text(name, purpose))
        for pk, name, purpose in measures.values_list("id", "name", "purpose")
    )
    return similarity.most_similar(text, rows, limit=limit, threshold=SIMILAR_THRESHOLD)


def similar_items(
    suggestion: Suggestion, user: Any, token: Any = None, *, limit: int = SIMILAR_LIMIT
) -> dict[str, list[SimilarItem]]:
    """The most similar suggestions (a near-copy is a likely duplicate) and the most similar
    measures the caller may see, each with a score from 0 to 1."""
    text = f"{suggestion.title} {suggestion.description}"
    s_scores = similar_suggestion_scores(text, exclude_pk=suggestion.pk, limit=limit)
    s_rows = suggestions_visible_to(user, token).in_bulk([pk for pk, _ in s_scores])
    measures = measures_visible_to(user, token)
    m_scores = similar_measure_scores(text, measures, limit=limit)
    m_rows = Measure.objects.in_bulk([pk for pk, _ in m_scores])
    return {
        "suggestions": [
            SimilarItem(
                "suggestion",
                pk,
                s_rows[pk].reference,
                s_rows[pk].title,
                score,
                s_rows[pk].get_status_display(),
            )
            for pk, score in s_scores
            if pk in s_rows
        ],
        "measures": [
            SimilarItem(
                "measure",
                pk,
                m_rows[pk].code,
                m_rows[pk].name,
                score,
                m_rows[pk].get_state_display(),
            )
            for pk, score in m_scores
            if pk in m_rows
        ],
    }
