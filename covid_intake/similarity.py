"""Text similarity for duplicates and overlaps: pure functions, no ORM.

The score is the trigram similarity PostgreSQL's pg_trgm computes (each word padded with two
spaces in front and one behind, then |A ∩ B| / |A ∪ B|), so the SQLite fallback and the
PostgreSQL index rank alike. Texts are normalised first, the same way on both backends.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Common bokmål/nynorsk function words; they carry no meaning for matching topics.
STOPWORDS = frozenset(
    [
        "og",
        "i",
        "på",
        "til",
        "av",
        "for",
        "med",
        "som",
        "er",
        "det",
        "en",
        "et",
        "ei",
        "den",
        "de",
        "at",
        "om",
        "å",
        "fra",
        "har",
        "kan",
        "vil",
        "skal",
        "ikke",
        "så",
        "eller",
        "men",
        "også",
        "ved",
        "hvor",
        "hva",
        "hvordan",
        "når",
        "der",
        "her",
        "mer",
        "mest",
        "alle",
        "andre",
        "noe",
        "noen",
        "være",
        "vært",
        "blir",
        "ble",
        "bli",
        "jeg",
        "vi",
        "du",
        "dere",
        "han",
        "hun",
        "seg",
        "sin",
        "sitt",
        "sine",
        "oss",
        "meg",
        "deg",
        "dette",
        "disse",
        "denne",
        "slik",
        "etter",
        "over",
        "under",
        "mot",
        "uten",
        "inn",
        "ut",
        "opp",
        "ned",
        "enn",
        "som",
        "sånn",
    ]
)
_FOREIGN = re.compile(r"[^\x00-\x7fæøå]")  # letters that may carry accents to fold
_NON_WORD = re.compile(r"[^0-9a-zæøå]+")
# Enough text to tell two suggestions apart; keeps index entries and trigram sets small.
SEARCH_TEXT_LENGTH = 400
LIKELY_DUPLICATE = 0.6


def normalise(text: str) -> str:
    """Lower case, accents folded (é→e, ü→u) but æ, ø, å kept, everything else a space."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    if _FOREIGN.search(text):
        text = unicodedata.normalize("NFKD", text.replace("å", "\x00"))
        text = "".join(c for c in text if not unicodedata.combining(c)).replace("\x00", "å")
    return " ".join(_NON_WORD.sub(" ", text).split())


def search_text(*parts: str, length: int = SEARCH_TEXT_LENGTH) -> str:
    """The normalised text that is indexed and compared: the parts joined, cut at a word."""
    text = normalise(" ".join(p for p in parts if p))
    if len(text) <= length:
        return text
    cut = text[:length]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


def tokens(text: str) -> set[str]:
    """Meaningful words of a text (normalised, stopwords and one-letter words dropped)."""
    return {w for w in normalise(text).split() if len(w) > 1 and w not in STOPWORDS}


def query_terms(text: str, n: int = 8) -> list[str]:
    """The `n` most distinctive words of a text for finding candidates: long words first
    (compounds like "smittesporingsapp" are rare), stopwords and short words left out."""
    words = sorted({w for w in tokens(text) if len(w) >= 4}, key=lambda w: (-len(w), w))
    return words[:n]


def trigrams(text: str) -> set[str]:
    """pg_trgm's trigram set of an already normalised text."""
    out: set[str] = set()
    for word in text.split():
        padded = f"  {word} "
        out.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return out


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def similarity(a: str, b: str) -> float:
    """0 (nothing in common) to 1 (the same words) for two raw texts."""
    return round(jaccard(trigrams(normalise(a)), trigrams(normalise(b))), 3)


def most_similar(
    query: str,
    candidates: Iterable[tuple[int, str]],
    *,
    limit: int = 5,
    threshold: float = 0.15,
) -> list[tuple[int, float]]:
    """The `limit` candidates most similar to `query`, best first, at or above `threshold`.

    `candidates` are (id, search text) pairs, e.g. stored search texts."""
    q = trigrams(search_text(query))
    if not q:
        return []
    scored = []
    for pk, text in candidates:
        score = jaccard(q, trigrams(text))
        if score >= threshold:
            scored.append((pk, round(score, 3)))
    scored.sort(key=lambda kv: (-kv[1], kv[0]))
    return scored[:limit]


def is_likely_duplicate(score: float, threshold: float = LIKELY_DUPLICATE) -> bool:
    return score >= threshold
