"""Reads of the intake, scoped to the caller. Suggestions hold personal data (submitters),
so only the office, the steering group and the assigned working groups see them."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import Avg, Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

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
# Matches considered for ranking: when even the rarest words are common (thousands of
# matches), ranking every match would cost more than the whole page may take.
CANDIDATE_POOL = 300
RARE_TERMS = 6
# A word in more than this share of the rows does not tell candidates apart; it is searched
# for only when the text has no rarer word.
COMMON_SHARE = 0.05
# The expression of the measures' full-text index (migration 0004_measure_search_index).
MEASURE_TSVECTOR = "to_tsvector('norwegian'::regconfig, m.name || ' ' || m.purpose)"
# (pg_stats table, column) of the two full-text searches
SUGGESTION_STATS = ("covid_intake_suggestion", "search_vector")
MEASURE_STATS = ("covid_intake_measure_search_fts", "to_tsvector")
_lexeme_stats: dict[tuple[str, str], tuple[float, dict[str, float]]] = {}


def _use_full_text_index() -> bool:
    return connection.vendor == "postgresql"


def _lexeme_frequencies(cursor: Any, stats: tuple[str, str]) -> dict[str, float]:
    """Share of rows containing each common lexeme, from the planner's statistics (ANALYZE);
    read at most every ten minutes. Lexemes not listed are rare."""
    at, freq = _lexeme_stats.get(stats, (-1e9, {}))
    if time.monotonic() - at > 600:
        cursor.execute(
            "SELECT most_common_elems::text, most_common_elem_freqs FROM pg_stats "
            "WHERE tablename = %s AND attname = %s",
            list(stats),
        )
        row = cursor.fetchone()
        freq = {}
        if row and row[0]:
            elems = [e.strip('"') for e in row[0].strip("{}").split(",")]
            freq = dict(zip(elems, row[1], strict=False))
        _lexeme_stats[stats] = (time.monotonic(), freq)
    return freq


def _rare_terms(cursor: Any, query: str, stats: tuple[str, str]) -> str:
    """1. the text's lexemes (Norwegian stemming); 2. the rarest few by the searched rows'
    statistics, leaving out common ones unless there is nothing rarer; 3. a tsquery that
    matches any of them ("" when the text has no word)."""
    cursor.execute("SELECT lexeme FROM unnest(to_tsvector('norwegian', %s))", [query])
    lexemes = [r[0] for r in cursor.fetchall() if r[0].isalnum()]
    freq = _lexeme_frequencies(cursor, stats) if lexemes else {}
    ranked = sorted(lexemes, key=lambda lex: (freq.get(lex, 0.0), -len(lex)))
    rare = [lex for lex in ranked if freq.get(lex, 0.0) <= COMMON_SHARE][:RARE_TERMS]
    return " | ".join(rare or ranked[:1])


def _full_text_candidates(query: str, exclude_pk: int | None) -> list[tuple[int, str]]:
    """The GIN index finds suggestions sharing the text's rarest words; of at most
    CANDIDATE_POOL of them, the best CANDIDATES by ts_rank."""
    with connection.cursor() as cursor:
        terms = _rare_terms(cursor, query, SUGGESTION_STATS)
        if not terms:
            return []
        cursor.execute(
            "WITH q AS (SELECT to_tsquery('simple', %s) AS q), pool AS ("
            " SELECT s.id, s.search_text, s.search_vector FROM covid_intake_suggestion s, q"
            " WHERE s.search_vector @@ q.q AND s.id <> %s LIMIT %s) "
            "SELECT pool.id, pool.search_text FROM pool, q "
            "ORDER BY ts_rank(pool.search_vector, q.q) DESC, pool.id DESC LIMIT %s",
            [terms, exclude_pk or 0, CANDIDATE_POOL, CANDIDATES],
        )
        return cursor.fetchall()


def _full_text_measures(query: str, measures: QuerySet[Measure]) -> list[tuple[int, str, str]]:
    """As `_full_text_candidates`, over the measures' name and purpose (the expression
    index), among the given (visible) measures."""
    visible_sql, visible_params = measures.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        terms = _rare_terms(cursor, query, MEASURE_STATS)
        if not terms:
            return []
        cursor.execute(
            "WITH q AS (SELECT to_tsquery('simple', %s) AS q), pool AS ("
            f" SELECT m.id, m.name, m.purpose FROM portfolio_measure m, q"
            f" WHERE {MEASURE_TSVECTOR} @@ q.q AND m.id IN ({visible_sql}) LIMIT %s) "
            "SELECT m.id, m.name, m.purpose FROM pool m, q "
            f"ORDER BY ts_rank({MEASURE_TSVECTOR}, q.q) DESC, m.id DESC LIMIT %s",
            [terms, *visible_params, CANDIDATE_POOL, CANDIDATES],
        )
        return cursor.fetchall()


def similar_suggestion_scores(
    text: str, *, exclude_pk: int | None = None, limit: int = SIMILAR_LIMIT
) -> list[tuple[int, float]]:
    """(id, score) of the suggestions whose text is most like `text`, best first.

    PostgreSQL: the full-text GIN index narrows the candidates to those sharing the text's
    rarest words (up to 50), and those are scored with the trigram similarity. Elsewhere
    (SQLite) every suggestion is scored in Python."""
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
    """(id, score) of the given measures most like `text`, best first: on PostgreSQL among
    the candidates of the measures' full-text index, elsewhere over every measure."""
    query = similarity.search_text(text)
    if not query:
        return []
    if _use_full_text_index():
        found = _full_text_measures(query, measures)
    else:
        found = measures.values_list("id", "name", "purpose")
    rows = ((pk, _measure_text(name, purpose)) for pk, name, purpose in found)
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
