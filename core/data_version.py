"""Data versions: a counter per data area that database triggers bump on every write to the
area's tables, and a cache keyed by it.

PostgreSQL: one statement-level trigger per table (INSERT, UPDATE, DELETE, TRUNCATE) calls
`core_bump_data_version(key)`. SQLite: row-level triggers per event. Either creates the
counter row if it is missing (e.g. after `manage.py flush`, which empties every table). The
counter row is updated inside the writing transaction, so a reader sees the new version exactly when it
sees the new data. The price: two transactions writing the same area commit one after the
other (the second waits for the counter row); portfolio writes are rare and short.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from django.core.cache import cache

from core.models import DataVersion

T = TypeVar("T")
# Tests set a fresh salt per test: their rolled-back transactions reuse version numbers.
CACHE_SALT = ""
CACHE_SECONDS = 24 * 3600

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION core_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO core_dataversion (key, version) VALUES (TG_ARGV[0], 1)
  ON CONFLICT (key) DO UPDATE SET version = core_dataversion.version + 1;
  RETURN NULL;
END $$;
"""


def current(key: str) -> int:
    return DataVersion.objects.filter(key=key).values_list("version", flat=True).first() or 0


def current_many(keys: Sequence[str]) -> str:
    """The versions of several areas as one token (one query), e.g. "12.3"."""
    found = dict(DataVersion.objects.filter(key__in=keys).values_list("key", "version"))
    return ".".join(str(found.get(k, 0)) for k in keys)


def cached(key: str, parts: Sequence[Any], compute: Callable[[], T]) -> T:
    """`compute()` cached under the area's current version and `parts`."""
    name = ":".join(str(p) for p in ("dv", CACHE_SALT, key, current(key), *parts))
    value = cache.get(name)
    if value is None:
        value = compute()
        cache.set(name, value, CACHE_SECONDS)
    return value


def cached_many(keys: Sequence[str], parts: Sequence[Any], compute: Callable[[], T]) -> T:
    """`compute()` cached under the current versions of several areas and `parts`."""
    name = ":".join(str(p) for p in ("dvm", CACHE_SALT, *keys, current_many(keys), *parts))
    value = cache.get(name)
    if value is None:
        value = compute()
        cache.set(name, value, CACHE_SECONDS)
    return value


class Memo(Generic[T]):
    """Large values (a roadmap analysis, a baseline comparison) cached per data version in
    this process, in front of the shared cache: unpickling tens of megabytes from the cache
    costs seconds, reading them here nothing. The key holds the data versions, so a stale
    entry is never read; callers only read the values. Keeps the last `size`."""

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self.entries: OrderedDict[str, T] = OrderedDict()
        self.lock = threading.Lock()  # threaded workers (gunicorn gthread) share the memo

    def get(self, keys: Sequence[str], parts: Sequence[Any], compute: Callable[[], T]) -> T:
        name = ":".join(str(p) for p in ("dvm", CACHE_SALT, *keys, current_many(keys), *parts))
        with self.lock:
            found = self.entries.get(name)
            if found is not None:
                self.entries.move_to_end(name)
                return found
        found = cache.get(name)
        if found is None:
            found = compute()
            cache.set(name, found, CACHE_SECONDS)
        with self.lock:
            self.entries[name] = found
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return found


def install(schema_editor: Any, key: str, tables: Sequence[str], *, counter: bool = True) -> None:
    """Create the counter row (unless `counter=False`: the area exists, more tables join it)
    and the triggers (for a migration's RunPython)."""
    vendor = schema_editor.connection.vendor
    if counter:
        schema_editor.execute("INSERT INTO core_dataversion (key, version) VALUES (%s, 0)", [key])
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
    for table in tables:
        if vendor == "postgresql":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_data_version AFTER INSERT OR UPDATE OR DELETE OR "
                f"TRUNCATE ON {table} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION core_bump_data_version('{key}')"
            )
        elif vendor == "sqlite":
            # Not `INSERT OR IGNORE`: an outer upsert's ON CONFLICT overrides a trigger's
            # conflict policy, and the counter row's insert would then fail.
            for event in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_data_version_{event.lower()} AFTER {event} ON "
                    f"{table} BEGIN INSERT INTO core_dataversion (key, version) SELECT "
                    f"'{key}', 0 WHERE NOT EXISTS (SELECT 1 FROM core_dataversion WHERE "
                    f"key = '{key}'); UPDATE core_dataversion SET version = version + 1 "
                    f"WHERE key = '{key}'; END"
                )
        else:
            raise NotImplementedError(f"data version triggers for {vendor}")


def uninstall(schema_editor: Any, key: str, tables: Sequence[str], *, counter: bool = True) -> None:
    vendor = schema_editor.connection.vendor
    for table in tables:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_data_version ON {table}")
        else:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_data_version_{event}")
    if counter:
        schema_editor.execute("DELETE FROM core_dataversion WHERE key = %s", [key])
