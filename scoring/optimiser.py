"""The best portfolio within yearly budget limits: a 0/1 integer programme solved by HiGHS
through `scipy.optimize.milp`. Pure function of plain data, no ORM.

    maximise   sum_i score_i * x_i
    subject to sum_i cost_iy * x_i <= limit_y     for every year y with a limit
               x_i <= x_j                          for every prerequisite j of i
               x_i = 1 (forced in), x_i = 0 (forced out), x_i in {0, 1}

Steps: 1. keep prerequisite pairs between known measures; 2. block every measure that
(transitively) needs a forced-out one, and refuse a forced-in measure that does; 3. refuse
forced-in sets that alone break a limit; 4. solve; 5. explain each measure in or out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

IN_FORCED = "forced_in"
IN_PREREQUISITE = "prerequisite"
IN_SELECTED = "selected"
OUT_FORCED = "forced_out"
OUT_PREREQUISITE_FORCED_OUT = "prerequisite_forced_out"
OUT_BUDGET = "budget"
OUT_NOT_WORTH_IT = "not_worth_it"
TOLERANCE = 1e-6
# Exact (no optimality gap) up to this many measures; the real national portfolio has about
# 50–100. Above it, HiGHS stops once the selection is proven within RELATIVE_GAP of the best
# possible total (proving exact optimality of a 2 000-item, 5-year knapsack can take minutes).
EXACT_UP_TO = 500
RELATIVE_GAP = 2e-4
TIME_LIMIT = 60.0


class Infeasible(ValueError):
    """No selection satisfies the limits and forced choices; `field` names the culprit input."""

    def __init__(self, message: str, field: str = "limits") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Item:
    id: int
    score: float
    costs: Mapping[int, float] = field(default_factory=dict)


@dataclass
class Outcome:
    selected: list[int]
    total_score: float
    reasons: dict[int, dict[str, Any]]
    years: dict[int, dict[str, float]]
    status: str = "optimal"
    bound: float | None = None  # proven upper bound of the total score

    def as_json(self) -> dict[str, Any]:
        return {
            "selected": self.selected,
            "total_score": round(self.total_score, 2),
            "reasons": {str(k): v for k, v in self.reasons.items()},
            "years": {str(y): v for y, v in sorted(self.years.items())},
            "status": self.status,
            "bound": None if self.bound is None else round(self.bound, 2),
            "gap": self.gap,
        }

    @property
    def gap(self) -> float:
        """Proven relative distance from the best possible total (0 when optimal)."""
        if self.bound is None or self.bound <= 0:
            return 0.0
        return round(max(0.0, self.bound - self.total_score) / self.bound, 6)


def _closure(start: Iterable[int], edges: Mapping[int, Iterable[int]]) -> set[int]:
    seen: set[int] = set()
    stack = list(start)
    while stack:
        n = stack.pop()
        for m in edges.get(n, ()):
            if m not in seen:
                seen.add(m)
                stack.append(m)
    return seen


def optimise(
    items: Sequence[Item],
    limits: Mapping[int, float],
    *,
    forced_in: Iterable[int] = (),
    forced_out: Iterable[int] = (),
    prerequisites: Iterable[tuple[int, int]] = (),
    time_limit: float = TIME_LIMIT,
    relative_gap: float | None = None,
) -> Outcome:
    """The selection with the highest total score within the limits. `relative_gap` defaults
    to 0 (exact) up to EXACT_UP_TO items and RELATIVE_GAP above; the outcome carries the
    proven bound, so the gap actually reached is reported."""
    ids = [it.id for it in items]
    index = {i: k for k, i in enumerate(ids)}
    forced_in, forced_out = set(forced_in) & index.keys(), set(forced_out) & index.keys()
    if clash := forced_in & forced_out:
        raise Infeasible(f"Measures both forced in and out: {sorted(clash)}", "forced_in")
    needs: dict[int, set[int]] = defaultdict(set)  # i -> its prerequisites
    needed_by: dict[int, set[int]] = defaultdict(set)
    pairs = [(i, j) for i, j in prerequisites if i in index and j in index and i != j]
    for i, j in pairs:
        needs[i].add(j)
        needed_by[j].add(i)

    blocked = _closure(forced_out, needed_by) - forced_out
    if bad := forced_in & blocked:
        raise Infeasible(
            f"Forced-in measures {sorted(bad)} need a measure that is forced out.", "forced_in"
        )
    must = forced_in | _closure(forced_in, needs)
    years = sorted(limits)
    for y in years:
        need = sum(items[index[i]].costs.get(y, 0.0) for i in must)
        if need > limits[y] + TOLERANCE:
            raise Infeasible(
                f"The forced-in measures and their prerequisites need {need:.0f} in {y}, "
                f"above the limit {limits[y]:.0f}.",
                "forced_in",
            )

    n = len(ids)
    selected_flags = np.zeros(n, dtype=bool)
    status = "optimal"
    bound: float | None = None
    if relative_gap is None:
        relative_gap = 0.0 if n <= EXACT_UP_TO else RELATIVE_GAP
    if n:
        lb = np.zeros(n)
        ub = np.ones(n)
        for i in must:
            lb[index[i]] = 1
        for i in forced_out | blocked:
            ub[index[i]] = 0
        rows, cols, vals, upper = [], [], [], []
        for r, y in enumerate(years):
            for k, it in enumerate(items):
                c = it.costs.get(y, 0.0)
                if c:
                    rows.append(r)
                    cols.append(k)
                    vals.append(c)
            upper.append(limits[y])
        for r, (i, j) in enumerate(pairs, start=len(years)):
            rows += [r, r]
            cols += [index[i], index[j]]
            vals += [1.0, -1.0]
            upper.append(0.0)
        constraints = []
        if upper:
            a = coo_array((vals, (rows, cols)), shape=(len(upper), n)).tocsr()
            constraints.append(LinearConstraint(a, -np.inf, np.array(upper)))
        res = milp(
            c=-np.array([it.score for it in items], dtype=float),
            constraints=constraints,
            integrality=np.ones(n),
            bounds=Bounds(lb, ub),
            options={"disp": False, "mip_rel_gap": relative_gap, "time_limit": time_limit},
        )
        if res.x is None:
            raise Infeasible(f"No feasible portfolio: {res.message}")
        status = "optimal" if res.status == 0 else "time_limit"
        selected_flags = res.x > 0.5
        dual = getattr(res, "mip_dual_bound", None)
        bound = None if dual is None or not np.isfinite(dual) else -float(dual)

    chosen = {ids[k] for k in range(n) if selected_flags[k]}
    used = {y: sum(items[index[i]].costs.get(y, 0.0) for i in chosen) for y in years}
    reasons = _explain(items, index, chosen, limits, used, forced_in, forced_out, blocked, needs)
    return Outcome(
        selected=sorted(chosen),
        total_score=sum(items[index[i]].score for i in chosen),
        reasons=reasons,
        years={y: {"used": round(used[y], 2), "limit": float(limits[y])} for y in years},
        status=status,
        bound=bound,
    )


def _explain(
    items: Sequence[Item],
    index: Mapping[int, int],
    chosen: set[int],
    limits: Mapping[int, float],
    used: Mapping[int, float],
    forced_in: set[int],
    forced_out: set[int],
    blocked: set[int],
    needs: Mapping[int, set[int]],
) -> dict[int, dict[str, Any]]:
    """Why each measure is in or out, most specific reason first."""
    needed_by_chosen: dict[int, list[int]] = defaultdict(list)
    for i in chosen:
        for j in needs.get(i, ()):
            needed_by_chosen[j].append(i)
    reasons: dict[int, dict[str, Any]] = {}
    for it in items:
        i = it.id
        if i in chosen:
            if i in forced_in:
                reasons[i] = {"selected": True, "code": IN_FORCED}
            elif needed_by_chosen.get(i):
                reasons[i] = {
                    "selected": True,
                    "code": IN_PREREQUISITE,
                    "for": sorted(needed_by_chosen[i]),
                }
            else:
                reasons[i] = {"selected": True, "code": IN_SELECTED}
        elif i in forced_out:
            reasons[i] = {"selected": False, "code": OUT_FORCED}
        elif i in blocked:
            culprits = sorted(_closure([i], needs) & forced_out)
            reasons[i] = {"selected": False, "code": OUT_PREREQUISITE_FORCED_OUT, "for": culprits}
        else:
            bundle = {i} | (_closure([i], needs) - chosen)
            binding = [
                y
                for y in sorted(limits)
                if used[y] + sum(items[index[j]].costs.get(y, 0.0) for j in bundle)
                > limits[y] + TOLERANCE
            ]
            if binding and it.score > 0:
                reasons[i] = {"selected": False, "code": OUT_BUDGET, "years": binding}
            else:
                reasons[i] = {"selected": False, "code": OUT_NOT_WORTH_IT}
    return reasons
