"""Rounds, reports and the PDF through the API, with the project's error shape."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

from reporting import services
from tests.reporting.conftest import status

pytestmark = pytest.mark.django_db

DEADLINE = (dt.date.today() + dt.timedelta(days=7)).isoformat()
OPEN = {"kind": "tertial", "year": 2020, "number": 3, "deadline": DEADLINE}


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_office_opens_a_round_a_representative_may_not(
    office_user: Any, rep_a: Any, small_portfolio: dict
) -> None:
    refused = _client(rep_a).post("/api/v1/reporting/rounds/", OPEN, format="json")
    assert refused.status_code == 403 and "detail" in refused.json()
    bad = _client(office_user).post(
        "/api/v1/reporting/rounds/", {**OPEN, "deadline": "2001-01-01"}, format="json"
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "deadline"
    made = _client(office_user).post("/api/v1/reporting/rounds/", OPEN, format="json")
    assert made.status_code == 201, made.json()
    body = made.json()
    assert (body["name"], body["state"], body["deadline"]) == ("T3 2020", "open", DEADLINE)
    listed = _client(rep_a).get("/api/v1/reporting/rounds/").json()
    assert [r["name"] for r in listed["results"]] == ["T3 2020"]


def test_representatives_report_their_own_measures_until_the_round_closes(
    office_user: Any, rep_a: Any, open_round: Any, small_portfolio: dict
) -> None:
    round_ = open_round()
    url = f"/api/v1/reporting/rounds/{round_.pk}/status-reports/"
    own = {"measure": small_portfolio["a1"].pk, **status(cost="yellow", commentary="Litt dyrere.")}
    assert _client(rep_a).post(url, own, format="json").status_code == 201
    missing = _client(rep_a).post(url, {**own, "commentary": ""}, format="json")
    assert missing.status_code == 400
    assert [e["field"] for e in missing.json()["errors"]] == ["commentary"]
    other = {"measure": small_portfolio["b1"].pk, **status()}
    assert _client(rep_a).post(url, other, format="json").status_code == 403
    hidden = {"measure": small_portfolio["hidden"].pk, **status()}
    assert _client(rep_a).post(url, hidden, format="json").status_code == 404
    completion = _client(office_user).get(f"/api/v1/reporting/rounds/{round_.pk}/completion/")
    assert {r["actor"]: r["on_time"] for r in completion.json()} == {"Helse Vest": 1, "KS": 0}
    closed = _client(office_user).post(f"/api/v1/reporting/rounds/{round_.pk}/close/")
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    frozen = _client(rep_a).post(url, own, format="json")
    assert frozen.status_code == 400 and frozen.json()["errors"][0]["field"] == "round"


def test_reports_through_the_api_full_for_the_office_public_for_others(
    office_user: Any, rep_a: Any, open_round: Any, small_portfolio: dict
) -> None:
    round_ = open_round()
    services.status_submit(
        round_=round_,
        measure=small_portfolio["hidden"],
        by=office_user,
        data=status(overall="red", commentary="hemmelig"),
    )
    services.round_close(round_=round_, by=office_user)
    office = _client(office_user)
    made = office.post(
        "/api/v1/reporting/reports/",
        {"round": round_.pk, "title": "Porteføljerapport desember 2020", "decisions": "Vedta."},
        format="json",
    )
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    assert made.json()["version"] == "full"
    assert made.json()["content"]["key_figures"]["measures"] == 4
    assert APIClient().get("/api/v1/reporting/reports/").json()["results"] == []
    assert APIClient().get(f"/api/v1/reporting/reports/{pk}/").status_code == 404
    changed = office.patch(
        f"/api/v1/reporting/reports/{pk}/", {"decisions": "Nytt."}, format="json"
    )
    assert changed.json()["content"]["decisions"] == "Nytt."
    # a draft is invisible to a representative: 404, not 403
    assert _client(rep_a).post(f"/api/v1/reporting/reports/{pk}/publish/").status_code == 404
    assert office.post(f"/api/v1/reporting/reports/{pk}/publish/").json()["state"] == "published"
    again = office.patch(f"/api/v1/reporting/reports/{pk}/", {"decisions": "x"}, format="json")
    assert again.status_code == 400
    public = APIClient().get(f"/api/v1/reporting/reports/{pk}/").json()
    assert public["version"] == "public" and public["content"]["key_figures"]["measures"] == 3
    assert "hemmelig" not in str(public)
    pdf = APIClient().get(f"/api/v1/reporting/reports/{pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content == APIClient().get(f"/api/v1/reporting/reports/{pk}/pdf/").content


def test_the_schema_describes_the_reporting_api(client: Any) -> None:
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = set(schema["paths"])
    for path in (
        "/api/v1/reporting/rounds/",
        "/api/v1/reporting/rounds/{id}/close/",
        "/api/v1/reporting/rounds/{id}/status-reports/",
        "/api/v1/reporting/reports/",
        "/api/v1/reporting/reports/{id}/pdf/",
    ):
        assert path in paths
