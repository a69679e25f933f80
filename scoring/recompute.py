"""Set-based recompute of scores: a few bulk reads, scores computed in Python
(scoring.formula), then only the changed rows written with one bulk upsert per chunk.

1. load the active model per target and the source data in bulk (4–5 queries per target);
2. compute every score and a fingerprint of its breakdown;
3. load the existing (model, value, fingerprint) per object and keep only differing rows;
4. per chunk, in one transaction: upsert the changed rows (PostgreSQL: COPY into a temporary
   table + INSERT … ON CONFLICT; elsewhere `bulk_create(update_conflicts=True)`), append
   history rows where the value or model version changed, report progress;
5. delete scores of objects that left the scored set.
A rerun with nothing changed writes nothing. Test-only: SCORING_TEST_CHUNK_SLEEP (seconds)
sleeps after each chunk of a full recompute so that a test can kill a worker in the middle.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from scoring import formula
from scoring.choices import Target
from scoring.models import Score, ScoreHistory, ScoringModel

CHUNK_SIZE = 10_000
Progress = Callable[[int, int], None]


@dataclass
class Row:
    """A computed score. The breakdown (dict and JSON) is built only when the row is written;
    the fingerprint comes from the inputs (raw and normalised values) so unchanged rows cost
    little."""

    target: str
    object_id: int
    model_id: int
    value: Decimal
    excluded: bool
    fingerprint: str
    raw: dict[str, Any]
    normalised: dict[str, float]
    specs: Sequence[formula.CriterionSpec]
    _breakdown: dict[str, Any] | None = None

    @property
    def breakdown(self) -> dict[str, Any]:
        if self._breakdown is None:
            self._breakdown = formula.weighted_score(
                self.specs, self.raw, self.normalised
            ).breakdown
        return self._breakdown

    @property
    def breakdown_json(self) -> str:
        return json.dumps(self.breakdown, separators=(",", ":"))


def criteria_specs(model: ScoringModel) -> list[formula.CriterionSpec]:
    return [
        formula.CriterionSpec(
            key=c.key, source=c.source, weight=float(c.weight), excludes=c.excludes, label=c.label
        )
        for c in model.criteria.all()
    ]


def active_models(targets: Iterable[str] | None = None) -> dict[str, ScoringModel]:
    qs = ScoringModel.objects.filter(active=True).prefetch_related("criteria")
    if targets is not None:
        qs = qs.filter(target__in=list(targets))
    return {m.target: m for m in qs}


# --- source data ---------------------------------------------------------------------


def measure_data(ids: Sequence[int] | None = None) -> tuple[dict[int, dict[str, Any]], Any]:
    """Plain dicts per portfolio measure (accepted, not archived) and the portfolio's cost
    bounds (always over the whole portfolio, also when only some ids are asked for)."""
    from portfolio.choices import MeasureState
    from portfolio.models import BudgetLine, Measure

    portfolio = Measure.objects.filter(state=MeasureState.ACCEPTED, archived_at__isnull=True)
    qs = portfolio if ids is None else portfolio.filter(pk__in=ids)
    rows = qs.order_by().values_list(
        "id",
        "phase",
        "criterion_digitalisation_core",
        "criterion_cross_actor",
        "criterion_strategy",
        "latest_status__overall",
        "latest_status__cost",
        "latest_status__schedule",
        "latest_status__benefits",
    )
    data: dict[int, dict[str, Any]] = {}
    for pk, phase, core, cross, strat, overall, cost, schedule, benefits in rows:
        data[pk] = {
            "phase": phase,
            "criterion_digitalisation_core": core,
            "criterion_cross_actor": cross,
            "criterion_strategy": strat,
            "status": None
            if overall is None
            else {"overall": overall, "cost": cost, "schedule": schedule, "benefits": benefits},
            "target_groups": 0,
            "strategic_goals": 0,
            "total_budget": None,
        }

    def counts(through: Any, key: str) -> None:
        q = through.objects.all() if ids is None else through.objects.filter(measure_id__in=ids)
        for mid, n in (
            q.order_by().values("measure_id").annotate(n=Count("id")).values_list("measure_id", "n")
        ):
            if mid in data:
                data[mid][key] = n

    counts(Measure.target_groups.through, "target_groups")
    counts(Measure.strategic_goals.through, "strategic_goals")

    lines = BudgetLine.objects.filter(measure__in=portfolio).order_by()
    totals = lines.values("measure_id").annotate(t=Sum("planned"))
    if ids is None:
        for mid, total in totals.values_list("measure_id", "t"):
            if mid in data:
                data[mid]["total_budget"] = total
        bounds = formula.cost_bounds(
            float(m["total_budget"]) for m in data.values() if m["total_budget"] is not None
        )
    else:
        for mid, total in totals.filter(measure_id__in=ids).values_list("measure_id", "t"):
            data[mid]["total_budget"] = total
        bounds = formula.cost_bounds(float(t) for t in totals.values_list("t", flat=True))
    return data, bounds


def suggestion_data(ids: Sequence[int] | None = None) -> dict[int, tuple[dict[str, float], int]]:
    """Mean assessment per criterion and the number of overlap findings, per assessed
    suggestion. Empty until the intake app provides its selector."""
    try:
        from covid_intake.selectors import criterion_means
    except ImportError:
        return {}
    means = criterion_means(suggestion_ids=list(ids) if ids is not None else None)
    overlaps: dict[int, int] = {}
    try:
        from covid_intake.models import MeasureOverlap
    except ImportError:
        MeasureOverlap = None  # noqa: N806
    if MeasureOverlap is not None and means:
        q = MeasureOverlap.objects.order_by()
        if ids is not None:
            q = q.filter(suggestion_id__in=ids)
        overlaps = dict(
            q.values("suggestion_id").annotate(n=Count("id")).values_list("suggestion_id", "n")
        )
    return {sid: (m, overlaps.get(sid, 0)) for sid, m in means.items()}


# --- compute ---------------------------------------------------------------------------


def _rows(
    target: str, model: ScoringModel, inputs: Iterable[tuple[int, dict[str, Any], dict[str, float]]]
) -> dict[int, Row]:
    """Value and fingerprint per object: the weighted sum inlined (formula.weighted_score gives
    the same value and the breakdown, built later for written rows only)."""
    specs = criteria_specs(model)
    total = sum(c.weight for c in specs) or 1.0
    factors = [(c.source, 100.0 * c.weight / total, c.excludes) for c in specs]
    sources = [c.source for c in specs]
    out: dict[int, Row] = {}
    for pk, raw, norm in inputs:
        value = 0.0
        excluded = False
        for source, factor, excludes in factors:
            n = norm[source]
            value += factor * n
            if excludes and n <= 0.0:
                excluded = True
        key = repr(([raw.get(s) for s in sources], [round(norm[s], 4) for s in sources]))
        out[pk] = Row(
            target=target,
            object_id=pk,
            model_id=model.pk,
            value=Decimal("0.00") if excluded else Decimal(f"{value:.2f}"),
            excluded=excluded,
            fingerprint=hashlib.blake2b(key.encode(), digest_size=8).hexdigest(),
            raw=raw,
            normalised=norm,
            specs=specs,
        )
    return out


def _measure_inputs(data: dict[int, dict[str, Any]], bounds: Any) -> Iterable[tuple]:
    for pk, m in data.items():
        raw = formula.measure_raw(m)
        yield pk, raw, formula.normalise_measure(raw, bounds)


def _suggestion_inputs(data: dict[int, tuple[dict[str, float], int]]) -> Iterable[tuple]:
    for pk, (means, overlaps) in data.items():
        raw = formula.suggestion_raw(means, overlaps)
        yield pk, raw, formula.normalise_suggestion(raw)


def compute(target: str, model: ScoringModel, ids: Sequence[int] | None = None) -> dict[int, Row]:
    if target == Target.MEASURE:
        data, bounds = measure_data(ids)
        return _rows(target, model, _measure_inputs(data, bounds))
    return _rows(target, model, _suggestion_inputs(suggestion_data(ids)))


def existing(target: str, ids: Sequence[int] | None = None) -> dict[int, tuple[int, Decimal, str]]:
    qs = Score.objects.filter(target=target).order_by()
    if ids is not None:
        qs = qs.filter(object_id__in=ids)
    return {
        oid: (model_id, value, fp)
        for oid, model_id, value, fp in qs.values_list(
            "object_id", "model_id", "value", "fingerprint"
        )
    }


# --- write -----------------------------------------------------------------------------

SCORE_COLUMNS = ("target", "object_id", "model_id", "value", "excluded", "breakdown", "fingerprint")
UPDATE_FIELDS = ["model", "value", "excluded", "breakdown", "fingerprint", "computed_at"]


def _use_copy() -> bool:
    return connection.vendor == "postgresql"


def _write_pg(rows: Sequence[Row], history: Sequence[Row], now: Any) -> None:
    score, hist = Score._meta.db_table, ScoreHistory._meta.db_table
    with connection.cursor() as cur:
        raw = cur.cursor
        if rows:
            cur.execute(
                "CREATE TEMP TABLE scoring_score_in (target varchar(12), object_id bigint, "
                "model_id bigint, value numeric(5,2), excluded boolean, breakdown jsonb, "
                "fingerprint varchar(16)) ON COMMIT DROP"
            )
            with raw.copy(f"COPY scoring_score_in ({', '.join(SCORE_COLUMNS)}) FROM STDIN") as cp:
                for r in rows:
                    cp.write_row(
                        (r.target, r.object_id, r.model_id, r.value, r.excluded,
                         r.breakdown_json, r.fingerprint)
                    )  # fmt: skip
            cols = ", ".join(SCORE_COLUMNS)
            updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in (*SCORE_COLUMNS[2:], "computed_at"))
            cur.execute(
                f"INSERT INTO {score} ({cols}, computed_at) SELECT {cols}, %s "
                f"FROM scoring_score_in ON CONFLICT (target, object_id) DO UPDATE SET {updates}",
                [now],
            )
            cur.execute("DROP TABLE scoring_score_in")
        if history:
            with raw.copy(
                f"COPY {hist} (target, object_id, model_id, value, excluded, computed_at) "
                "FROM STDIN"
            ) as cp:
                for r in history:
                    cp.write_row((r.target, r.object_id, r.model_id, r.value, r.excluded, now))


def _objects(rows: Sequence[Row], now: Any) -> list[Score]:
    return [
        Score(
            target=r.target,
            object_id=r.object_id,
            model_id=r.model_id,
            value=r.value,
            excluded=r.excluded,
            breakdown=r.breakdown,
            fingerprint=r.fingerprint,
            computed_at=now,
        )
        for r in rows
    ]


def _history_objects(history: Sequence[Row], now: Any) -> list[ScoreHistory]:
    return [
        ScoreHistory(
            target=r.target,
            object_id=r.object_id,
            model_id=r.model_id,
            value=r.value,
            excluded=r.excluded,
            computed_at=now,
        )
        for r in history
    ]


def _write_orm(rows: Sequence[Row], history: Sequence[Row], now: Any) -> None:
    if rows:
        Score.objects.bulk_create(
            _objects(rows, now),
            update_conflicts=True,
            unique_fields=["target", "object_id"],
            update_fields=UPDATE_FIELDS,
            batch_size=2000,
        )
    if history:
        ScoreHistory.objects.bulk_create(_history_objects(history, now), batch_size=2000)


def _write_bulk_update(rows: Sequence[Row], history: Sequence[Row], now: Any) -> None:
    """The same write done with Django's `bulk_update` (kept for the benchmark)."""
    if not rows:
        return
    target = rows[0].target
    pks = dict(
        Score.objects.filter(target=target, object_id__in=[r.object_id for r in rows])
        .order_by()
        .values_list("object_id", "id")
    )
    objs = _objects(rows, now)
    for o in objs:
        o.pk = pks.get(o.object_id)
    Score.objects.bulk_update([o for o in objs if o.pk], UPDATE_FIELDS, batch_size=1000)
    Score.objects.bulk_create([o for o in objs if not o.pk], batch_size=1000)
    ScoreHistory.objects.bulk_create(_history_objects(history, now), batch_size=1000)


WRITERS = {"upsert": None, "orm": _write_orm, "bulk_update": _write_bulk_update}


def recompute(
    *,
    targets: Iterable[str] | None = None,
    ids: Sequence[int] | None = None,
    chunk_size: int = CHUNK_SIZE,
    progress: Progress | None = None,
    writer: str = "upsert",
) -> dict[str, Any]:
    """Recompute scores of the given targets (default: all with an active model), optionally
    only some object ids. Returns counts: computed, written, history, deleted, unchanged."""
    write = WRITERS[writer] or (_write_pg if _use_copy() else _write_orm)
    models = active_models(targets)
    computed = {t: compute(t, m, ids) for t, m in models.items()}
    total = sum(len(c) for c in computed.values())
    stats = {"computed": total, "written": 0, "history": 0, "deleted": 0, "unchanged": 0}
    sleep = float(os.environ.get("SCORING_TEST_CHUNK_SLEEP") or 0) if ids is None else 0.0
    done = 0
    if progress:
        progress(0, total)
    for target, rows_by_id in computed.items():
        before = existing(target, ids)
        items = list(rows_by_id.items())
        for start in range(0, len(items), chunk_size):
            chunk = items[start : start + chunk_size]
            changed: list[Row] = []
            history: list[Row] = []
            for oid, row in chunk:
                old = before.get(oid)
                if old is None or old[1] != row.value or old[0] != row.model_id:
                    changed.append(row)
                    history.append(row)
                elif old[2] != row.fingerprint:
                    changed.append(row)
            if changed:
                with transaction.atomic():
                    write(changed, history, timezone.now())
            stats["written"] += len(changed)
            stats["history"] += len(history)
            stats["unchanged"] += len(chunk) - len(changed)
            done += len(chunk)
            if progress:
                progress(done, total)
            if sleep:
                time.sleep(sleep)
        stale = [oid for oid in before if oid not in rows_by_id]
        for start in range(0, len(stale), chunk_size):
            part = stale[start : start + chunk_size]
            stats["deleted"] += Score.objects.filter(target=target, object_id__in=part).delete()[0]
    return stats
