"""Throughput of the public overview under load, against the same bytes as a static file.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ehelse_bench REDIS_URL=redis://127.0.0.1:6379/10 \\
        .venv/bin/python bench/public_throughput.py [--duration 15] [--connections 16]

Starts gunicorn (2 sync workers; `--workers` to change) on a free port with the app on the
database in DATABASE_URL and the cache in REDIS_URL (shared by the workers, as deployed),
fetches `/public/` once, writes those exact bytes to `STATIC_ROOT/bench/public.html`, restarts
the server so WhiteNoise (the app's own static-file server) knows the file, then runs wrk
(`apt-get install wrk`) with 16 connections for `--duration` seconds against each in turn:
`/public/`, `/public/` with `If-None-Match` (a revalidating browser), `/public/roadmap/`, and
the static file, after `--warmup` seconds of unmeasured load on each (a fresh worker's first
requests import the URLconf and load the pages). Prints requests per second and the ratio
page / static (target ≥ 0.5).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(port: int, workers: int) -> subprocess.Popen:
    env = dict(os.environ, DEBUG="0", DJANGO_SETTINGS_MODULE="config.settings")
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "20",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/public/data/", timeout=30)
            return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise SystemExit("gunicorn did not start")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def wrk(
    url: str, seconds: int, connections: int, header: str | None = None, *, quiet: bool = False
) -> float:
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    if header:
        command += ["-H", header]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p50 = re.search(r"50%\s+(\S+)", out)
    if quiet:
        return rate
    print(
        f"  {url:<58} {rate:9.1f} req/s"
        f"  p50 {p50.group(1) if p50 else '?':>8}"
        + (f"  NON-2xx/3xx: {non2xx.group(1)}" if non2xx else "")
        + (f"  ({header})" if header else ""),
        flush=True,
    )
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument(
        "--warmup", type=int, default=3, help="seconds of unmeasured load per URL first"
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    if not os.environ.get("REDIS_URL"):
        print("note: no REDIS_URL, so each worker has its own in-process cache")
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start(port, args.workers)
    try:
        with urllib.request.urlopen(f"{base}/public/", timeout=60) as response:
            body = response.read()
            etag = response.headers["ETag"]
    finally:
        stop(server)
    target = Path(settings.STATIC_ROOT) / "bench" / "public.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    print(f"/public/ is {len(body):,} bytes; the same bytes as {target}")
    server = start(port, args.workers)
    try:
        static_url = f"{base}/{settings.STATIC_URL.strip('/')}/bench/public.html"
        with urllib.request.urlopen(static_url, timeout=30) as response:
            assert response.read() == body, "the static file is not served as written"
        for url in (f"{base}/public/", f"{base}/public/roadmap/", static_url):
            # every worker imports the URLconf and loads the pages on its first requests
            wrk(url, args.warmup, args.connections, quiet=True)
        print(
            f"\nwrk, {args.connections} connections, {args.duration} s each, "
            f"gunicorn {args.workers} workers:"
        )
        page = wrk(f"{base}/public/", args.duration, args.connections)
        wrk(f"{base}/public/", args.duration, args.connections, f"If-None-Match: {etag}")
        wrk(f"{base}/public/roadmap/", args.duration, args.connections)
        static = wrk(static_url, args.duration, args.connections)
    finally:
        stop(server)
    print(f"\nratio /public/ : static file = {page / static:.2f} (target ≥ 0.5)")


if __name__ == "__main__":
    main()
