"""The scoring formula over whole columns (NumPy): pure functions of plain arrays, no ORM.

The same four steps as `scoring.formula` (the per-object reference, which a property test
checks these against), done for every object at once so that 100 000 scores cost
milliseconds of arithmetic instead of seconds of per-row Python:

1. raw values per source: floats, NaN where the data is missing; a categorical source (a
   phase, a traffic light) holds the index of its category, NaN for none;
2. normalised values 0–1 per source;
3. the weighted sum in hundredths (cents) of a point, correctly rounded like
   `round(value, 2)`, and the exclusion flag;
4. a 64-bit fingerprint of the raw and normalised values (their exact bits), so a rerun can
   tell which stored inputs changed without reading them back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from scoring import formula

# Categorical sources: the stored raw value is the category name, the column holds its index.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "feasibility_maturity": tuple(formula.MATURITY),
    "status": tuple(formula.LIGHT_RISK),
}
LIGHTS = tuple(formula.LIGHT_RISK)
PHASES = tuple(formula.MATURITY)
_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)


@dataclass
class Inputs:
    """Raw and normalised values per source for objects `ids` (all arrays of equal length)."""

    ids: np.ndarray
    raw: dict[str, np.ndarray]
    normalised: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class MeasureColumns:
    """A portfolio's source data, one entry per measure. `phase` holds the index in PHASES
    and the four light columns the index in LIGHTS (NaN for none or not reported);
    `total_budget` is NaN without budget lines."""

    ids: np.ndarray
    phase: np.ndarray
    entry_criteria_met: np.ndarray  # how many of the three entry criteria are answered yes
    strategic_goals: np.ndarray
    target_groups: np.ndarray
    total_budget: np.ndarray
    overall: np.ndarray
    cost: np.ndarray
    schedule: np.ndarray
    benefits: np.ndarray


@dataclass
class Scored:
    """Computed scores in criteria order: `raw[k]` and `normalised[k]` belong to criterion k."""

    ids: np.ndarray
    cents: np.ndarray  # int64, the score × 100
    excluded: np.ndarray  # bool
    fingerprint: np.ndarray  # int64 (the hash's bits, signed as the database stores them)
    raw: list[np.ndarray]
    normalised: list[np.ndarray]

    def __len__(self) -> int:
        return len(self.ids)


def codes(values: Sequence[str | None], categories: Sequence[str]) -> np.ndarray:
    """Category index per value as float (NaN for a value outside the categories)."""
    index = {c: float(k) for k, c in enumerate(categories)}
    return np.fromiter((index.get(v, np.nan) for v in values), dtype=float, count=len(values))


def _clamp(x: np.ndarray) -> np.ndarray:
    return np.clip(x, 0.0, 1.0)


def _light_risk(light_codes: np.ndarray) -> np.ndarray:
    """Risk 0/0.5/1 per light code (NaN for not reported)."""
    table = np.array([formula.LIGHT_RISK[c] for c in LIGHTS])
    out = np.full(len(light_codes), np.nan)
    known = ~np.isnan(light_codes)
    out[known] = table[light_codes[known].astype(int)]
    return out


def cost_bounds(total_budget: np.ndarray) -> tuple[float, float] | None:
    known = total_budget[~np.isnan(total_budget)]
    return (float(known.min()), float(known.max())) if len(known) else None


def measure_inputs(m: MeasureColumns, bounds: tuple[float, float] | None) -> Inputs:
    """Steps 1 and 2 for measures (formula.measure_raw and formula.normalise_measure)."""
    goals = np.minimum(m.strategic_goals, formula.GOALS_FOR_FULL_FIT)
    strategy = np.round(
        0.5 * m.entry_criteria_met / 3 + 0.5 * goals / formula.GOALS_FOR_FULL_FIT, 4
    )
    phase = np.where(np.isnan(m.phase), PHASES.index("idea"), m.phase)
    lights = np.vstack([_light_risk(c) for c in (m.overall, m.cost, m.schedule, m.benefits)])
    reported = (~np.isnan(lights)).sum(axis=0)
    with np.errstate(invalid="ignore"):
        risk = np.round(np.nansum(lights, axis=0) / reported, 4)
    risk[reported == 0] = np.nan
    status = m.overall.astype(float)
    cost = m.total_budget.astype(float)
    raw = {
        "strategy_fit": strategy,
        "benefit_target_groups": m.target_groups.astype(float),
        "feasibility_maturity": phase,
        "cost": cost,
        "risk": risk,
        "status": status,
    }
    maturity = np.array([formula.MATURITY[p] for p in PHASES])
    normalised = {
        "strategy_fit": _clamp(strategy),
        "benefit_target_groups": _clamp(raw["benefit_target_groups"] / formula.TARGET_GROUPS),
        "feasibility_maturity": maturity[phase.astype(int)],
        "cost": _cost_normalised(cost, bounds),
        "risk": np.where(np.isnan(risk), formula.NEUTRAL, 1.0 - risk),
        "status": np.where(
            np.isnan(status), formula.NEUTRAL, 1.0 - _light_risk(np.nan_to_num(status))
        ),
    }
    return Inputs(ids=m.ids, raw=raw, normalised=normalised)


def _cost_normalised(cost: np.ndarray, bounds: tuple[float, float] | None) -> np.ndarray:
    if bounds is None:
        return np.full(len(cost), formula.NEUTRAL)
    low, high = bounds
    out = np.ones(len(cost)) if high <= low else _clamp((high - cost) / (high - low))
    return np.where(np.isnan(cost), formula.NEUTRAL, out)


def suggestion_inputs(
    ids: np.ndarray, means: Mapping[str, np.ndarray], overlap_findings: np.ndarray
) -> Inputs:
    """Steps 1 and 2 for suggestions: the mean assessment per criterion (NaN when none) and
    the number of overlap findings."""
    raw = {k: means[k].astype(float) for k in formula.SUGGESTION_ASSESSED}
    normalised = {
        k: np.where(np.isnan(v), 0.0, _clamp(v / formula.ASSESSMENT_MAX)) for k, v in raw.items()
    }
    raw["overlap_finding"] = overlap_findings.astype(float)
    normalised["overlap_finding"] = np.where(overlap_findings > 0, 0.0, 1.0)
    return Inputs(ids=ids, raw=raw, normalised=normalised)


def score(specs: Sequence[formula.CriterionSpec], inputs: Inputs) -> Scored:
    """Steps 3 and 4: weighted sum, exclusion, fingerprint."""
    total = sum(c.weight for c in specs) or 1.0
    value = np.zeros(len(inputs))
    excluded = np.zeros(len(inputs), dtype=bool)
    for c in specs:
        n = inputs.normalised[c.source]
        value += 100.0 * c.weight * n / total  # the reference's order of operations, exactly
        if c.excludes:
            excluded |= n <= 0.0
    raw = [inputs.raw[c.source] for c in specs]
    normalised = [inputs.normalised[c.source] for c in specs]
    return Scored(
        ids=inputs.ids,
        cents=np.where(excluded, 0, round_cents(value)),
        excluded=excluded,
        fingerprint=fingerprint([*raw, *normalised]).view(np.int64),
        raw=raw,
        normalised=normalised,
    )


def round_cents(value: np.ndarray) -> np.ndarray:
    """round(v, 2) × 100 as int64, correctly rounded like Python's round (NumPy's own rounding
    scales first and can be off by one cent on a decimal tie). v × 100 is within 1e-12 of the
    exact product for scores (0–100), so its nearest whole number is Python's answer unless
    it lies within 1e-9 of a half: only those few (and NaN) go through Python's round."""
    scaled = np.asarray(value, dtype=float) * 100
    cents = np.rint(scaled)
    near_half = ~(np.abs(scaled - np.floor(scaled) - 0.5) > 1e-9)
    if near_half.any():
        cents[near_half] = [round(v, 2) * 100 for v in value[near_half].tolist()]
        cents[near_half] = np.rint(cents[near_half])
    return cents.astype(np.int64)


def fingerprint(columns: Sequence[np.ndarray]) -> np.ndarray:
    """FNV-1a style 64-bit hash over the exact bits of each row's values."""
    h = np.full(len(columns[0]) if columns else 0, _FNV_OFFSET, dtype=np.uint64)
    for col in columns:
        bits = np.ascontiguousarray(col, dtype=np.float64).view(np.uint64)
        h = (h ^ bits) * _FNV_PRIME
    return h


def raw_value(source: str, x: float) -> float | int | str | None:
    """A stored raw value: None for NaN, the category name for a categorical source, an int
    for a whole number."""
    if x != x:  # NaN
        return None
    if source in CATEGORIES:
        return CATEGORIES[source][int(x)]
    return int(x) if float(x).is_integer() else x
