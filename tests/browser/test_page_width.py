"""Pages that fit: no page wider than the window at 390 px (a phone) and 1 280 px (a laptop),
as the portfolio office and as an anonymous visitor; the navigation collapses behind a menu
button on narrow screens (without JavaScript: <details>)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import login, url_exists

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)

OFFICE_PAGES = [
    "dashboard",
    "measure-list",
    "measure-create",
    "review-queue",
    "status-overview",
    "baseline-list",
    "people",
    "roadmap:index",
    "covid_intake:board",
    "covid_intake:list",
    "scoring:index",
    "scoring:scenarios",
    "scoring:optimise",
    "public:index",
    "token-list",
]
ANONYMOUS_PAGES = ["dashboard", "measure-list", "public:index", "covid_intake:submit", "login"]


def _paths(names: list[str]) -> list[str]:
    from django.urls import reverse

    from portfolio.models import Measure

    paths = [reverse(n) for n in names if url_exists(n)]
    measure = Measure.objects.filter(archived_at__isnull=True, latest_status__isnull=False)
    pk = measure.order_by("code").values_list("pk", flat=True).first()
    if pk:
        paths += [reverse("measure-detail", args=[pk]), reverse("measure-edit", args=[pk])]
    return paths


def _too_wide(page: Any, paths: list[str]) -> list[str]:
    offenders = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(path)
            scroll, view = page.evaluate(
                "() => [document.documentElement.scrollWidth, window.innerWidth]"
            )
            if scroll > view:
                culprit = page.evaluate(
                    """(w) => { const out = [];
                       for (const el of document.querySelectorAll('body *')) {
                         const r = el.getBoundingClientRect();
                         if (r.right > w + 1 && ![...el.children].some(
                               (c) => c.getBoundingClientRect().right > w + 1)) {
                           out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                             + (el.className && el.className.baseVal === undefined
                                ? '.' + String(el.className).split(' ').join('.') : ''));
                         }
                         if (out.length > 3) break;
                       } return out.join(', '); }""",
                    view,
                )
                offenders.append(f"{path} at {width}px: {scroll} > {view} ({culprit})")
    return offenders


def test_no_page_is_wider_than_the_window_for_the_office(page: Any, demo: dict[str, Any]) -> None:
    login(page, "kontor")
    offenders = _too_wide(page, _paths(OFFICE_PAGES))
    assert not offenders, "\n".join(offenders)


def test_no_page_is_wider_than_the_window_for_anonymous(page: Any, demo: dict[str, Any]) -> None:
    paths = [p for p in _paths(ANONYMOUS_PAGES) if "/edit/" not in p]
    offenders = _too_wide(page, paths)
    assert not offenders, "\n".join(offenders)


def test_navigation_collapses_behind_a_menu_button_on_a_phone(
    page: Any, demo: dict[str, Any]
) -> None:
    login(page, "kontor")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/")
    menu = page.locator("details.site-menu > summary")
    assert menu.is_visible()
    measures_link = page.locator(".site-menu nav a[href='/measures/']")
    assert not measures_link.is_visible()
    menu.click()
    assert measures_link.is_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    assert not page.locator("details.site-menu > summary").is_visible()
    assert page.locator(".site-menu nav a[href='/measures/']").is_visible()


def test_intake_board_shows_every_column(page: Any, demo: dict[str, Any]) -> None:
    login(page, "kontor")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/intake/")
        clipped = page.evaluate(
            """() => [...document.querySelectorAll('#board > section')].filter((c) => {
                 const r = c.getBoundingClientRect();
                 return r.left < 0 || r.right > document.documentElement.clientWidth
                   || c.scrollWidth > c.clientWidth + 1;
               }).length"""
        )
        columns = page.locator("#board > section").count()
        assert columns >= 6
        assert clipped == 0, f"{clipped} board columns cut off at {width}px"
