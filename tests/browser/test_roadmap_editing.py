"""Editing the roadmap in the browser, keyboard only: move "SFM" (PLL-SFM) by 90 days on the
timeline, read the preview of what it pushes, save, and a second window's concurrent edit
ends in a conflict. The editing pages pass axe."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from tests.browser.conftest import axe_scan, login, tab_to

pytestmark = pytest.mark.browser


def _snapshot() -> dict[int, tuple]:
    from roadmap.models import RoadmapItem

    return {
        i.pk: (i.planned_start, i.planned_end, i.forecast_start, i.forecast_end, i.duration_days)
        for i in RoadmapItem.objects.all()
    }


def _restore(before: dict[int, tuple]) -> None:
    from roadmap.models import RoadmapItem

    for pk, (ps, pe, fs, fe, dur) in before.items():
        RoadmapItem.objects.filter(pk=pk).update(
            planned_start=ps, planned_end=pe, forecast_start=fs, forecast_end=fe, duration_days=dur
        )


def _rows(page: Any) -> dict[str, tuple[str, str]]:
    out = {}
    for row in page.locator("#moved-items tbody tr").all():
        cells = row.locator("td").all_inner_texts()
        if len(cells) >= 5:
            out[row.locator("th").inner_text().strip()] = (cells[3].strip(), cells[4].strip())
    return out


def _d(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d.%m.%Y").date()


def test_keyboard_move_of_sfm_by_90_days_with_preview_save_and_conflict(
    page: Any, browser: Any, live_app: Any, demo: dict[str, Any], cleanup: list
) -> None:
    from roadmap.models import RoadmapItem

    before = _snapshot()
    cleanup.append(lambda: _restore(before))
    sfm = RoadmapItem.objects.get(code="PLL-SFM")
    bar = f'a.g-movable[data-move-url="/roadmap/items/{sfm.pk}/move/"]'

    login(page, "kontor", next_url="/roadmap/")
    assert page.locator("#timeline-edit-help").is_visible()  # the script is on
    axe_scan(page)
    invisible = tab_to(page, bar, limit=400)
    assert not invisible, invisible
    # 13 weeks later with the arrow keys; the live region says where the bar is now.
    for _ in range(13):
        page.keyboard.press("ArrowRight")
    announced = page.locator("#timeline-live").inner_text()
    assert sfm.name in announced and "+91" in announced
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#id_start_days").input_value() == "91"
    # Fine-tune to exactly 90 days in the form, still with the keyboard.
    tab_to(page, "#id_start_days", limit=200)
    page.keyboard.press("Control+A")
    page.keyboard.type("90")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("90")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    preview = page.locator("#move-preview")
    assert preview.is_visible()
    axe_scan(page)
    rows = _rows(page)
    assert rows, "the preview lists no items that move"
    pushed = RoadmapItem.objects.filter(name__in=list(rows)).select_related("actor")
    assert pushed.count() == len(rows) > 0
    actors = page.locator("#affected-actors").inner_text()
    for item in pushed:
        assert item.actor.name in actors

    # Save with the keyboard: exactly the previewed dates change.
    tab_to(page, "#move-save-button", limit=200)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    after = {i.pk: i for i in RoadmapItem.objects.all()}
    day = dt.timedelta(days=90)
    assert after[sfm.pk].start == sfm.start + day and after[sfm.pk].end == sfm.end + day
    for item in pushed:
        assert (after[item.pk].start, after[item.pk].end) == tuple(map(_d, rows[item.name]))
    untouched = set(before) - {sfm.pk} - {i.pk for i in pushed}
    assert all(_snapshot()[pk] == before[pk] for pk in untouched)

    # Window A opens a preview of another week; window B edits the same item meanwhile.
    page.goto("/roadmap/")
    tab_to(page, bar, limit=400)
    page.keyboard.press("ArrowRight")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    other = browser.new_context(base_url=live_app.url, locale="en-GB")
    try:
        window_b = other.new_page()
        login(window_b, "kontor", next_url=f"/roadmap/items/{sfm.pk}/edit/")
        window_b.fill("#id_name", sfm.name + " (B)")
        with window_b.expect_navigation():
            window_b.locator("main form button[type=submit]").click()
        assert "(B)" in window_b.locator("h1").inner_text()
    finally:
        other.close()
    cleanup.append(lambda: RoadmapItem.objects.filter(pk=sfm.pk).update(name=sfm.name))
    tab_to(page, "#move-save-button", limit=200)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#conflict").is_visible()
    assert re.search(r"version \d+", page.locator("#conflict").inner_text())
    assert RoadmapItem.objects.get(pk=sfm.pk).start == sfm.start + day  # not moved again


def test_editing_pages_pass_axe(page: Any, demo: dict[str, Any], cleanup: list) -> None:
    from roadmap import services
    from roadmap.models import RoadmapItem, RoadmapScenario

    sfm = RoadmapItem.objects.get(code="PLL-SFM")
    login(page, "kontor", next_url=f"/roadmap/items/{sfm.pk}/")
    assert page.locator("#challenges").is_visible()
    axe_scan(page)
    for url in (
        f"/roadmap/items/{sfm.pk}/edit/",
        f"/roadmap/items/{sfm.pk}/move/",
        "/roadmap/items/new/",
        "/roadmap/adoption/new/",
        f"/roadmap/items/{sfm.pk}/challenges/new/",
        "/roadmap/publish/",
        "/roadmap/scenarios/",
    ):
        page.goto(url)
        axe_scan(page)
    from django.contrib.auth import get_user_model

    office = get_user_model().objects.get(username="kontor")
    scenario = services.scenario_create(by=office, name="SFM 90 days late", slips=[(sfm, 90)])
    cleanup.append(lambda: RoadmapScenario.objects.filter(pk=scenario.pk).delete())
    page.goto(f"/roadmap/scenarios/{scenario.pk}/")
    assert page.locator("#moved-items tbody tr").count() > 0
    axe_scan(page)
    # An empty form submitted shows the errors beside the fields, and still passes axe.
    page.goto("/roadmap/items/new/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("#error-summary").is_visible()
    axe_scan(page)
