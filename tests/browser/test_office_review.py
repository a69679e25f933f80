"""The submission workflow end to end: an actor submits, the office returns it with a comment,
the actor resubmits, the office accepts; the measure's history lists every step."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import axe_scan, login, logout

pytestmark = pytest.mark.browser

CODE = "HV-REVIEW-1"
COMMENT = "Beskriv gevinstene tydeligere."


def _transition(page: Any, pk: int, name: str) -> None:
    """Press the button of the workflow form for `name` (by action: the UI may be Norwegian)."""
    form = page.locator(f"form[action='/measures/{pk}/transition/{name}/']")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def _open_from_review_queue(page: Any) -> None:
    login(page, "kontor", next_url="/review/")
    axe_scan(page)
    with page.expect_navigation():
        page.locator("main a", has_text=re.compile(f"^{CODE}$")).click()


def test_office_returns_then_accepts_a_submitted_measure(
    page: Any, demo: dict[str, Any], cleanup: list
) -> None:
    from django.utils import translation

    from portfolio.choices import MeasureState
    from portfolio.models import Measure, WorkflowEvent

    cleanup.append(lambda: Measure.objects.filter(code=CODE).delete())

    # The representative reports a draft with everything submission needs.
    login(page, "aktor", next_url="/measures/new/")
    page.fill("#id_code", CODE)
    page.fill("#id_name", "Gjennomgått tiltak")
    page.fill("#id_purpose", "Samle innbyggertjenester i én løsning.")
    page.select_option("#id_owner", label="Helse Vest")
    page.fill("#id_start_date", "2021-03-01")
    page.check("#id_criterion_digitalisation_core_0")  # yes
    page.check("#id_criterion_cross_actor_0")  # yes
    page.check("#id_criterion_strategy_1")  # no: the criteria are met (1 and 2a)
    page.fill("#id_budget-0-year", "2021")
    page.fill("#id_budget-0-planned", "500000")
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    measure = Measure.objects.get(code=CODE)
    assert measure.state == MeasureState.DRAFT
    assert page.evaluate("location.pathname") == f"/measures/{measure.pk}/"
    axe_scan(page)

    _transition(page, measure.pk, "submit")
    measure.refresh_from_db()
    assert measure.state == MeasureState.SUBMITTED
    logout(page)

    # The office finds it in the review queue and returns it with a comment.
    _open_from_review_queue(page)
    assert page.evaluate("location.pathname") == f"/measures/{measure.pk}/"
    axe_scan(page)
    page.fill("#comment-return", COMMENT)
    _transition(page, measure.pk, "return")
    measure.refresh_from_db()
    assert measure.state == MeasureState.RETURNED
    logout(page)

    # The representative sees the comment and submits again.
    login(page, "aktor", next_url=f"/measures/{measure.pk}/")
    assert COMMENT in page.locator("section.workflow .ds-alert").inner_text()
    axe_scan(page)
    _transition(page, measure.pk, "submit")
    measure.refresh_from_db()
    assert measure.state == MeasureState.SUBMITTED
    logout(page)

    # The office accepts it.
    _open_from_review_queue(page)
    _transition(page, measure.pk, "accept")
    measure.refresh_from_db()
    assert measure.state == MeasureState.ACCEPTED
    axe_scan(page)

    steps = list(
        WorkflowEvent.objects.filter(measure=measure)
        .order_by("at", "pk")
        .values_list("transition", flat=True)
    )
    assert steps == ["submit", "return", "submit", "accept"]
    # The history table on the measure page lists each transition (newest first).
    history = page.locator("section[aria-labelledby='history-heading'] table tbody")
    # the step's message is under who made it, in the reader's language (bokmål here)
    messages = history.locator("tr td:nth-child(2) small").all_inner_texts()
    T = WorkflowEvent.Transition
    labels = {}
    for language in ("en", "nb"):
        with translation.override(language):
            labels |= {str(T(t).label): t for t in ("submit", "return", "accept")}
    seen = [labels[m.split(":")[0].strip()] for m in messages if m.split(":")[0].strip() in labels]
    assert seen == ["accept", "submit", "return", "submit"], messages
    assert any(
        m.endswith(f": {COMMENT}") and labels.get(m.split(":")[0].strip()) == "return"
        for m in messages
    ), messages
