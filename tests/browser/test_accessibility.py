"""axe-core (WCAG 2.0/2.1 A and AA) on every main page: no serious or critical violation.

Pages from later features join the scan automatically once their URL name resolves (the list
below is evaluated when the tests are collected). The API docs (Swagger UI) are third-party and
not scanned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.browser.conftest import axe_scan, login, url_exists

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Page:
    name: str
    url_name: str
    user: str | None = None
    query: str = ""
    kwargs: dict[str, Any] = field(default_factory=dict)
    # axe rule id -> reason, for a violation known and owned by the page's feature (warned,
    # not failed); every other rule still fails.
    known: dict[str, str] = field(default_factory=dict)


def _measure_pk(owner: str | None = None, with_status: bool = False) -> int:
    from portfolio.models import Measure

    qs = Measure.objects.filter(archived_at__isnull=True)
    if owner:
        qs = qs.filter(owner__short_name=owner)
    if with_status:
        qs = qs.filter(latest_status__isnull=False)
    return qs.order_by("code").values_list("pk", flat=True).first()


CORE_PAGES = [
    Page("login", "login"),
    Page("dashboard (anonymous)", "dashboard"),
    Page("dashboard", "dashboard", "kontor"),
    Page("measure list", "measure-list", "kontor"),
    Page("measure list (filtered, panel open)", "measure-list", "kontor", "?phase=execution"),
    Page("measure detail", "measure-detail", "kontor", kwargs={"pk": "with_status"}),
    Page("measure detail (representative)", "measure-detail", "aktor", kwargs={"pk": "own"}),
    Page("measure form (new)", "measure-create", "aktor"),
    Page("measure form (edit)", "measure-edit", "kontor", kwargs={"pk": "with_status"}),
    Page("status report form", "status-report-create", "aktor", kwargs={"pk": "own"}),
]
# Pages from the parallel features, scanned once their URL names exist.
LATER_PAGES = [
    Page("review queue", "review-queue", "kontor"),
    Page("status overview", "status-overview", "kontor"),
    Page("baselines", "baseline-list", "kontor"),
    Page("people", "people", "kontor"),
    Page("roadmap", "roadmap:index", "kontor"),
    Page("roadmap (anonymous)", "roadmap:index"),
    Page("roadmap graph", "roadmap:graph", "kontor"),
    Page("roadmap phases", "roadmap:phases", "kontor"),
    Page("roadmap adoption", "roadmap:adoption", "kontor"),
    Page("roadmap what-if", "roadmap:what-if", "kontor"),
    Page("roadmap violations", "roadmap:violations", "kontor"),
    Page("suggestion form", "covid_intake:submit"),
    Page("suggestion status lookup", "covid_intake:status"),
    Page("suggestion board", "covid_intake:board", "kontor"),
    Page("suggestion list", "covid_intake:list", "kontor"),
    Page("steering group", "covid_intake:steering", "styring"),
    Page("prioritisation", "scoring:index", "kontor"),
    Page("scenarios", "scoring:scenarios", "kontor"),
    Page("public overview", "public:index"),
    Page("reporting", "reporting:index", "kontor"),
    Page("reporting at a glance", "reporting:glance", "kontor"),
    Page("reporting to-dos", "reporting:todo", "aktor"),
    Page("reporting open a round", "reporting:round-open", "kontor"),
    Page("public portfolio reports", "reporting_public:report-list"),
    Page("committees", "committees:index", "kontor"),
    Page("public committees", "public_committees:index"),
]
COMMITTEE_PAGES = [
    Page("committee", "committees:committee-detail", "kontor", kwargs={"slug": "nuit"}),
    Page("meeting", "committees:meeting-detail", "kontor", kwargs={"pk": "nuit_meeting"}),
    Page("agenda item form", "committees:item-create", "kontor", kwargs={"pk": "nuit_meeting"}),
    Page("public meeting", "public_committees:meeting", kwargs={"pk": "nuit_meeting"}),
]
PAGES = (
    CORE_PAGES
    + [p for p in LATER_PAGES if url_exists(p.url_name)]
    + (COMMITTEE_PAGES if url_exists("committees:index") else [])
)


def _path(p: Page) -> str:
    from django.urls import reverse

    kwargs = {}
    for key, value in p.kwargs.items():
        if value == "with_status":
            value = _measure_pk(with_status=True)
        elif value == "own":
            value = _measure_pk(owner="Helse Vest")
        elif value == "nuit_meeting":
            from committees.models import Meeting

            value = Meeting.objects.filter(committee__slug="nuit").values_list("pk", flat=True)[0]
        kwargs[key] = value
    return reverse(p.url_name, kwargs=kwargs or None) + p.query


@pytest.mark.parametrize("target", PAGES, ids=[p.name for p in PAGES])
def test_page_has_no_serious_accessibility_violations(
    page: Any, demo: dict[str, Any], target: Page
) -> None:
    path = _path(target)
    if target.user:
        login(page, target.user, next_url=path)
    else:
        page.goto(path)
    assert page.evaluate("location.pathname + location.search") == path, "redirected away"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.title().strip()
    assert page.locator("h1").count() == 1
    axe_scan(page, known=target.known)


def test_measure_form_with_errors_has_no_serious_violations(
    page: Any, demo: dict[str, Any]
) -> None:
    login(page, "aktor", next_url="/measures/new/")
    page.fill("#id_code", "bad code")
    page.fill("#id_start_date", "2021-06-01")
    page.fill("#id_end_date", "2021-01-01")
    page.fill("#id_budget-0-year", "2021")
    page.fill("#id_budget-0-planned", "-1")
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    assert page.locator("#error-summary").is_visible()
    axe_scan(page)


def test_status_report_form_with_errors_has_no_serious_violations(
    page: Any, demo: dict[str, Any]
) -> None:
    login(page, "aktor", next_url=f"/measures/{_measure_pk(owner='Helse Vest')}/status/")
    with page.expect_navigation():
        page.get_by_role("button", name="Save status").click()
    assert page.locator("#error-summary").is_visible()
    axe_scan(page)


def test_login_with_wrong_password_has_no_serious_violations(
    page: Any, demo: dict[str, Any]
) -> None:
    page.goto("/login/")
    page.fill("#id_username", "kontor")
    page.fill("#id_password", "wrong")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    axe_scan(page)
