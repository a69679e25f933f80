"""Sign in and out in a real browser; the design system and app CSS are served."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import DEMO_PASSWORD, login, logout

pytestmark = pytest.mark.browser


def test_stylesheets_are_served_to_the_browser(page: Any) -> None:
    responses = {}
    page.on("response", lambda r: responses.setdefault(r.url, r.status))
    page.goto("/login/")
    css = {url: status for url, status in responses.items() if url.endswith(".css")}
    assert len(css) == 3, css
    assert set(css.values()) == {200}, css
    # app.css is applied: the page background comes from it.
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(247, 249, 251)"


def test_demo_user_signs_in_and_out(page: Any, demo: dict[str, Any]) -> None:
    login(page, "kontor")
    assert page.locator(".whoami").inner_text() == "Kari Kontor"
    assert page.evaluate("location.pathname") == "/"
    logout(page)
    assert page.locator(".whoami").count() == 0
    assert page.get_by_role("link", name="Log in").is_visible()


def test_sign_in_returns_to_the_page_asked_for(page: Any, demo: dict[str, Any]) -> None:
    page.goto("/measures/new/")
    assert "/login/" in page.url
    page.fill("#id_username", "aktor")
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith("/measures/new/")
    assert page.get_by_role("heading", level=1).inner_text() == "Report a measure"


def test_wrong_password_is_refused_with_an_alert(page: Any, demo: dict[str, Any]) -> None:
    page.goto("/login/")
    page.fill("#id_username", "kontor")
    page.fill("#id_password", "not-the-password")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    alert = page.get_by_role("alert")
    assert "Wrong username or password" in alert.inner_text()
    assert page.locator(".whoami").count() == 0
