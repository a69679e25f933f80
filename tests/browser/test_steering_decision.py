"""The steering group prioritises an assessed suggestion from the ranked list, with a reason."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import axe_scan, login

pytestmark = pytest.mark.browser

REASON = "Gir gevinst i år og bygger på eksisterende løsninger."


def test_steering_group_prioritises_an_assessed_suggestion(
    page: Any, demo: dict[str, Any], cleanup: list
) -> None:
    from django.urls import reverse

    from covid_intake.choices import SuggestionStatus
    from covid_intake.models import Decision, Suggestion

    suggestion = (
        Suggestion.objects.filter(status=SuggestionStatus.ASSESSED).order_by("reference").first()
    )
    assert suggestion is not None, "the demo data has no assessed suggestion"

    def undo() -> None:
        Decision.objects.filter(suggestion=suggestion, reason=REASON).delete()
        Suggestion.objects.filter(pk=suggestion.pk).update(status=SuggestionStatus.ASSESSED)

    cleanup.append(undo)

    login(page, "styring", next_url=reverse("covid_intake:steering"))
    axe_scan(page)
    with page.expect_navigation():
        page.locator("#ranking-table a", has_text=suggestion.reference).click()
    assert page.evaluate("location.pathname") == reverse(
        "covid_intake:detail", kwargs={"pk": suggestion.pk}
    )
    assert page.locator("#status").inner_text().strip() == "Assessed"
    axe_scan(page)

    form = page.locator("form[action$='/decide/']")
    form.locator("input[name=outcome][value=prioritised]").check()
    form.locator("textarea[name=reason]").fill(REASON)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    assert page.locator("#status").inner_text().strip() == "Prioritised"
    assert REASON in page.locator("section[aria-labelledby='decision-heading']").inner_text()
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.PRIORITISED
    axe_scan(page)
