"""Set-based recompute of scores: a few bulk reads, every score computed at once over NumPy
columns (scoring.columns), then only the changed rows written, one transaction per chunk.

1. load the active model per target and the source data in bulk (scoring.sources: 4–5
   queries per target);
2. compute every score and a fingerprint of its inputs (scoring.columns);
3. load the existing (model, value, fingerprint) per object and keep only differing rows;
4. per chunk, in one transaction: write the changed rows and append history rows where the
   value or model version changed (scoring.writers), report progress;
5. delete scores of objects that left the scored set.
A score stores its inputs compactly ({"raw": [...], "normalised": [...]} in criteria order);
`Score.breakdown` expands them with scoring.formula. A rerun with nothing changed writes
nothing. Test-only: SCORING_TEST_CHUNK_SLEEP (seconds) sleeps after each chunk of a full
recompute so that a test can kill a worker in the middle.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from scoring import columns, formula, pg_copy, sources, writers
from scoring.choices import Target
from scoring.models import Score, ScoringModel

CHUNK_SIZE = 10_000
Progress = Callable[[int, int], None]


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


def same_inputs_models(model: ScoringModel) -> list[int]:
    """The target's versions whose criteria read the same sources in the same order as
    `model`'s (their stored inputs are laid out alike)."""
    mine = [c.source for c in model.criteria.all()]
    versions = ScoringModel.objects.filter(target=model.target).prefetch_related("criteria")
    return [m.pk for m in versions if [c.source for c in m.criteria.all()] == mine]


def compute(target: str, model: ScoringModel, ids: Sequence[int] | None = None) -> columns.Scored:
    if target == Target.MEASURE:
        data, bounds = sources.measure_columns(ids)
        inputs = columns.measure_inputs(data, bounds)
    else:
        inputs = sources.suggestion_inputs(ids)
    return columns.score(criteria_specs(model), inputs)


# --- what changed ----------------------------------------------------------------------


@dataclass
class Before:
    """The stored scores of a target, sorted by object id."""

    ids: np.ndarray
    model_ids: np.ndarray
    cents: np.ndarray
    fingerprints: np.ndarray  # int64


def existing(target: str, ids: Sequence[int] | None = None) -> Before:
    params: list[Any] = [target]
    where = sources.in_ids("object_id", ids, params)
    c = pg_copy.fetch_columns(
        f"SELECT object_id, model_id, {sources.cents_sql('value')}, fingerprint "
        f"FROM {Score._meta.db_table} WHERE target = %s{where}",
        params,
        ("object_id", "model_id", "cents", "fingerprint"),
    )
    return Before(
        ids=c["object_id"], model_ids=c["model_id"], cents=c["cents"], fingerprints=c["fingerprint"]
    )


def _positions(ids: np.ndarray, before: Before) -> tuple[np.ndarray, np.ndarray]:
    """Per computed id: its position among the stored ids, and whether it is stored."""
    if not len(before.ids):
        return np.zeros(len(ids), dtype=np.int64), np.zeros(len(ids), dtype=bool)
    pos = np.searchsorted(before.ids, ids).clip(max=len(before.ids) - 1)
    return pos, before.ids[pos] == ids


def changes(scored: columns.Scored, model_id: int, before: Before) -> tuple[np.ndarray, np.ndarray]:
    """(rows to write, rows whose value or model version changed: the history rows)."""
    if not len(before.ids):
        new = np.ones(len(scored), dtype=bool)
        return new, new.copy()
    pos, found = _positions(scored.ids, before)
    value_changed = (
        ~found | (before.cents[pos] != scored.cents) | (before.model_ids[pos] != model_id)
    )
    return value_changed | (before.fingerprints[pos] != scored.fingerprint), value_changed


def stale_ids(scored: columns.Scored, before: Before) -> np.ndarray:
    """Stored ids no longer computed (both sides sorted and unique)."""
    if not len(scored.ids):
        return before.ids
    pos = np.searchsorted(scored.ids, before.ids).clip(max=len(scored.ids) - 1)
    return before.ids[scored.ids[pos] != before.ids]


# --- the run ---------------------------------------------------------------------------


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
    write = writers.writer(writer)
    models = active_models(targets)
    if connection.in_atomic_block:  # a caller's transaction: read on this connection only
        with transaction.atomic():
            _bulk_read_settings()
            computed = {t: compute(t, m, ids) for t, m in models.items()}
    else:  # the measure reads run side by side (pg_copy.fetch_many)
        computed = {t: compute(t, m, ids) for t, m in models.items()}
    total = sum(len(c) for c in computed.values())
    stats = {"computed": total, "written": 0, "history": 0, "deleted": 0, "unchanged": 0}
    sleep = float(os.environ.get("SCORING_TEST_CHUNK_SLEEP") or 0) if ids is None else 0.0
    done = 0
    if progress:
        progress(0, total)
    for target, scored in computed.items():
        model = models[target]
        criteria = [c.source for c in criteria_specs(model)]
        before = existing(target, ids)
        changed, value_changed = changes(scored, model.pk, before)
        stored = _positions(scored.ids, before)[1]
        keep = same_inputs_models(model) if changed.any() else []
        for start in range(0, len(scored), chunk_size):
            part = slice(start, start + chunk_size)
            rows = np.flatnonzero(changed[part]) + start
            if rows.size:
                batch = writers.Batch(
                    target, model.pk, criteria, scored, rows, value_changed[rows],
                    new=~stored[rows], same_inputs_models=keep,
                )  # fmt: skip
                with transaction.atomic():
                    write(batch, timezone.now())
            stats["written"] += int(rows.size)
            stats["history"] += int(value_changed[part].sum())
            stats["unchanged"] += len(scored.ids[part]) - int(rows.size)
            done += len(scored.ids[part])
            if progress:
                progress(done, total)
            if sleep:
                time.sleep(sleep)
        stats["deleted"] += _delete_stale(target, stale_ids(scored, before), chunk_size)
    return stats


def _bulk_read_settings() -> None:
    """PostgreSQL: let the read's aggregations hash in memory (the default 4 MB spills to
    disk at 100 000 measures) and in one process (parallel workers each rebuild the same
    hashes: slower on a small machine)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SET LOCAL work_mem = '64MB'")
            cur.execute("SET LOCAL max_parallel_workers_per_gather = 0")


def _delete_stale(target: str, stale: np.ndarray, chunk_size: int) -> int:
    """Delete scores of objects that left the scored set."""
    deleted = 0
    for start in range(0, len(stale), chunk_size):
        part = stale[start : start + chunk_size].tolist()
        deleted += Score.objects.filter(target=target, object_id__in=part).delete()[0]
    return deleted
