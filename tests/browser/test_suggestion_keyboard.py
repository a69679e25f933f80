"""The public suggestion form with the keyboard only: a missing required field first, then a
receipt with a reference number, then the public status page for that reference."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import axe_scan, tab_to
from tests.browser.test_report_measure import assert_error_beside

pytestmark = pytest.mark.browser

TITLE = "Tastatur: digital vaksinasjonstime"
SUBMIT = "main form[enctype] button[type=submit]"


def _clear_rate_limit() -> None:
    """The form counts submissions per address in the cache; start and end with a clean count
    so this test neither trips the limit nor uses up other tests' allowance."""
    from django.core.cache import cache

    from covid_intake import ratelimit

    for address in ("127.0.0.1", "::1", "unknown"):
        cache.delete(ratelimit._key(address))


def _type_into(page: Any, selector: str, text: str, invisible: list[str]) -> None:
    invisible += tab_to(page, selector)
    page.keyboard.type(text)


def test_submit_a_suggestion_and_look_up_its_status_with_the_keyboard_only(
    page: Any, demo: dict[str, Any], cleanup: list
) -> None:
    from django.urls import reverse

    from covid_intake.models import Suggestion

    _clear_rate_limit()
    cleanup.append(_clear_rate_limit)
    cleanup.append(lambda: Suggestion.objects.filter(title=TITLE).delete())
    invisible: list[str] = []

    page.goto(reverse("covid_intake:submit"))
    axe_scan(page)
    _type_into(page, "#id_title", TITLE, invisible)
    _type_into(page, "#id_description", "Innbyggere bestiller vaksinetime digitalt.", invisible)
    _type_into(page, "#id_problem", "Færre telefoner til kommunen.", invisible)
    # "Your name" is required and left empty.
    _type_into(page, "#id_submitter_email", "kari@example.org", invisible)
    invisible += tab_to(page, SUBMIT)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator("#error-summary").is_visible()
    assert_error_beside(page, "id_submitter_name", "required")
    assert Suggestion.objects.filter(title=TITLE).count() == 0
    assert page.locator("#id_title").input_value() == TITLE  # what was typed is kept
    axe_scan(page)

    _type_into(page, "#id_submitter_name", "Kari Nordmann", invisible)
    invisible += tab_to(page, SUBMIT)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    suggestion = Suggestion.objects.get(title=TITLE)
    reference = page.locator("#reference").inner_text().strip()
    assert reference == suggestion.reference
    axe_scan(page)

    invisible += tab_to(page, "main a[href*='reference=']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#status-heading").inner_text().strip() == reference
    assert page.locator("#public-status").inner_text().strip() == suggestion.get_status_display()
    axe_scan(page)

    assert not invisible, "no visible focus on:\n" + "\n".join(invisible)
