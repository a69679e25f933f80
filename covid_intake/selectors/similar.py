"""Similar suggestions and measures for a suggestion's text (likely duplicates, overlaps).

PostgreSQL narrows the candidates with full-text indexes (on the suggestions' search text and
the measures' name and purpose) before scoring them with the trigram similarity of
`covid_intake.similarity`; SQLite scores every row in Python."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from covid_intake import similarity
from covid_intake.models import Suggestion
from covid_intake.selectors.suggestions import suggestions_visible_to
from portfolio.models import Measure
from portfolio.selectors import measures_visible_to

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
