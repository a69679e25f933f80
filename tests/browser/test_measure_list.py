"""The measure list in a browser: filter by owner and phase, sort, export."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def _owner_and_phase() -> tuple[Any, str, str, int, int]:
    from portfolio.choices import Phase
    from portfolio.models import Actor, Measure

    owner = Actor.objects.get(short_name="Helse Vest")
    mine = Measure.objects.filter(owner=owner, archived_at__isnull=True)
    phase = mine.values_list("phase", flat=True).order_by("phase").first()
    return owner, phase, Phase(phase).label, mine.count(), mine.filter(phase=phase).count()


def _visible_to_office() -> int:
    from portfolio.models import Measure

    return Measure.objects.filter(archived_at__isnull=True).count()


def _column(page: Any, n: int) -> list[str]:
    return [
        t.strip() for t in page.locator(f"#measure-table tbody td:nth-child({n})").all_inner_texts()
    ]


def test_filter_measures_by_owner_and_phase(page: Any, demo: dict[str, Any]) -> None:
    owner, phase, phase_label, owner_total, expected = _owner_and_phase()
    login(page, "kontor", next_url="/measures/")
    page.get_by_text("Filter", exact=True).click()
    page.check(f"input[name=owner][value='{owner.pk}']")  # checkbox lists, no Ctrl-click
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert page.locator("#result-count").inner_text().startswith(f"{owner_total} measure")
    assert set(_column(page, 3)) == {"Helse Vest"}

    # The filter panel stays open with the choice kept; narrow it further by phase.
    assert page.locator("input[name=owner]:checked").evaluate_all(
        "(boxes) => boxes.map(b => b.value)"
    ) == [str(owner.pk)]
    assert "Helse Vest" in page.locator("#active-filters").inner_text()
    page.check(f"input[name=phase][value='{phase}']")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert f"phase={phase}" in page.url and f"owner={owner.pk}" in page.url
    assert page.locator("#result-count").inner_text().startswith(f"{expected} measure")
    assert page.locator("#measure-table tbody tr").count() == expected
    assert set(_column(page, 3)) == {"Helse Vest"}
    assert set(_column(page, 4)) == {phase_label}

    with page.expect_navigation():
        page.get_by_role("link", name="Clear", exact=True).click()
    assert page.locator("#measure-table tbody tr").count() == min(50, _visible_to_office())


def test_sorting_by_a_column_heading(page: Any, demo: dict[str, Any]) -> None:
    login(page, "kontor", next_url="/measures/?page_size=100")
    heading = page.locator("#measure-table thead").get_by_role("link", name="Name")
    with page.expect_navigation():
        heading.click()
    ascending = _column(page, 2)
    assert len(ascending) == _visible_to_office()
    assert page.locator("#measure-table thead th[aria-sort=ascending]").inner_text().strip() == (
        "Name"
    )
    with page.expect_navigation():
        heading.click()
    assert page.locator("#measure-table thead th[aria-sort=descending]").count() == 1
    assert _column(page, 2) == list(reversed(ascending))


def test_export_the_filtered_list_as_csv(page: Any, demo: dict[str, Any]) -> None:
    owner, _phase, _label, owner_total, _n = _owner_and_phase()
    login(page, "kontor", next_url=f"/measures/?owner={owner.pk}")
    link = page.locator(
        "a[href*='/measures/export/'][href*='format=csv']:not([href*='layout=report'])"
    )
    if link.count() == 0:
        pytest.skip("export not yet available")
    on_screen = set(_column(page, 1))
    assert len(on_screen) == owner_total
    with page.expect_download() as info:
        link.first.click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig", newline="") as handle:
        text = handle.read()
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    rows = list(csv.DictReader(io.StringIO(text), dialect=dialect))
    assert rows, text[:500]
    # The export is the list as filtered on screen (one row per budget line).
    assert {row["code"] for row in rows} == on_screen
    assert {row["owner"] for row in rows} == {"Helse Vest"}
    # The report layout for people: semicolons, Norwegian headers, one row per measure.
    report = page.locator("a[href*='/measures/export/'][href*='layout=report'][href*='format=csv']")
    with page.expect_download() as info:
        report.first.click()
    with open(info.value.path(), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    code = "Kode" if "Kode" in rows[0] else "Code"  # headers in the page's language
    assert sorted(row[code] for row in rows) == sorted(on_screen)
