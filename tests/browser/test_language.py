"""Switching the page language: Norwegian bokmål (the default) to English and back."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_locale() -> str:
    return "nb-NO"


def test_switch_to_english_and_back(page: Any, demo: dict[str, Any], settings: Any) -> None:
    settings.LANGUAGE_CODE = "nb"
    page.goto("/measures/")
    html = page.locator("html")
    assert html.get_attribute("lang") == "nb"

    english = page.locator(".lang-switch button[value=en]")
    assert english.get_attribute("lang") == "en"  # the choice is announced in its own language
    with page.expect_navigation():
        english.click()
    assert html.get_attribute("lang") == "en"
    assert page.evaluate("location.pathname") == "/measures/"  # stays on the same page
    assert page.get_by_role("heading", level=1).inner_text() == "Measures"

    # The choice sticks for the next page.
    page.goto("/login/")
    assert html.get_attribute("lang") == "en"

    with page.expect_navigation():
        page.locator(".lang-switch button[value=nb]").press("Enter")  # by keyboard this time
    assert html.get_attribute("lang") == "nb"
    assert page.locator(".lang-switch button[value=en]").is_visible()
