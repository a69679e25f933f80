"""An actor representative reports a measure in: a wrong value first, then right."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser

CODE = "HV-E2E-1"


def assert_error_beside(page: Any, field_id: str, text: str) -> None:
    """The field is marked invalid, described by its error message, shown right by it."""
    field = page.locator(f"#{field_id}")
    error_id = f"{field_id}-error"
    assert field.get_attribute("aria-invalid") == "true"
    assert error_id in (field.get_attribute("aria-describedby") or "").split()
    error = page.locator(f"#{error_id}")
    assert error.is_visible()
    assert text in error.inner_text()
    # Beside the field: in the same field wrapper/table cell, and just below it on screen.
    same_box = page.evaluate(
        """([f, e]) => { const a = document.getElementById(f), b = document.getElementById(e);
             const box = a.closest('.field, td'); return !!box && box.contains(b); }""",
        [field_id, error_id],
    )
    assert same_box, f"#{error_id} is not next to #{field_id}"
    fbox, ebox = field.bounding_box(), error.bounding_box()
    assert 0 <= ebox["y"] - (fbox["y"] + fbox["height"]) < 40


def test_representative_reports_a_measure_after_correcting_errors(
    page: Any, demo: dict[str, Any], cleanup: list
) -> None:
    from portfolio.choices import MeasureState
    from portfolio.models import Measure

    cleanup.append(lambda: Measure.objects.filter(code=CODE).delete())

    login(page, "aktor", next_url="/measures/")
    with page.expect_navigation():
        page.get_by_role("link", name="Report a measure").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Report a measure"

    page.get_by_label("Code").fill(CODE)
    page.get_by_label("Name").fill("Digital innbyggerdialog")
    page.get_by_label("Purpose").fill("Samle dialog med innbyggerne i én løsning.")
    owner = page.locator("#id_owner")
    assert owner.locator("option:not([value=''])").all_inner_texts() == ["Helse Vest"]
    owner.select_option(label="Helse Vest")
    page.fill("#id_start_date", "2021-06-01")
    page.fill("#id_end_date", "2021-01-31")  # wrong: before the start
    for criterion in ("digitalisation_core", "cross_actor", "strategy"):
        page.check(f"#id_criterion_{criterion}_0")  # yes, answered explicitly
    page.fill("#id_budget-0-year", "2021")
    page.fill("#id_budget-0-planned", "-250000")  # wrong: negative
    # Both budget rows are used: see test_an_untouched_budget_row_is_ignored.
    page.fill("#id_budget-1-year", "2022")
    page.select_option("#id_budget-1-kind", "operating")
    page.fill("#id_budget-1-planned", "40000")
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()

    summary = page.locator("#error-summary")
    assert summary.is_visible() and summary.get_attribute("role") == "alert"
    assert "End must not be before start" in summary.inner_text()
    assert_error_beside(page, "id_end_date", "End must not be before start")
    assert_error_beside(page, "id_budget-0-planned", "must not be negative")
    assert "Planned (NOK) (row 1)" in summary.inner_text()
    assert Measure.objects.filter(code=CODE).count() == 0  # nothing partial written
    # What was typed is kept.
    assert page.locator("#id_code").input_value() == CODE
    assert page.locator("#id_budget-0-planned").input_value() == "-250000"

    # The summary links to the field.
    summary.get_by_role("link", name="End must not be before start").click()
    assert page.evaluate("location.hash") == "#id_end_date"

    page.fill("#id_end_date", "2022-12-31")
    page.fill("#id_budget-0-planned", "250000")
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()

    assert page.get_by_role("status").inner_text().strip() == f"Measure {CODE} saved."
    assert CODE in page.get_by_role("heading", level=1).inner_text()
    measure = Measure.objects.get(code=CODE)
    assert measure.owner.short_name == "Helse Vest"
    assert measure.state == MeasureState.DRAFT and not measure.published
    assert str(measure.end_date) == "2022-12-31"
    lines = sorted((b.year, b.kind, int(b.planned)) for b in measure.budget_lines.all())
    assert lines == [(2021, "investment", 250000), (2022, "operating", 40000)]
    assert "250" in page.locator("#budget-table").inner_text()


def test_an_untouched_budget_row_is_ignored(page: Any, demo: dict[str, Any], cleanup: list) -> None:
    from portfolio.models import Measure

    cleanup.append(lambda: Measure.objects.filter(code="HV-E2E-2").delete())
    login(page, "aktor", next_url="/measures/new/")
    page.fill("#id_code", "HV-E2E-2")
    page.fill("#id_name", "Én budsjettlinje")
    page.select_option("#id_owner", label="Helse Vest")
    for criterion in ("digitalisation_core", "cross_actor", "strategy"):
        page.check(f"#id_criterion_{criterion}_1")  # no
    page.fill("#id_budget-0-year", "2021")
    page.fill("#id_budget-0-planned", "1000")
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    assert page.locator("#error-summary").count() == 0
    assert Measure.objects.filter(code="HV-E2E-2").exists()
