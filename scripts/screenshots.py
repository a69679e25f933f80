"""Refresh the screenshots in docs/screenshots/ (run by `make screenshots`).

Builds a throwaway SQLite database under var/ (migrate + load_demo), starts the app with
runserver on a free local port, signs in as the demo users in Debian's chromium (Playwright,
never a browser download) and saves full-page PNGs of the main pages. Pages of features that
are not installed yet (URL name missing) are skipped.

    .venv/bin/python scripts/screenshots.py [--lang en|nb] [--only dashboard,measure-list]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
OUT_DIR = BASE_DIR / "docs" / "screenshots"
DB_PATH = BASE_DIR / "var" / "screenshots.sqlite3"
CHROMIUM = Path(os.environ.get("BROWSER_TESTS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "demo-portefolje-2020"

# name, URL name (or a callable path), user, what to do on the page before the shot
SHOTS: list[tuple[str, str, str | None, str | None]] = [
    ("dashboard", "dashboard", "kontor", None),
    ("measure-list", "measure-list", "kontor", "open-filter"),
    ("measure-detail", "measure-detail", "kontor", None),
    ("measure-form-errors", "measure-create", "aktor", "submit-wrong"),
    ("login", "login", None, None),
    ("review-queue", "review-queue", "kontor", None),
    ("roadmap", "roadmap:index", "kontor", None),
    ("roadmap-graph", "roadmap:graph", "kontor", None),
    ("suggestion-form", "covid_intake:submit", None, None),
    ("suggestion-board", "covid_intake:board", "kontor", None),
    ("steering-group", "covid_intake:steering", "styring", None),
    ("prioritisation", "scoring:index", "kontor", None),
    ("public-overview", "public:index", None, None),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def resolve(env: dict[str, str]) -> dict[str, str]:
    """URL paths for the shots whose URL names exist (asked of the app itself)."""
    code = (
        "import json\n"
        "from django.urls import NoReverseMatch, reverse\n"
        "from portfolio.models import Measure\n"
        "m = Measure.objects.filter(latest_status__isnull=False).order_by('code').first()\n"
        "out = {}\n"
        f"for name, url_name, _u, _a in {SHOTS!r}:\n"
        "    try:\n"
        "        kwargs = {'pk': m.pk} if url_name == 'measure-detail' else None\n"
        "        out[name] = reverse(url_name, kwargs=kwargs)\n"
        "    except NoReverseMatch:\n"
        "        pass\n"
        "print(json.dumps(out))\n"
    )
    import json

    return json.loads(manage(env, "shell", "-c", code).strip().splitlines()[-1])


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the app did not answer at {url}")


def login(page, user: str, next_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"/login/?next={next_url}")
    page.fill("#id_username", user)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def prepare(page, action: str | None) -> None:  # type: ignore[no-untyped-def]
    if action == "open-filter":
        page.locator("details.filters summary").click()
    elif action == "submit-wrong":
        page.fill("#id_code", "HV-NY")
        page.fill("#id_name", "Digital innbyggerdialog")
        page.select_option("#id_owner", label="Helse Vest")
        page.fill("#id_start_date", "2021-06-01")
        page.fill("#id_end_date", "2021-01-31")
        page.fill("#id_budget-0-year", "2021")
        page.fill("#id_budget-0-planned", "-250000")
        page.fill("#id_budget-1-year", "2022")
        page.fill("#id_budget-1-planned", "40000")
        with page.expect_navigation():
            page.locator("form.measure-form button[type=submit]").click()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="en", choices=["en", "nb"])
    parser.add_argument("--only", default="", help="comma-separated shot names")
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: run `bash scripts/ensure_chromium.sh`", file=sys.stderr)
        return 1

    DB_PATH.parent.mkdir(parents=True, exist_ok=True)
    DB_PATH.unlink(missing_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{DB_PATH}",
        "DEBUG": "1",
        "AXES_ENABLED": "0",
        "CELERY_EAGER": "1",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    print("Building the demo database…")
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    paths = resolve(env)
    wanted = {n for n in args.only.split(",") if n}

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(base + "/login/")
        from playwright.sync_api import sync_playwright

        OUT_DIR.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            for name, _url_name, user, action in SHOTS:
                if name not in paths or (wanted and name not in wanted):
                    continue
                context = browser.new_context(
                    base_url=base,
                    locale="nb-NO" if args.lang == "nb" else "en-GB",
                    viewport={"width": args.width, "height": 900},
                )
                page = context.new_page()
                if user:
                    login(page, user, paths[name])
                else:
                    page.goto(paths[name])
                if (
                    page.evaluate("location.pathname") != paths[name]
                    or page.locator("#traceback, #summary .exception_value").count()
                ):
                    print(f"  skipped {name}: the page failed ({page.url})", file=sys.stderr)
                    context.close()
                    continue
                prepare(page, action)
                target = OUT_DIR / f"{name}.png"
                page.screenshot(path=str(target), full_page=True)
                print(f"  {target.relative_to(BASE_DIR)}")
                context.close()
            browser.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
