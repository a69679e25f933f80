"""In the browser: the secretariat runs a NUIT meeting whose case links a scenario, records
"recommends the prioritised list", and the scenario's measures show "Recommended by NUIT" on
their pages, in the measure filter and in the public overview; the meeting's calendar file
holds Oslo times; published minutes are readable without logging in."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.browser.conftest import axe_scan, login

pytestmark = pytest.mark.browser

TITLE = "Prioritert liste (nettlesertest)"
MARK = "Recommended by NUIT on 19.11.2020"


def test_nuit_recommends_a_scenario_and_its_measures_show_it(
    page: Any, browser: Any, live_app: Any, demo: dict[str, Any], cleanup: list
) -> None:
    from committees.models import Committee, Meeting
    from portfolio.selectors import public_measures
    from scoring.demo import DEMO_SCENARIO
    from scoring.models import Scenario

    nuit = Committee.objects.get(slug="nuit")
    scenario = Scenario.objects.get(name=DEMO_SCENARIO)
    cleanup.append(lambda: Meeting.objects.filter(committee=nuit, title=TITLE).delete())

    login(page, "kontor", next_url="/committees/meetings/new/")
    page.select_option("#id_committee", str(nuit.pk))
    page.fill("#id_title", TITLE)
    page.fill("#id_date", "2020-11-19")
    page.fill("#id_start", "09:00")
    page.fill("#id_end", "10:00")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    meeting = Meeting.objects.get(committee=nuit, title=TITLE)

    with page.expect_navigation():
        page.get_by_role("link", name="Add agenda item").click()
    page.fill("#id_title", "Prioritert liste for 2021")
    page.select_option("#id_case_type", "recommendation")
    page.fill("#id_start", "09:00")
    page.fill("#id_end", "09:30")
    page.select_option("#id_scenarios", str(scenario.pk))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Publish the agenda").click()
    case = meeting.items.get()
    assert case.case_label.endswith("/20")
    axe_scan(page)

    with page.expect_navigation():
        page.locator("#agenda a", has_text="Record outcome").click()
    page.fill("#id_text", "NUIT anbefaler den prioriterte listen.")
    page.select_option("#id_effect", "recommend_scenario")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "NUIT anbefaler den prioriterte listen." in page.locator("#agenda").inner_text()

    measure = public_measures().filter(pk__in=scenario.selected_ids).order_by("code").first()
    page.goto(f"/measures/{measure.pk}/")
    assert MARK in page.locator("#committee-recommendations").inner_text()
    page.goto(f"/measures/?recommended_by={nuit.pk}&page_size=200")
    assert measure.code in page.locator("#measure-table").inner_text()

    anonymous = browser.new_context(base_url=live_app.url, locale="en-GB")
    public = anonymous.new_page()
    public.goto("/public/")
    assert MARK in public.locator("#public-recommendations").inner_text()
    public.goto(f"/public/measures/{measure.code}/")
    assert MARK in public.locator("#committee-recommendations").inner_text()

    ics = public.request.get(f"/committees/meetings/{meeting.pk}/meeting.ics")
    (event,) = Calendar.from_ical(ics.body()).walk("VEVENT")
    start = event.decoded("DTSTART")
    assert start == dt.datetime(2020, 11, 19, 9, 0, tzinfo=ZoneInfo("Europe/Oslo"))

    arena = Meeting.objects.get(committee__slug="nasjonal-arena", starts_at__date="2020-09-24")
    public.goto(f"/public/committees/meetings/{arena.pk}/")
    assert "Helsedataprogrammet" in public.locator("#minutes").inner_text()
    anonymous.close()
