"""The portfolio report: the dashboard's figures, reproducible bytes, a public version."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from portfolio.models import BudgetLine
from portfolio.selectors import cached_summary
from reporting import pdf, services
from tests.reporting.conftest import status

pytestmark = pytest.mark.django_db

SENTINEL_TEXT = "SENTINEL-narrative-of-the-hidden-measure"


@pytest.fixture
def closed_round(
    open_round: Any, small_portfolio: dict, office_user: Any, rep_a: Any, rep_b: Any
) -> Any:
    round_ = open_round()
    p = small_portfolio
    services.status_submit(
        round_=round_,
        measure=p["a1"],
        by=rep_a,
        data=status(overall="red", schedule="red", commentary="Leverandøren er forsinket."),
    )
    services.status_submit(round_=round_, measure=p["b1"], by=rep_b, data=status())
    services.status_submit(
        round_=round_,
        measure=p["hidden"],
        by=rep_b,
        data=status(overall="red", commentary=SENTINEL_TEXT),
    )
    return services.round_close(round_=round_, by=office_user)


def _d(value: Any) -> Decimal:
    return Decimal(str(value))


def test_report_figures_equal_the_dashboards_for_the_same_date(
    closed_round: Any, office_user: Any, client: Client
) -> None:
    report = services.report_create(round_=closed_round, by=office_user, fields={"title": "R"})
    client.force_login(office_user)
    dashboard = client.get("/?year=2020").context["summary"]
    kf = report.content["key_figures"]
    assert kf["measures"] == dashboard["measures"] == 4
    assert _d(kf["planned"]) == dashboard["planned"] == Decimal("14500000")
    assert _d(kf["operating_next_year"]) == dashboard["operating_next_year"] == Decimal("500000")
    assert [(r["name"], r["measures"], _d(r["planned"])) for r in report.content["by_actor"]] == [
        (r["name"], r["measures"], r["planned"]) for r in dashboard["by_actor"]
    ]
    assert [(r["name"], r["measures"]) for r in report.content["by_segment"]] == [
        (r["name"], r["measures"]) for r in dashboard["by_segment"]
    ]
    anonymous = Client().get("/?year=2020").context["summary"]
    public = report.public_content["key_figures"]
    assert public["measures"] == anonymous["measures"] == 3
    assert _d(public["planned"]) == anonymous["planned"] == Decimal("7500000")


def test_a_closed_rounds_report_does_not_change_when_the_portfolio_does(
    closed_round: Any, office_user: Any, small_portfolio: dict
) -> None:
    first = services.report_create(round_=closed_round, by=office_user, fields={"title": "R1"})
    BudgetLine.objects.create(
        measure=small_portfolio["a2"], year=2020, kind="operating", planned=Decimal("9000000")
    )
    small_portfolio["b1"].name = "Renamed after the close"
    small_portfolio["b1"].save()
    assert cached_summary(year=2020, user=office_user)["planned"] == Decimal("23500000")
    second = services.report_create(round_=closed_round, by=office_user, fields={"title": "R1 "})
    assert {**first.content, "title": ""} == {**second.content, "title": ""}
    assert pdf.render({**first.content, "title": "x"}) == pdf.render(
        {**second.content, "title": "x"}
    )


def test_the_pdf_is_the_same_bytes_every_time(
    closed_round: Any, office_user: Any, client: Client
) -> None:
    report = services.report_create(
        round_=closed_round,
        by=office_user,
        fields={"title": "Porteføljerapport", "decisions": "1. Ta til orientering."},
    )
    once, twice = pdf.render(report.content), pdf.render(report.content)
    assert once.startswith(b"%PDF") and once == twice
    client.force_login(office_user)
    first = client.get(f"/reporting/reports/{report.pk}/report.pdf")
    second = client.get(f"/reporting/reports/{report.pk}/report.pdf")
    assert first["Content-Type"] == "application/pdf"
    assert first.content == second.content


def test_the_public_version_leaves_out_every_unpublished_measure(
    closed_round: Any, office_user: Any, client: Client
) -> None:
    report = services.report_create(round_=closed_round, by=office_user, fields={"title": "R"})
    full = json.dumps(report.content)
    public = json.dumps(report.public_content)
    assert "KS-HIDDEN" in full and SENTINEL_TEXT in full
    assert "KS-HIDDEN" not in public and SENTINEL_TEXT not in public
    assert [r["code"] for r in report.content["red"]] == ["HV-ONE", "KS-HIDDEN"]
    assert [r["code"] for r in report.public_content["red"]] == ["HV-ONE"]
    assert report.public_content["status"]["distribution"] == {
        "green": 1,
        "yellow": 0,
        "red": 1,
        "not_reported": 1,
    }
    raw = pdf.render(report.public_content, compress=False)
    assert b"KS-HIDDEN" not in raw and SENTINEL_TEXT.encode() not in raw
    assert b"HV-ONE" in raw
    assert b"KS-HIDDEN" in pdf.render(report.content, compress=False)
    services.report_publish(report=report, by=office_user)
    anonymous = Client()
    page = anonymous.get(f"/public/reports/{report.pk}/").content.decode()
    assert "HV-ONE" in page and "KS-HIDDEN" not in page and SENTINEL_TEXT not in page
    assert anonymous.get(f"/public/reports/{report.pk}/report.pdf").status_code == 200


def test_variance_against_a_baseline_and_the_red_measures_narrative(
    closed_round: Any, office_user: Any, small_portfolio: dict
) -> None:
    from portfolio.services import baseline_create

    baseline = baseline_create(name="April", by=office_user, as_of=dt.date(2020, 4, 30))
    report = services.report_create(
        round_=closed_round, by=office_user, fields={"title": "R", "baseline": baseline}
    )
    assert report.content["variance"]["baseline"] == "April"
    assert report.content["red"][0]["narrative"] == "Leverandøren er forsinket."
