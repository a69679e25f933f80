"""Writing the changed scores of one chunk (in one transaction): the score rows and, where the
value or model version changed, a history row.

PostgreSQL: binary COPY + set-based SQL (scoring.pg_copy). Elsewhere (SQLite in development
and tests): `bulk_create(update_conflicts=True)`. `bulk_update` is kept for the benchmark.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import connection

from scoring import columns, pg_copy
from scoring.models import Score, ScoreHistory

UPDATE_FIELDS = ["model", "value", "excluded", "inputs", "fingerprint", "computed_at"]


@dataclass
class Batch:
    """The changed rows of one chunk, to be written in one transaction."""

    target: str
    model_id: int
    sources: Sequence[str]
    scored: columns.Scored
    rows: np.ndarray  # indexes into scored
    history: np.ndarray  # bool per row in `rows`
    # bool per row in `rows`: no score stored yet (None: unknown, every row may be new)
    new: np.ndarray | None = None
    # Versions whose criteria read the same sources in the same order: a stored row of one of
    # them with the same fingerprint already holds these inputs.
    same_inputs_models: list[int] = field(default_factory=list)


def _stored_inputs(batch: Batch) -> list[dict[str, list[Any]]]:
    """{"raw": [...], "normalised": [...]} per written row, in criteria order."""
    rows = batch.rows
    if not batch.sources:
        return [{"raw": [], "normalised": []} for _ in range(rows.size)]
    raw = zip(*(col[rows].tolist() for col in batch.scored.raw), strict=True)
    norm = zip(*(col[rows].tolist() for col in batch.scored.normalised), strict=True)
    return [
        {
            "raw": [columns.raw_value(s, x) for s, x in zip(batch.sources, r, strict=True)],
            "normalised": list(n),
        }
        for r, n in zip(raw, norm, strict=True)
    ]


def _objects(batch: Batch, now: Any) -> list[Score]:
    s, rows = batch.scored, batch.rows
    fps = s.fingerprint[rows].tolist()
    return [
        Score(
            target=batch.target,
            object_id=oid,
            model_id=batch.model_id,
            value=Decimal(cents).scaleb(-2),
            excluded=excl,
            inputs=inputs,
            fingerprint=fp,
            computed_at=now,
        )  # fmt: skip
        for oid, cents, excl, inputs, fp in zip(
            s.ids[rows].tolist(),
            s.cents[rows].tolist(),
            s.excluded[rows].tolist(),
            _stored_inputs(batch),
            fps,
            strict=True,
        )  # fmt: skip
    ]


def _history_objects(batch: Batch, now: Any) -> list[ScoreHistory]:
    s, rows = batch.scored, batch.rows[batch.history]
    return [
        ScoreHistory(
            target=batch.target,
            object_id=oid,
            model_id=batch.model_id,
            value=Decimal(cents).scaleb(-2),
            excluded=excl,
            computed_at=now,
        )  # fmt: skip
        for oid, cents, excl in zip(
            s.ids[rows].tolist(), s.cents[rows].tolist(), s.excluded[rows].tolist(), strict=True
        )
    ]


def write_pg(batch: Batch, now: Any) -> None:
    new = batch.new if batch.new is not None else np.ones(batch.rows.size, dtype=bool)
    pg_copy.write_scores(
        target=batch.target,
        model_id=batch.model_id,
        sources=batch.sources,
        scored=batch.scored,
        rows=batch.rows,
        history=batch.history,
        new=new,
        same_inputs_models=batch.same_inputs_models,
        now=now,
    )


def write_orm(batch: Batch, now: Any) -> None:
    Score.objects.bulk_create(
        _objects(batch, now),
        update_conflicts=True,
        unique_fields=["target", "object_id"],
        update_fields=UPDATE_FIELDS,
        batch_size=2000,
    )
    ScoreHistory.objects.bulk_create(_history_objects(batch, now), batch_size=2000)


def write_bulk_update(batch: Batch, now: Any) -> None:
    """The same write done with Django's `bulk_update` (kept for the benchmark)."""
    objs = _objects(batch, now)
    pks = dict(
        Score.objects.filter(target=batch.target, object_id__in=[o.object_id for o in objs])
        .order_by()
        .values_list("object_id", "id")
    )
    for o in objs:
        o.pk = pks.get(o.object_id)
    Score.objects.bulk_update([o for o in objs if o.pk], UPDATE_FIELDS, batch_size=1000)
    Score.objects.bulk_create([o for o in objs if not o.pk], batch_size=1000)
    ScoreHistory.objects.bulk_create(_history_objects(batch, now), batch_size=1000)


WRITERS = {"upsert": None, "orm": write_orm, "bulk_update": write_bulk_update}


def writer(name: str = "upsert") -> Any:
    """The write function: "upsert" is COPY + SQL on PostgreSQL, the ORM elsewhere."""
    return WRITERS[name] or (write_pg if connection.vendor == "postgresql" else write_orm)
