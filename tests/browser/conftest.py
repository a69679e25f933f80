"""Browser harness: Playwright (sync API) driving Debian's chromium against a live test server.

Every later feature plugs in here: request `page` (a fresh browser context whose relative URLs
go to the app on a free local port) and `demo` (the demo portfolio and users, loaded once for
the browser package; the test body may use the ORM), then use `login(page, "kontor")`,
`axe_scan(page)`, `tab_to(page, selector)`. Tests that create data register its removal with
the `cleanup` fixture so the shared demo data stays as loaded.

Never downloads a browser: chromium comes from Debian (`scripts/ensure_chromium.sh`).
When /usr/bin/chromium is missing the browser tests are skipped with a reason.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

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
BASE_DIR = Path(__file__).resolve().parents[2]
AXE_JS = BASE_DIR / "static" / "vendor" / "axe-core" / "axe.min.js"
FAILURE_DIR = BASE_DIR / "var" / "browser-failures"
DEMO_PASSWORD = "demo-portefolje-2020"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = ("serious", "critical")
TIMEOUT_MS = 15_000


def chromium_missing_reason() -> str | None:
    if not CHROMIUM.exists():
        return (
            f"Debian's chromium not found at {CHROMIUM}: browser tests skipped "
            "(run `bash scripts/ensure_chromium.sh` or `make test` to install it)"
        )
    return None


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    reason = chromium_missing_reason()
    here = Path(__file__).parent
    for item in items:
        if here not in Path(str(item.fspath)).parents:
            continue
        item.add_marker(pytest.mark.browser)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: Any, call: Any) -> Any:
    """Keep the outcome on the item so `page` can save a screenshot of a failing test."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# --- browser ------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def _playwright() -> Iterator[Any]:
    # Playwright's sync API keeps an event loop in the main thread; Django refuses ORM calls
    # from a thread with a running loop unless told it is safe (it is: the loop is idle
    # whenever test code runs). Restored when the browser package is done.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    manager = sync_playwright().start()
    try:
        yield manager
    finally:
        manager.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(_playwright: Any) -> Iterator[Any]:
    """One headless chromium for the whole browser suite."""
    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    instance = _playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    try:
        yield instance
    finally:
        instance.close()


@pytest.fixture
def browser_locale() -> str:
    """The browser's language (Accept-Language). Override in a test module to change it."""
    return "en-GB"


@pytest.fixture
def page(browser: Any, live_app: LiveApp, browser_locale: str, request: Any) -> Iterator[Any]:
    """A fresh context and page per test; relative URLs go to the live server."""
    context = browser.new_context(
        base_url=live_app.url,
        locale=browser_locale,
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
    )
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    try:
        yield tab
    finally:
        failed = getattr(request.node, "rep_call", None)
        if failed is not None and failed.failed:
            FAILURE_DIR.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
            with contextlib.suppress(Exception):  # best effort diagnostics only
                tab.screenshot(path=str(FAILURE_DIR / f"{name}.png"), full_page=True)
        context.close()


# --- the app and its data -------------------------------------------------------------------


@dataclass
class LiveApp:
    url: str
    demo: dict[str, Any]


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _configured_name(alias: str = "default") -> str:
    from django.conf import settings

    return str(settings.DATABASES[alias]["NAME"])


# The configured (real) database name, read before any test database replaces it.
_REAL_DATABASE_NAME = _configured_name()


def _on_test_database(alias: str = "default") -> bool:
    """True once a test database has replaced the configured one (or SQLite runs in memory)."""
    from django.db import connections

    connection = connections[alias]
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return True
    return str(connection.settings_dict["NAME"]) != _REAL_DATABASE_NAME


@pytest.fixture(scope="package")
def _browser_database(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Make sure the test database exists.

    pytest-django creates test databases only for collected tests that ask for `db`,
    `transactional_db`, `live_server` or the `django_db` marker; when the browser tests run on
    their own none does, so create (and later drop) it here. Never touch a real database.
    """
    from django.test.utils import setup_databases, teardown_databases

    created = None
    with django_db_blocker.unblock():
        if not _on_test_database():
            created = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        assert _on_test_database(), "refusing to run browser tests outside a test database"
    try:
        yield
    finally:
        if created is not None:
            with django_db_blocker.unblock():
                teardown_databases(created, verbosity=0)


@pytest.fixture(scope="package")
def live_app(_browser_database: None, django_db_blocker: Any) -> Iterator[LiveApp]:
    """The app on a free local port, with the demo portfolio loaded once for the package.

    pytest-django's `live_server` empties the database after every test, and loading the demo
    data takes seconds, so the browser suite keeps one server and one data set instead: tests
    must leave the data as they found it (use the `cleanup` fixture for what they create).
    The database is emptied again when the package is done, so later tests start clean.
    Static files are served from the finders (StaticFilesHandler), like runserver.
    """
    from django.core.management import call_command
    from django.db import connections
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    from config.celery import app as celery_app

    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    # Hashing the demo passwords with PBKDF2 costs seconds; these tests need no strength.
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        from portfolio.demo import load_demo

        demo = load_demo()
        server = LiveServer("localhost:0")
        server._live_server_modified_settings.enable()
        try:
            yield LiveApp(url=server.url, demo=demo)
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)
            # Django's connections are context-local and, under Playwright's sync API, this
            # package runs with a connection of its own, which pytest-django does not close
            # before it drops the test database: left open, it keeps the database from
            # being dropped (a warning, a wait, and a database left behind).
            connections.close_all()


@pytest.fixture
def demo(live_app: LiveApp, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The demo portfolio (52 measures, 1 568 MNOK in 2020) and one demo user per role.

    The test body may use the ORM (autocommit, no wrapping transaction, so the live server sees
    what the test writes and vice versa).
    """
    with django_db_blocker.unblock():
        yield live_app.demo


@pytest.fixture
def cleanup(django_db_blocker: Any) -> Iterator[list[Callable[[], Any]]]:
    """Append callables that undo what a test created; they run after the test, pass or fail."""
    undo: list[Callable[[], Any]] = []
    yield undo
    with django_db_blocker.unblock():
        for action in reversed(undo):
            action()


# --- helpers ------------------------------------------------------------------------------


def url_exists(name: str, **kwargs: Any) -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return False
    return True


def login(page: Any, username: str, password: str = DEMO_PASSWORD, next_url: str = "/") -> None:
    """Sign in through the login form like a user would, and land on `next_url`."""
    page.goto(f"/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator(".whoami").count() == 1, (
        f"login as {username!r} failed; still on {page.url}: "
        + page.locator("main").inner_text()[:300]
    )


def logout(page: Any) -> None:
    with page.expect_navigation():
        page.locator(".site-tools form[action$='/logout/'] button").click()


def _axe_source() -> None:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `make assets` (copies axe-core from node_modules)")


_AXE_RUN = """async ([tags, exclude]) => {
  const context = exclude.length ? {include: [document], exclude: exclude.map((s) => [s])} : document;
  const result = await axe.run(context, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target, html: n.html, summary: n.failureSummary})),
  }));
}"""


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe-core found {len(violations)} serious/critical violation(s) on {url}:"]
    for v in violations:
        lines.append(f"\n[{v['impact']}] {v['id']}: {v['help']}\n    {v['helpUrl']}")
        for node in v["nodes"][:8]:
            lines.append(f"  - {json.dumps(node['target'])}")
            lines.append(f"    {node['html'][:200]}")
            for summary_line in (node["summary"] or "").splitlines():
                lines.append(f"      {summary_line}")
        if len(v["nodes"]) > 8:
            lines.append(f"  … and {len(v['nodes']) - 8} more element(s)")
    return "\n".join(lines)


def axe_scan(
    page: Any,
    *,
    exclude: list[str] | tuple[str, ...] = (),
    known: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the current page.

    Fails the test on any violation of serious or critical impact and prints them readably;
    returns every violation (minor/moderate included) for callers that want more.
    `exclude`: CSS selectors of third-party parts not to scan. `known`: rule id -> reason for a
    violation that is known and owned elsewhere; it is reported as a warning, not a failure,
    and every other rule still fails the test.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # From the app's own static files: the Content-Security-Policy forbids inline script,
        # and the scan must see the page under its real policy.
        _axe_source()
        origin = page.evaluate("location.origin")
        page.add_script_tag(url=f"{origin}/static/vendor/axe-core/axe.min.js")
    violations = page.evaluate(_AXE_RUN, [AXE_TAGS, list(exclude)])
    known = dict(known or {})
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    for v in blocking:
        if v["id"] in known:
            warnings.warn(
                f"known accessibility violation on {page.url}: {v['id']} ({known[v['id']]})",
                stacklevel=2,
            )
    blocking = [v for v in blocking if v["id"] not in known]
    assert not blocking, format_violations(page.url, blocking)
    return violations


def focus_is_visible(page: Any) -> bool:
    """True when the focused element draws a visible focus indicator (outline or box shadow)."""
    return page.evaluate(
        """async () => {
          // Let style and focus settle for a frame (date fields move focus to a segment).
          await new Promise((resolve) => requestAnimationFrame(() => resolve()));
          const el = document.activeElement;
          if (!el || el === document.body) return false;
          const s = getComputedStyle(el);
          const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1;
          const shadow = s.boxShadow && s.boxShadow !== 'none';
          return outline || shadow;
        }"""
    )


def active_element(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """() => { const el = document.activeElement;
          return {id: el.id, tag: el.tagName.toLowerCase(), name: el.getAttribute('name'),
                  type: el.getAttribute('type'), text: (el.innerText || '').trim().slice(0, 60)}; }"""
    )


def tab_to(page: Any, selector: str, *, limit: int = 150, reverse: bool = False) -> list[str]:
    """Press Tab (or Shift+Tab) until the element matching `selector` has focus.

    Checks on the way that every control that receives focus shows a visible focus indicator;
    returns the description of those that do not (the caller asserts it is empty).
    """
    invisible: list[str] = []
    key = "Shift+Tab" if reverse else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("document.activeElement !== document.body") and not focus_is_visible(page):
            invisible.append(json.dumps(active_element(page)))
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return invisible
    raise AssertionError(f"{selector} never received focus after {limit} presses of {key}")
