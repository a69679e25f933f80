"""The scoring formula: pure functions of plain data, no ORM.

A score is computed in four steps:
1. derive each criterion's *raw* value from the object's data (a measure's phase, its target
   groups, its budget …; a suggestion's mean assessment scores);
2. *normalise* each raw value to 0–1, where 1 is best (cost and risk are inverted; cost is
   scaled between the cheapest and the dearest measure of the portfolio);
3. take the weighted sum, scaled to 0–100 by the total weight, keeping each criterion's
   contribution in points as the breakdown ("why this score");
4. if a criterion marked `excludes` normalises to 0 (e.g. an overlap finding), the object is
   excluded: its score is 0, and the breakdown says why.
Missing data normalises to a neutral 0.5 (measures) or 0 (unassessed suggestion criteria).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from covid_intake.criteria import CODES as ASSESSMENT_CRITERIA
from covid_intake.criteria import SCORE_MAX

MATURITY: dict[str, float] = {
    "idea": 0.0,
    "concept": 0.25,
    "planning": 0.5,
    "execution": 0.75,
    "closing": 1.0,
    "benefit_realisation": 1.0,
    "stopped": 0.0,
}
LIGHT_RISK: dict[str, float] = {"green": 0.0, "yellow": 0.5, "red": 1.0}
ENTRY_CRITERIA = ("criterion_digitalisation_core", "criterion_cross_actor", "criterion_strategy")
GOALS_FOR_FULL_FIT = 3
TARGET_GROUPS = 3
ASSESSMENT_MAX = float(SCORE_MAX)
NEUTRAL = 0.5


@dataclass(frozen=True)
class CriterionSpec:
    key: str
    source: str
    weight: float
    excludes: bool = False
    label: str = ""


@dataclass(frozen=True)
class Result:
    value: float
    excluded: bool
    breakdown: dict[str, dict[str, Any]]


def _clamp(x: float) -> float:
    return 0.0 if x < 0 else 1.0 if x > 1 else x


# --- step 1: raw values -------------------------------------------------------------


def measure_raw(m: Mapping[str, Any]) -> dict[str, Any]:
    """Raw criteria of a measure from a plain dict with the keys: the three entry-criteria
    flags, `strategic_goals` (count), `target_groups` (count), `phase`, `total_budget`
    (None when no budget lines), `status` (dict of overall/cost/schedule/benefits lights or None).
    """
    flags = sum(1 for f in ENTRY_CRITERIA if m.get(f))
    goals = min(int(m.get("strategic_goals") or 0), GOALS_FOR_FULL_FIT)
    status = m.get("status") or {}
    lights = [
        LIGHT_RISK[v]
        for v in (status.get(k) for k in ("overall", "cost", "schedule", "benefits"))
        if v in LIGHT_RISK
    ]
    total = m.get("total_budget")
    return {
        "strategy_fit": round(0.5 * flags / 3 + 0.5 * goals / GOALS_FOR_FULL_FIT, 4),
        "benefit_target_groups": int(m.get("target_groups") or 0),
        "feasibility_maturity": m.get("phase") or "idea",
        "cost": None if total is None else float(total),
        "risk": round(sum(lights) / len(lights), 4) if lights else None,
        "status": status.get("overall") if status.get("overall") in LIGHT_RISK else None,
    }


def suggestion_raw(means: Mapping[str, float], overlap_findings: int = 0) -> dict[str, Any]:
    """Raw criteria of a suggestion: the assessors' mean per criterion (0–5) and the number
    of overlap findings the office has recorded."""
    out: dict[str, Any] = {k: means.get(k) for k in SUGGESTION_ASSESSED}
    out["overlap_finding"] = int(overlap_findings)
    return out


SUGGESTION_ASSESSED = ASSESSMENT_CRITERIA  # declared once, in covid_intake.criteria


# --- step 2: normalise ----------------------------------------------------------------


def cost_bounds(totals: Iterable[float | None]) -> tuple[float, float] | None:
    known = [t for t in totals if t is not None]
    return (min(known), max(known)) if known else None


def normalise_measure(
    raw: Mapping[str, Any], bounds: tuple[float, float] | None
) -> dict[str, float]:
    cost = raw["cost"]
    if cost is None or bounds is None:
        cost_n = NEUTRAL
    elif bounds[1] <= bounds[0]:
        cost_n = 1.0
    else:
        cost_n = _clamp((bounds[1] - cost) / (bounds[1] - bounds[0]))
    risk = raw["risk"]
    status = raw["status"]
    return {
        "strategy_fit": _clamp(float(raw["strategy_fit"])),
        "benefit_target_groups": _clamp(raw["benefit_target_groups"] / TARGET_GROUPS),
        "feasibility_maturity": MATURITY.get(raw["feasibility_maturity"], 0.0),
        "cost": cost_n,
        "risk": NEUTRAL if risk is None else 1.0 - risk,
        "status": NEUTRAL if status is None else 1.0 - LIGHT_RISK[status],
    }


def normalise_suggestion(raw: Mapping[str, Any]) -> dict[str, float]:
    out = {
        k: 0.0 if raw.get(k) is None else _clamp(float(raw[k]) / ASSESSMENT_MAX)
        for k in SUGGESTION_ASSESSED
    }
    out["overlap_finding"] = 0.0 if raw.get("overlap_finding") else 1.0
    return out


# --- steps 3 and 4: weighted sum and exclusion ------------------------------------------


def weighted_score(
    criteria: Sequence[CriterionSpec], raw: Mapping[str, Any], normalised: Mapping[str, float]
) -> Result:
    """Weighted sum of the normalised values scaled to 0–100, with the breakdown per criterion
    ({raw, normalised, weight, contribution}); an excluding criterion at 0 gives 0."""
    total_weight = sum(c.weight for c in criteria) or 1.0
    breakdown: dict[str, dict[str, Any]] = {}
    value = 0.0
    excluded = False
    for c in criteria:
        n = normalised[c.source]
        points = 100.0 * c.weight * n / total_weight
        value += points
        entry = {
            "raw": raw.get(c.source),
            "normalised": round(n, 4),
            "weight": c.weight,
            "contribution": round(points, 2),
        }
        if c.excludes:
            entry["excludes"] = True
            if n <= 0.0:
                entry["triggered"] = True
                excluded = True
        breakdown[c.key] = entry
    if excluded:
        for entry in breakdown.values():
            entry["contribution"] = 0.0
        value = 0.0
    return Result(value=round(value, 2), excluded=excluded, breakdown=breakdown)


def score_measure(
    criteria: Sequence[CriterionSpec], m: Mapping[str, Any], bounds: tuple[float, float] | None
) -> Result:
    raw = measure_raw(m)
    return weighted_score(criteria, raw, normalise_measure(raw, bounds))


def score_suggestion(
    criteria: Sequence[CriterionSpec], means: Mapping[str, float], overlap_findings: int = 0
) -> Result:
    raw = suggestion_raw(means, overlap_findings)
    return weighted_score(criteria, raw, normalise_suggestion(raw))


def ranking(scores: Mapping[int, float]) -> list[int]:
    """Object ids best first; ties by id."""
    return [k for k, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))]
