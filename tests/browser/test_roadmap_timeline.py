"""The roadmap timeline (SVG with the critical path and a table alternative) and the
"what if this slips" analysis."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import axe_scan, login

pytestmark = pytest.mark.browser


def test_timeline_marks_the_critical_path_and_what_if_lists_consequences(
    page: Any, demo: dict[str, Any]
) -> None:
    from roadmap.models import RoadmapItem

    login(page, "kontor", next_url="/roadmap/")
    svg = page.locator("#timeline svg.gantt")
    assert svg.is_visible()
    assert svg.get_attribute("role") == "group"
    assert page.locator("#gantt-title").count() == 1
    # The critical path: outlined bars, ▶ labels, and the list and table saying the same.
    assert svg.locator(".g-bar--critical").count() > 0
    assert svg.locator("text.g-label--critical").count() > 0
    assert page.locator("#critical-path li").count() > 0
    table = page.locator("#schedule-table")
    assert table.locator("caption").inner_text().strip()
    assert table.locator("tbody tr").count() == svg.locator("a").count()
    assert table.locator("tbody tr.is-critical").count() > 0
    axe_scan(page)

    # What if the central prescribing module (SFM, measure EH-SFM) is 90 days late?
    sfm = RoadmapItem.objects.get(code="PLL-SFM")
    assert sfm.measure.code == "EH-SFM"
    page.goto("/roadmap/what-if/")
    axe_scan(page)
    page.select_option("#id_item", value=str(sfm.pk))
    page.fill("#id_slip_days", "90")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    result = page.locator("#what-if-result")
    assert sfm.name in result.locator("#result-heading").inner_text()
    moved = page.locator("#moved-items tbody th").all_inner_texts()
    assert "Helseplattformen på e-resept via SFM" in moved
    actors = page.locator("#affected-actors li").all_inner_texts()
    for actor in ("Helse Midt-Norge", "Helse Vest"):
        assert any(a.startswith(actor) for a in actors), actors
    assert result.locator(".g-bar--moved").count() >= len(moved)
    axe_scan(page)
