"""Bulk reads and writes of the recompute without per-row Python.

Read (`fetch_columns`): a portable SELECT of numbers (no NULLs) becomes NumPy arrays: on
PostgreSQL the rows are aggregated into one bytea of big-endian records (one result row, no
per-row Python; a COPY … TO STDOUT would cost a Python call per row), elsewhere fetchall.

Write (`write_scores`, PostgreSQL): the changed scores of one chunk go in one binary COPY
from a NumPy structured array into a temporary table; one INSERT appends history, one
UPDATE … FROM rewrites the stored rows in place, and one INSERT … ON CONFLICT adds the new
ones. The stored inputs ({"raw": [...], "normalised": [...]}) are built in SQL, and only
where they changed: a row whose fingerprint (and criteria sources) are unchanged keeps its
inputs, so a new weights version rewrites values, not inputs.

Binary COPY format: a 19-byte header, then per row the number of fields and each field as
its length and big-endian value, then a trailer; floats carry NaN for "missing", turned into
NULL in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
from django.db import connection

from scoring import columns
from scoring.models import Score, ScoreHistory

HEADER = b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big")
TRAILER = (-1).to_bytes(2, "big", signed=True)
FIXED = [
    ("object_id", ">i8", "bigint"),
    ("cents", ">i4", "integer"),
    ("excluded", "u1", "boolean"),
    ("fingerprint", ">i8", "bigint"),
    ("history", "u1", "boolean"),
    ("new", "u1", "boolean"),
]
TEMP = "scoring_score_in"


def fetch_columns(
    sql: str, params: Sequence[Any], names: Sequence[str], floats: Sequence[str] = ()
) -> dict[str, np.ndarray]:
    """Run a SELECT whose columns are `names` (whole numbers, or DOUBLE PRECISION for
    `floats`; never NULL) and return one array per column, sorted by the first column.
    On PostgreSQL the rows come back as one bytea of big-endian records (int8send /
    float8send concatenated per row, aggregated), read and sorted with no per-row Python."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cur:
            cur.execute(sql, params)
            rows = cur.fetchall()
        cols = list(zip(*rows, strict=True)) if rows else [()] * len(names)
        out = {
            n: np.asarray(c, dtype=float if n in floats else np.int64)
            for n, c in zip(names, cols, strict=True)
        }
        order = np.argsort(out[names[0]], kind="stable")
        return {n: column[order] for n, column in out.items()}
    aliases = [f"c{k}" for k in range(len(names))]
    record = " || ".join(
        f"{'float8send' if n in floats else 'int8send'}({a})"
        for n, a in zip(names, aliases, strict=True)
    )
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT COUNT(*), string_agg({record}, '') FROM ({sql}) AS q ({', '.join(aliases)})",
            params,
        )
        count, blob = cur.fetchone()
    dtype = np.dtype([(n, ">f8" if n in floats else ">i8") for n in names])
    data = bytes(blob or b"")
    if len(data) != dtype.itemsize * count:
        raise ValueError(f"{', '.join(names)}: a column read in bulk must not be NULL")
    rows = np.frombuffer(data, dtype=dtype)
    rows = rows[np.argsort(rows[names[0]], kind="stable")]  # sorting here is cheaper than in SQL
    return {n: rows[n].astype(float if n in floats else np.int64) for n in names}


Query = tuple[str, Sequence[Any], Sequence[str]]  # sql, params, column names
PARALLEL_READS = 4


def fetch_many(queries: Sequence[Query]) -> list[dict[str, np.ndarray]]:
    """`fetch_columns` of each query, in order. On PostgreSQL, outside a transaction, they
    run side by side on their own connections (each read is one server process's work:
    two cores halve the wait). Inside a transaction (a caller's, or a test's) they run one
    after the other on this connection, which alone sees its uncommitted rows."""
    if connection.vendor != "postgresql" or connection.in_atomic_block or len(queries) < 2:
        return [fetch_columns(sql, params, names) for sql, params, names in queries]

    def read(query: Query) -> dict[str, np.ndarray]:
        try:
            with connection.cursor() as cur:  # this thread's own connection
                cur.execute("SET work_mem = '64MB'")
                cur.execute("SET max_parallel_workers_per_gather = 0")
            return fetch_columns(*query)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=min(PARALLEL_READS, len(queries))) as pool:
        return list(pool.map(read, queries))


def _layout(n_criteria: int) -> list[tuple[str, str, str]]:
    out = list(FIXED)
    for k in range(n_criteria):
        out += [(f"r{k}", ">f8", "float8"), (f"n{k}", ">f8", "float8")]
    return out


def copy_payload(
    scored: columns.Scored,
    rows: np.ndarray,
    history: np.ndarray,
    new: np.ndarray,
    n_criteria: int,
) -> bytes:
    """The binary COPY stream of the chosen rows (indexes into `scored`)."""
    layout = _layout(n_criteria)
    dtype = np.dtype(
        [("fields", ">i2")]
        + [p for name, fmt, _ in layout for p in ((f"len_{name}", ">i4"), (name, fmt))]
    )
    out = np.zeros(rows.size, dtype=dtype)
    out["fields"] = len(layout)
    for name, fmt, _ in layout:
        out[f"len_{name}"] = np.dtype(fmt).itemsize
    out["object_id"] = scored.ids[rows]
    out["cents"] = scored.cents[rows]
    out["excluded"] = scored.excluded[rows]
    out["fingerprint"] = scored.fingerprint[rows]
    out["history"] = history
    out["new"] = new
    for k in range(n_criteria):
        out[f"r{k}"] = scored.raw[k][rows]
        out[f"n{k}"] = scored.normalised[k][rows]
    return HEADER + out.tobytes() + TRAILER


def _raw_sql(k: int, source: str, params: list[Any]) -> str:
    value = f"NULLIF(r{k}, 'NaN')"
    if source in columns.CATEGORIES:
        params.append(list(columns.CATEGORIES[source]))
        return f"(%s::text[])[{value}::integer + 1]"
    return value


def write_scores(
    *,
    target: str,
    model_id: int,
    sources: Sequence[str],
    scored: columns.Scored,
    rows: np.ndarray,
    history: np.ndarray,
    new: np.ndarray,
    same_inputs_models: Sequence[int],
    now: Any,
) -> None:
    layout = _layout(len(sources))
    score, hist = Score._meta.db_table, ScoreHistory._meta.db_table
    inputs_params: list[Any] = []
    raw = ", ".join(_raw_sql(k, s, inputs_params) for k, s in enumerate(sources))
    norm = ", ".join(f"n{k}" for k in range(len(sources)))
    inputs = f"jsonb_build_object('raw', jsonb_build_array({raw}), 'normalised', jsonb_build_array({norm}))"
    cols = "target, object_id, model_id, value, excluded, inputs, fingerprint, computed_at"
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in cols.split(", ")[2:])
    with connection.cursor() as cur:
        # Scores are derived data the nightly job rebuilds: a crash may lose the last
        # commit's scores, never their consistency, so the commit need not wait for the disk.
        cur.execute("SET LOCAL synchronous_commit = off")
        cur.execute(
            f"CREATE TEMP TABLE {TEMP} ({', '.join(f'{n} {t}' for n, _, t in layout)}) ON COMMIT DROP"
        )
        with cur.cursor.copy(f"COPY {TEMP} FROM STDIN (FORMAT BINARY)") as cp:
            cp.write(copy_payload(scored, rows, history, new, len(sources)))
        cur.execute(
            f"INSERT INTO {hist} (target, object_id, model_id, value, excluded, computed_at) "
            f"SELECT %s, object_id, %s, cents / 100.0, excluded, %s FROM {TEMP} WHERE history",
            [target, model_id, now],
        )
        if not bool(new.all()):
            ids = scored.ids[rows]
            span = [int(ids.min()), int(ids.max())]
            # An update in place: no index covers the changed columns and the table keeps
            # half of each page free (fillfactor 50, migration 0006), so PostgreSQL rewrites
            # the row on its own page without touching any index (a HOT update). A join
            # update is cheaper than INSERT … ON CONFLICT (no speculative insertion), and
            # the inputs are rebuilt only where they changed.
            cur.execute(
                f"UPDATE {score} AS s SET model_id = %s, value = t.cents / 100.0, "
                f"excluded = t.excluded, fingerprint = t.fingerprint, computed_at = %s, "
                f"inputs = CASE WHEN s.fingerprint = t.fingerprint "
                f"AND s.model_id = ANY(%s::bigint[]) THEN s.inputs ELSE {inputs} END "
                f"FROM {TEMP} AS t WHERE NOT t.new AND s.target = %s AND s.object_id = t.object_id "
                # the chunk's id range: the planner reads only those scores (by index)
                f"AND s.object_id BETWEEN %s AND %s",
                [model_id, now, list(same_inputs_models), *inputs_params, target, *span],
            )
        if bool(new.any()):
            cur.execute(
                f"INSERT INTO {score} ({cols}) SELECT %s, object_id, %s, cents / 100.0, "
                f"excluded, {inputs}, fingerprint, %s FROM {TEMP} WHERE new "
                f"ON CONFLICT (target, object_id) DO UPDATE SET {updates}",
                [target, model_id, *inputs_params, now],
            )
        cur.execute(f"DROP TABLE {TEMP}")
