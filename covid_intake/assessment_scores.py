"""Combining the working group's assessments: pure functions of plain data, no ORM.

Each assessor gives every criterion of `covid_intake.criteria` an integer 0–5. Per suggestion
we take the mean per criterion, an overall score, and flag criteria where assessors disagree
strongly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from statistics import fmean

from covid_intake.criteria import CODES, WEIGHTS

DISAGREEMENT_SPREAD = 3


@dataclass(frozen=True)
class CombinedScore:
    assessments: int
    means: dict[str, float] = field(default_factory=dict)
    spreads: dict[str, int] = field(default_factory=dict)
    overall: float | None = None
    disputed: tuple[str, ...] = ()

    @property
    def disagreement(self) -> bool:
        return bool(self.disputed)


def criterion_means(assessments: Iterable[Mapping[str, int]]) -> dict[str, float]:
    """Mean score per criterion over the assessments (criteria nobody scored are left out)."""
    rows = list(assessments)
    out: dict[str, float] = {}
    for c in CODES:
        values = [r[c] for r in rows if r.get(c) is not None]
        if values:
            out[c] = round(fmean(values), 2)
    return out


def overall_score(
    means: Mapping[str, float], weights: Mapping[str, float] = WEIGHTS
) -> float | None:
    """Weighted mean of the criterion means, on the same 0–5 scale."""
    used = [(means[c], weights.get(c, 1.0)) for c in CODES if c in means]
    total_weight = sum(w for _, w in used)
    if not total_weight:
        return None
    return round(sum(v * w for v, w in used) / total_weight, 2)


def spreads(assessments: Iterable[Mapping[str, int]]) -> dict[str, int]:
    """Highest minus lowest score per criterion."""
    rows = list(assessments)
    out: dict[str, int] = {}
    for c in CODES:
        values = [r[c] for r in rows if r.get(c) is not None]
        if values:
            out[c] = max(values) - min(values)
    return out


def disputed_criteria(
    assessments: Iterable[Mapping[str, int]], threshold: int = DISAGREEMENT_SPREAD
) -> tuple[str, ...]:
    """Criteria where two assessors are `threshold` or more points apart."""
    return tuple(c for c, s in spreads(assessments).items() if s >= threshold)


def combine(
    assessments: Iterable[Mapping[str, int]], threshold: int = DISAGREEMENT_SPREAD
) -> CombinedScore:
    """1. mean per criterion; 2. weighted overall; 3. spread per criterion; 4. flag spreads
    at or above the threshold for discussion."""
    rows = list(assessments)
    means = criterion_means(rows)
    return CombinedScore(
        assessments=len(rows),
        means=means,
        spreads=spreads(rows),
        overall=overall_score(means),
        disputed=disputed_criteria(rows, threshold),
    )


def rank(scores: Mapping[int, float | None]) -> list[tuple[int, float | None]]:
    """Ids by overall score, best first; unscored last; ties by id (earliest first)."""
    return sorted(scores.items(), key=lambda kv: (kv[1] is None, -(kv[1] or 0), kv[0]))
