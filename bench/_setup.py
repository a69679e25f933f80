"""Shared start-up for bench scripts: Django on the PostgreSQL database in DATABASE_URL."""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ehelse_bench"


def django_on_postgres() -> None:
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "0"
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    if not settings.IS_POSTGRES:
        raise SystemExit("The benchmarks run on PostgreSQL: set DATABASE_URL=postgres://…")


def median_ms(fn: Callable[[], object], *, runs: int = 20, warmup: int = 3) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
