"""The portfolio summary from aggregates kept up to date as writes happen (issue 16).

`portfolio_summarycell` (model `SummaryCell`) holds, per budget year and per owner × segment
× phase × published of the measures in the portfolio (accepted, not archived): how many
measures have budget lines in the year, and the sums of their planned (all, investment,
operating) and actual amounts. Database triggers keep it up to date on every write to
budget lines and measures, whatever made it (services, the import, `QuerySet.update()`, raw
SQL, COPY):

- PostgreSQL: statement-level triggers with transition tables (one upsert per statement,
  however many rows it wrote); TRUNCATE rebuilds the table.
- SQLite: row-level triggers with the same arithmetic.

So `summary(year, …)` reads a few hundred rows (the year and the next, for the operating-cost
consequence) instead of scanning every measure and budget line, and equals
`selectors.portfolio_summary` computed from scratch (tests/portfolio/test_summary_aggregates.py).
`rebuild()` recomputes the table from scratch (after a bulk load with triggers disabled).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Q, Sum, Value

from core.policy import sees_everything
from portfolio.choices import Phase
from portfolio.models import Actor, Segment, SummaryCell
from portfolio.policies import actor_ids_of

ZERO = Decimal("0")
PHASE_ORDER = {value: n for n, value in enumerate(Phase.values)}

CELL = "portfolio_summarycell"
KEY = "year, owner_id, segment_id, phase, published"
SUMS = ("measures", "planned", "investment", "operating", "actual")
IN_PORTFOLIO = "{m}.state = 'accepted' AND {m}.archived_at IS NULL"

# From scratch: used by rebuild() and by the TRUNCATE trigger.
REBUILD_SQL = f"""
INSERT INTO {CELL} ({KEY}, {", ".join(SUMS)})
SELECT b.year, m.owner_id, COALESCE(m.segment_id, 0), m.phase, m.published,
       COUNT(DISTINCT b.measure_id), SUM(b.planned),
       SUM(CASE WHEN b.kind = 'investment' THEN b.planned ELSE 0 END),
       SUM(CASE WHEN b.kind = 'operating' THEN b.planned ELSE 0 END),
       COALESCE(SUM(b.actual), 0)
FROM portfolio_budgetline b JOIN portfolio_measure m ON m.id = b.measure_id
WHERE {IN_PORTFOLIO.format(m="m")}
GROUP BY b.year, m.owner_id, COALESCE(m.segment_id, 0), m.phase, m.published
"""

_PG_ADD = ", ".join(f"{c} = c.{c} + EXCLUDED.{c}" for c in SUMS)

# Budget lines, one function per event: `changes` are the written rows signed +1 (new) / -1
# (old). A measure counts in a year when it has a line in it: the number of its lines now
# (after the statement) against now − net change (before).
_PG_LINES = f"""
CREATE OR REPLACE FUNCTION {{name}}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO {CELL} AS c ({KEY}, {", ".join(SUMS)})
  SELECT p.year, m.owner_id, COALESCE(m.segment_id, 0), m.phase, m.published,
         SUM((p.now > 0)::int - (p.now - p.net > 0)::int), SUM(p.planned), SUM(p.investment),
         SUM(p.operating), SUM(p.actual)
  FROM (
    SELECT ch.measure_id, ch.year, SUM(ch.s) AS net, SUM(ch.s * ch.planned) AS planned,
           SUM(CASE WHEN ch.kind = 'investment' THEN ch.s * ch.planned ELSE 0 END) AS investment,
           SUM(CASE WHEN ch.kind = 'operating' THEN ch.s * ch.planned ELSE 0 END) AS operating,
           SUM(ch.s * COALESCE(ch.actual, 0)) AS actual,
           (SELECT COUNT(*) FROM portfolio_budgetline b
             WHERE b.measure_id = ch.measure_id AND b.year = ch.year) AS now
    FROM ({{changes}}) ch
    GROUP BY ch.measure_id, ch.year
  ) p JOIN portfolio_measure m ON m.id = p.measure_id
  WHERE {IN_PORTFOLIO.format(m="m")}
  GROUP BY p.year, m.owner_id, COALESCE(m.segment_id, 0), m.phase, m.published
  ON CONFLICT ({KEY}) DO UPDATE SET {_PG_ADD};
  RETURN NULL;
END $$;
"""
_NEW_LINES = "SELECT measure_id, year, kind, planned, actual, 1 AS s FROM new_rows"
_OLD_LINES = "SELECT measure_id, year, kind, planned, actual, -1 AS s FROM old_rows"

# Measures: when an update moves a measure to another cell (owner, segment, phase, published)
# or into/out of the portfolio (state, archived), its lines move with it.
_CELL_OF = "{t}.owner_id, COALESCE({t}.segment_id, 0), {t}.phase, {t}.published"
_CHANGED = (
    f"({_CELL_OF.format(t='o')}, {IN_PORTFOLIO.format(m='o')}) IS DISTINCT FROM "
    f"({_CELL_OF.format(t='n')}, {IN_PORTFOLIO.format(m='n')})"
)
_PG_MEASURES = f"""
CREATE OR REPLACE FUNCTION portfolio_summary_measures_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  WITH x(id, owner_id, segment_id, phase, published, s, counted) AS (
    SELECT o.id, {_CELL_OF.format(t="o")}, -1, ({IN_PORTFOLIO.format(m="o")})
    FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {_CHANGED}
    UNION ALL
    SELECT n.id, {_CELL_OF.format(t="n")}, 1, ({IN_PORTFOLIO.format(m="n")})
    FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {_CHANGED}
  ), t AS (
    SELECT b.measure_id, b.year, SUM(b.planned) AS planned,
           SUM(CASE WHEN b.kind = 'investment' THEN b.planned ELSE 0 END) AS investment,
           SUM(CASE WHEN b.kind = 'operating' THEN b.planned ELSE 0 END) AS operating,
           COALESCE(SUM(b.actual), 0) AS actual
    FROM portfolio_budgetline b WHERE b.measure_id IN (SELECT id FROM x)
    GROUP BY b.measure_id, b.year
  )
  INSERT INTO {CELL} AS c ({KEY}, {", ".join(SUMS)})
  SELECT t.year, x.owner_id, x.segment_id, x.phase, x.published, SUM(x.s),
         SUM(x.s * t.planned), SUM(x.s * t.investment), SUM(x.s * t.operating),
         SUM(x.s * t.actual)
  FROM x JOIN t ON t.measure_id = x.id
  WHERE x.counted
  GROUP BY t.year, x.owner_id, x.segment_id, x.phase, x.published
  ON CONFLICT ({KEY}) DO UPDATE SET {_PG_ADD};
  RETURN NULL;
END $$;
"""
_PG_REBUILD = f"""
CREATE OR REPLACE FUNCTION portfolio_summary_rebuild() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM {CELL};
  {REBUILD_SQL};
  RETURN NULL;
END $$;
"""


def _pg_statements() -> list[str]:
    out = []
    for event, changes, refs in (
        ("insert", _NEW_LINES, "NEW TABLE AS new_rows"),
        (
            "update",
            f"{_NEW_LINES} UNION ALL {_OLD_LINES}",
            "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        ),
        ("delete", _OLD_LINES, "OLD TABLE AS old_rows"),
    ):
        name = f"portfolio_summary_lines_{event}"
        out.append(_PG_LINES.format(name=name, changes=changes))
        out.append(
            f"CREATE TRIGGER {name} AFTER {event.upper()} ON portfolio_budgetline "
            f"REFERENCING {refs} FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )
    out += [
        _PG_MEASURES,
        "CREATE TRIGGER portfolio_summary_measures_update AFTER UPDATE ON portfolio_measure "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
        "EXECUTE FUNCTION portfolio_summary_measures_update()",
        _PG_REBUILD,
    ]
    for table in ("portfolio_budgetline", "portfolio_measure"):
        out.append(
            f"CREATE TRIGGER {table}_summary_truncate AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION portfolio_summary_rebuild()"
        )
    return out


# SQLite: row-level. Adding upserts the cell; taking away only updates an existing cell (a
# flush may have emptied the table before the rows it summed).
_SQ_ADD = ", ".join(f"{c} = {c} + excluded.{c}" for c in SUMS)


def _sq_line(row: str, sign: int, counts: str) -> str:
    investment = f"CASE WHEN {row}.kind = 'investment' THEN {row}.planned ELSE 0 END"
    operating = f"CASE WHEN {row}.kind = 'operating' THEN {row}.planned ELSE 0 END"
    cell = f"{row}.year, m.owner_id, COALESCE(m.segment_id, 0), m.phase, m.published"
    where = f"m.id = {row}.measure_id AND {IN_PORTFOLIO.format(m='m')}"
    if sign > 0:
        return (
            f"INSERT INTO {CELL} ({KEY}, {', '.join(SUMS)}) SELECT {cell}, {counts}, "
            f"{row}.planned, {investment}, {operating}, COALESCE({row}.actual, 0) "
            f"FROM portfolio_measure m WHERE {where} ON CONFLICT ({KEY}) DO UPDATE SET {_SQ_ADD};"
        )
    return (
        f"UPDATE {CELL} SET measures = measures - {counts}, planned = planned - {row}.planned, "
        f"investment = investment - {investment}, operating = operating - {operating}, "
        f"actual = actual - COALESCE({row}.actual, 0) "
        f"WHERE ({KEY}) = (SELECT {cell} FROM portfolio_measure m WHERE {where});"
    )


def _sqlite_statements() -> list[str]:
    count = "(SELECT COUNT(*) FROM portfolio_budgetline b WHERE b.measure_id = {r}.measure_id AND b.year = {r}.year)"
    same = "(NEW.measure_id = OLD.measure_id AND NEW.year = OLD.year)"
    first = f"CASE WHEN {count.format(r='NEW')} = 1 THEN 1 ELSE 0 END"
    last = f"CASE WHEN {count.format(r='OLD')} = 0 THEN 1 ELSE 0 END"
    return [
        "CREATE TRIGGER portfolio_summary_lines_insert AFTER INSERT ON portfolio_budgetline "
        f"BEGIN {_sq_line('NEW', 1, first)} END",
        "CREATE TRIGGER portfolio_summary_lines_delete AFTER DELETE ON portfolio_budgetline "
        f"BEGIN {_sq_line('OLD', -1, last)} END",
        "CREATE TRIGGER portfolio_summary_lines_update AFTER UPDATE ON portfolio_budgetline "
        f"BEGIN {_sq_line('OLD', -1, f'CASE WHEN {same} THEN 0 ELSE {last} END')} "
        f"{_sq_line('NEW', 1, f'CASE WHEN {same} THEN 0 ELSE {first} END')} END",
        _sq_measure_trigger(),
    ]


def _sq_measure_trigger() -> str:
    lines = (
        "SELECT b.year, SUM(b.planned) AS planned, "
        "SUM(CASE WHEN b.kind = 'investment' THEN b.planned ELSE 0 END) AS investment, "
        "SUM(CASE WHEN b.kind = 'operating' THEN b.planned ELSE 0 END) AS operating, "
        "COALESCE(SUM(b.actual), 0) AS actual FROM portfolio_budgetline b "
        "WHERE b.measure_id = {r}.id GROUP BY b.year"
    )
    changed = (
        f"({_CELL_OF.format(t='OLD')}, {IN_PORTFOLIO.format(m='OLD')}) IS NOT "
        f"({_CELL_OF.format(t='NEW')}, {IN_PORTFOLIO.format(m='NEW')})"
    )
    take = (
        f"UPDATE {CELL} SET ({', '.join(SUMS)}) = (SELECT {CELL}.measures - 1, "
        f"{CELL}.planned - t.planned, {CELL}.investment - t.investment, "
        f"{CELL}.operating - t.operating, {CELL}.actual - t.actual "
        f"FROM ({lines.format(r='OLD')}) t WHERE t.year = {CELL}.year) "
        f"WHERE {IN_PORTFOLIO.format(m='OLD')} AND ({KEY}) IN (SELECT t.year, "
        f"{_CELL_OF.format(t='OLD')} FROM ({lines.format(r='OLD')}) t);"
    )
    add = (
        f"INSERT INTO {CELL} ({KEY}, {', '.join(SUMS)}) SELECT t.year, "
        f"{_CELL_OF.format(t='NEW')}, 1, t.planned, t.investment, t.operating, t.actual "
        f"FROM ({lines.format(r='NEW')}) t WHERE {IN_PORTFOLIO.format(m='NEW')} "
        f"ON CONFLICT ({KEY}) DO UPDATE SET {_SQ_ADD};"
    )
    return (
        "CREATE TRIGGER portfolio_summary_measures_update AFTER UPDATE ON portfolio_measure "
        f"WHEN {changed} BEGIN {take} {add} END"
    )


def install(schema_editor: Any) -> None:
    """Create the triggers and fill the table (for a migration's RunPython)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = _pg_statements()
    elif vendor == "sqlite":
        statements = _sqlite_statements()
    else:
        raise NotImplementedError(f"summary aggregates for {vendor}")
    for sql in statements:
        schema_editor.execute(sql)
    schema_editor.execute(f"DELETE FROM {CELL}")
    schema_editor.execute(REBUILD_SQL)


def uninstall(schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for event in ("insert", "update", "delete"):
        name = f"portfolio_summary_lines_{event}"
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON portfolio_budgetline")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    if vendor == "postgresql":
        for sql in (
            "DROP TRIGGER IF EXISTS portfolio_summary_measures_update ON portfolio_measure",
            "DROP TRIGGER IF EXISTS portfolio_budgetline_summary_truncate ON portfolio_budgetline",
            "DROP TRIGGER IF EXISTS portfolio_measure_summary_truncate ON portfolio_measure",
            "DROP FUNCTION IF EXISTS portfolio_summary_measures_update()",
            "DROP FUNCTION IF EXISTS portfolio_summary_rebuild()",
        ):
            schema_editor.execute(sql)
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS portfolio_summary_measures_update")


def rebuild() -> None:
    """Recompute every cell from the measures and budget lines."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {CELL}")
        cursor.execute(REBUILD_SQL)


def _money(value: Any) -> Decimal:
    return ZERO if value is None else Decimal(value)


def _names() -> tuple[dict[int, str], dict[int, str]]:
    """Actors' short names and segments' names (two small tables, one query)."""
    actors: dict[int, str] = {}
    segments: dict[int, str] = {}
    tag = "summary_table"
    names = (
        Actor.objects.order_by()
        .annotate(**{tag: Value("a")})
        .values_list(tag, "id", "short_name")
        .union(
            Segment.objects.order_by().annotate(**{tag: Value("s")}).values_list(tag, "id", "name"),
            all=True,
        )
    )
    for table, ident, name in names:
        (actors if table == "a" else segments)[ident] = name
    return actors, segments


def summary(*, year: int, user: Any = None, token: Any = None) -> dict[str, Any]:
    """`selectors.portfolio_summary(year=…, measures=portfolio_measures(user, token))` from the
    cells of the year and the next (office: all; others: published plus their actors' own):
    one grouped query (at most owners × segments × phases rows) and one for the names."""
    cells = SummaryCell.objects.filter(year__in=[year, year + 1])
    if not sees_everything(user, token):
        cells = cells.filter(Q(published=True) | Q(owner_id__in=actor_ids_of(user, token)))
    this = Q(year=year, measures__gt=0)
    groups = list(
        cells.order_by()
        .values("owner_id", "segment_id", "phase")
        .annotate(
            **{"s_" + c: Sum(c, filter=this) for c in SUMS},
            s_operating_next=Sum("operating", filter=Q(year=year + 1)),
        )
    )
    actors, segments = _names()

    def total(key: str) -> Decimal:
        return sum((_money(g["s_" + key]) for g in groups), ZERO)

    def split(key: str, name_of: Any) -> list[dict[str, Any]]:
        out: dict[Any, dict[str, Any]] = {}
        for g in groups:
            if not g["s_measures"]:
                continue
            ident = g[key] or None if key == "segment_id" else g[key]
            row = out.setdefault(
                ident, {"id": ident, "name": name_of(ident), "measures": 0, "planned": ZERO}
            )
            row["measures"] += g["s_measures"]
            row["planned"] += _money(g["s_planned"])
        return sorted(out.values(), key=lambda r: (r["name"] is None, r["name"] or ""))

    operating_this = total("operating")
    operating_next = total("operating_next")
    measures = sum(g["s_measures"] or 0 for g in groups)
    return {
        "year": year,
        "measures": measures,
        "measures_with_budget": measures,
        "planned": total("planned"),
        "planned_investment": total("investment"),
        "planned_operating": operating_this,
        "actual": total("actual"),
        "operating_next_year": operating_next,
        "operating_change_next_year": operating_next - operating_this,
        "by_actor": sorted(split("owner_id", actors.get), key=lambda r: -r["planned"]),
        "by_segment": split("segment_id", lambda i: segments.get(i) if i else None),
        "by_phase": sorted(
            split("phase", lambda p: p), key=lambda r: PHASE_ORDER.get(r["id"], len(PHASE_ORDER))
        ),
    }
