"""Run every benchmark script in bench/ one after another (not the generator, not itself).

    .venv/bin/python bench/run_all.py

Leave DATABASE_URL unset: each script then uses its own default database
(ehelse_bench, ehelse_bench_scoring, …), so they do not fill each other's data. Scripts whose
name starts with "_" are helpers and are skipped. Run bench/generate_portfolio.py once first. Exits non-zero if any
script fails; the figures are whatever each script prints.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SKIP = {"run_all.py", "generate_portfolio.py"}


def main() -> int:
    failed = []
    for script in sorted(HERE.glob("*.py")):
        if script.name in SKIP or script.name.startswith("_"):
            continue
        print(f"== {script.name}", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        print(f"== {script.name}: exit {code} after {time.perf_counter() - started:.0f} s\n")
        if code:
            failed.append(script.name)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
