"""Memory of streamed downloads: does it stay flat while the file grows?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ehelse_bench .venv/bin/python bench/download_memory.py [--stop-mb 60]

Streams each download in-process (Django test client, as the office or anonymous) with
`tracemalloc` on and prints the peak of Python memory allocated since the request began when
5, 20 and `--stop-mb` MB (or the whole file) have been read, with the first-byte time. Flat
memory: the peak after 20 or 60 MB is about the peak after 5 MB. Open-data files are produced
afresh (an empty directory for stored files), so their database streaming is what is measured.
tracemalloc slows Python down, so the times here are not the page budget's.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_on_postgres  # noqa: E402

DOWNLOADS = [
    ("office", "/measures/export/"),
    ("office", "/measures/export/?format=xlsx"),
    ("office", "/measures/export/?layout=report"),
    ("anonymous", "/public/data/measures.csv"),
    ("anonymous", "/public/data/budget-lines.csv"),
    ("anonymous", "/public/data/budget-lines.json"),
    ("office", "/roadmap/export.csv"),
    ("office", "/roadmap/export.svg"),
]
CHECKPOINTS_MB = (5, 20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stop-mb", type=float, default=40.0, help="stop reading after this")
    parser.add_argument("--only", default="", help="only URLs containing this text")
    args = parser.parse_args()
    django_on_postgres()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    settings.VERSIONED_FILES_DIR = Path(tempfile.mkdtemp(prefix="bench-files-"))
    clients = {"anonymous": Client(), "office": Client()}
    clients["office"].force_login(get_user_model().objects.get(username="kontor"))
    marks = [*CHECKPOINTS_MB, args.stop_mb]
    print(f"{'url':<38} {'1st B ms':>8} " + " ".join(f"{f'peak@{m:g}MB':>11}" for m in marks))
    for who, url in DOWNLOADS:
        if args.only not in url:
            continue
        clients[who].get("/")  # warm the process (URLconf, templates) outside the measure
        tracemalloc.start()
        tracemalloc.reset_peak()
        start = time.perf_counter()
        response = clients[who].get(url)
        first = None
        read, peaks, pending = 0, [], list(marks)
        for chunk in response.streaming_content:
            first = first if first is not None else (time.perf_counter() - start) * 1000
            read += len(chunk)
            while pending and read >= pending[0] * 1e6:
                peaks.append(tracemalloc.get_traced_memory()[1])
                pending.pop(0)
            if not pending:
                break
        response.close()
        if pending:  # the file ended first: its peak at the end
            peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        cells = " ".join(f"{p / 1e6:9.1f}MB" for p in peaks)
        note = "" if not pending else f"  (whole file: {read / 1e6:.1f} MB)"
        print(f"{url:<38} {first or 0:8.0f} {cells}{note}", flush=True)


if __name__ == "__main__":
    main()
