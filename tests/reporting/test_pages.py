"""Each role's pages render, say the right things and refuse the wrong people."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reporting import services
from reporting.models import ReportingRound
from tests.reporting.conftest import status

pytestmark = pytest.mark.django_db


def _login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def test_office_opens_reminds_and_closes_a_round_in_the_browser(
    client: Client, office_user: Any, small_portfolio: dict
) -> None:
    _login(client, office_user)
    assert client.get("/reporting/").status_code == 200
    form = client.get("/reporting/rounds/new/")
    assert form.status_code == 200 and 'name="deadline"' in form.content.decode()
    bad = client.post(
        "/reporting/rounds/new/",
        {"kind": "tertial", "number": 3, "year": 2020, "deadline": "2001-01-01"},
    )
    assert bad.status_code == 200 and 'id="id_deadline-error"' in bad.content.decode()
    deadline = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    made = client.post(
        "/reporting/rounds/new/",
        {"kind": "tertial", "number": 3, "year": 2020, "deadline": deadline},
    )
    round_ = ReportingRound.objects.get()
    assert made.status_code == 302 and made["Location"] == f"/reporting/rounds/{round_.pk}/"
    client.post(f"/reporting/rounds/{round_.pk}/remind/")
    page = client.get(f"/reporting/rounds/{round_.pk}/").content.decode()
    assert 'id="completion-table"' in page and 'id="outbox-table"' in page
    assert page.count("Reminder before the deadline") == 2  # one per actor, in the outbox
    client.post(f"/reporting/rounds/{round_.pk}/close/")
    round_.refresh_from_db()
    assert round_.state == "closed"
    assert client.get(f"/reporting/rounds/{round_.pk}/reports/new/").status_code == 200


def test_representative_sees_todos_and_reports_with_errors_beside_the_fields(
    client: Client, rep_a: Any, open_round: Any, small_portfolio: dict
) -> None:
    round_ = open_round()
    _login(client, rep_a)
    dashboard = client.get("/").content.decode()
    assert 'id="reporting-todos"' in dashboard and "HV-ONE" in dashboard
    assert "KS-ONE" not in client.get("/reporting/todo/").content.decode()
    url = f"/reporting/rounds/{round_.pk}/measures/{small_portfolio['a1'].pk}/"
    refused = client.post(url, status(overall="yellow"))
    assert refused.status_code == 200
    assert 'id="id_commentary-error"' in refused.content.decode()
    saved = client.post(url, status(overall="yellow", commentary="Forsinket test."))
    assert saved.status_code == 302
    other = f"/reporting/rounds/{round_.pk}/measures/{small_portfolio['b1'].pk}/"
    assert client.get(other).status_code == 403
    assert client.get("/reporting/rounds/new/").status_code == 403
    timeline = client.get(f"/measures/{small_portfolio['a1'].pk}/").content.decode()
    assert 'id="status-timeline"' in timeline and "Forsinket test." in timeline


def test_glance_matrix_filters_and_keeps_its_query_count(
    client: Client,
    office_user: Any,
    open_round: Any,
    small_portfolio: dict,
    make_measure: Any,
    actor_a: Any,
) -> None:
    round_ = open_round()
    services.status_submit(
        round_=round_,
        measure=small_portfolio["b1"],
        by=office_user,
        data=status(overall="red", commentary="Stopp i leveransen."),
    )
    _login(client, office_user)
    page = client.get(f"/reporting/glance/?round={round_.pk}").content.decode()
    assert page.index("KS-ONE") < page.index("HV-ONE")  # red first
    assert "Stopp i leveransen." in page  # new red, with its narrative
    filtered = client.get(f"/reporting/glance/?round={round_.pk}&owner={actor_a.pk}")
    assert "KS-ONE" not in filtered.content.decode()
    cache.clear()  # both computed, not served from the per-version cache
    with CaptureQueriesContext(connection) as few:
        client.get(f"/reporting/glance/?round={round_.pk}")
    for _ in range(5):
        make_measure(actor_a, budget={2020: 1000})
    with CaptureQueriesContext(connection) as more:
        client.get(f"/reporting/glance/?round={round_.pk}")
    assert len(more) == len(few)
    with CaptureQueriesContext(connection) as cached:
        client.get(f"/reporting/glance/?round={round_.pk}")
    assert len(cached) < len(more)


def test_reports_render_per_role_and_anonymous_sees_only_published(
    client: Client, office_user: Any, rep_b: Any, open_round: Any, small_portfolio: dict
) -> None:
    round_ = open_round()
    services.round_close(round_=round_, by=office_user)
    report = services.report_create(
        round_=round_, by=office_user, fields={"title": "Porteføljerapport", "decisions": "Vedta."}
    )
    _login(client, office_user)
    full = client.get(f"/reporting/reports/{report.pk}/").content.decode()
    assert "KS-HIDDEN" in full and 'id="report-decisions"' in full and "Vedta." in full
    public = client.get(f"/reporting/reports/{report.pk}/?version=public").content.decode()
    assert "KS-HIDDEN" not in public
    anonymous = Client()
    assert anonymous.get(f"/public/reports/{report.pk}/").status_code == 404
    assert anonymous.get(f"/reporting/reports/{report.pk}/").status_code == 404
    assert _login(Client(), rep_b).get(f"/reporting/reports/{report.pk}/").status_code == 404
    services.report_publish(report=report, by=office_user)
    listed = anonymous.get("/public/reports/").content.decode()
    assert "Porteføljerapport" in listed
    rep_page = _login(Client(), rep_b).get(f"/reporting/reports/{report.pk}/").content.decode()
    assert "KS-HIDDEN" not in rep_page and "Vedta." in rep_page
    assert anonymous.get("/reporting/").status_code == 302  # to the login page


def test_dashboard_shows_the_status_summary_of_the_latest_round(
    client: Client, office_user: Any, open_round: Any, small_portfolio: dict
) -> None:
    round_ = open_round()
    services.status_submit(
        round_=round_,
        measure=small_portfolio["a1"],
        by=office_user,
        data=status(overall="red", commentary="x"),
    )
    page = Client().get("/").content.decode()
    assert 'id="status-summary"' in page
    assert 'id="status-red">1<' in page
