"""The dashboard in a browser: key figures, the chart and its table alternative."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def _text(page: Any, selector: str) -> str:
    return re.sub(r"\s+", " ", page.locator(selector).inner_text()).strip()


def test_dashboard_shows_the_2020_portfolio_figures(page: Any, demo: dict[str, Any]) -> None:
    login(page, "kontor")
    assert _text(page, "h1") == "National portfolio 2020"
    assert _text(page, "#figure-measures") == "52"
    assert _text(page, "#figure-budget").startswith("1 568")


def test_chart_is_an_image_with_a_table_alternative(page: Any, demo: dict[str, Any]) -> None:
    login(page, "kontor")
    chart = page.locator("#actor-chart-caption").locator("xpath=..").locator("svg")
    assert chart.get_attribute("role") == "img"
    assert chart.is_visible()
    # The chart's accessible name comes from the caption and says where the numbers are.
    name = page.evaluate(
        """(svg) => svg.getAttribute('aria-labelledby').split(' ')
             .map((id) => document.getElementById(id).textContent.trim()).join(' ')""",
        chart.element_handle(),
    )
    assert "per actor" in name and "table" in name
    bars = chart.locator("rect.bar--primary")
    table = page.locator("#by-actor-table")
    assert table.is_visible()
    rows = table.locator("tbody tr")
    assert bars.count() == rows.count() > 0
    # The table adds up to the key figures.
    assert _text(page, "#by-actor-table tfoot td:nth-of-type(1)") == "52"
    assert _text(page, "#by-actor-table tfoot td:nth-of-type(2)").startswith("1 568")
    headers = table.locator("thead th[scope=col]")
    assert headers.count() == 3


def test_table_row_links_to_the_actors_measures(page: Any, demo: dict[str, Any]) -> None:
    login(page, "kontor")
    first = page.locator("#by-actor-table tbody tr").first
    actor = first.locator("th a").inner_text().strip()
    count = int(_text(page, "#by-actor-table tbody tr:first-child td:nth-of-type(1)"))
    with page.expect_navigation():
        first.locator("th a").click()
    assert "/measures/?owner=" in page.url
    assert _text(page, "#result-count").startswith(f"{count} measure")
    assert page.locator("#measure-table tbody tr").count() == count
    assert actor


def test_choosing_another_budget_year(page: Any, demo: dict[str, Any]) -> None:
    login(page, "kontor")
    years = page.locator("#year-select option").all_inner_texts()
    other = next(y for y in years if y != "2020")
    page.select_option("#year-select", other)
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    assert f"year={other}" in page.url
    assert _text(page, "h1") == f"National portfolio {other}"
    assert page.locator("#year-select").input_value() == other
