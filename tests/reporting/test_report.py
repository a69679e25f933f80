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
    assert first.content == second.content == once


def test_a_pdf_is_drawn_once_per_content_and_language(
    closed_round: Any, office_user: Any, client: Client, monkeypatch: Any
) -> None:
    from django.core.cache import cache
    from django.utils import translation

    report = services.report_create(round_=closed_round, by=office_user, fields={"title": "R"})
    drawn: list[str] = []
    real = pdf.render

    def counting(content: dict, **kwargs: Any) -> bytes:
        drawn.append(content["title"])
        return real(content, **kwargs)

    monkeypatch.setattr("reporting.pdf.render", counting)
    cache.clear()
    client.force_login(office_user)
    url = f"/reporting/reports/{report.pk}/report.pdf"
    assert client.get(url).content == client.get(url).content
    assert len(drawn) == 1
    for language in ("nb", "en"):  # the request's language is cached, the other is drawn
        with translation.override(language):
            assert pdf.render_cached(report.content).startswith(b"%PDF")
    assert len(drawn) == 2
    pdf.render_cached({**report.content, "title": "Changed"})
    assert drawn[-1] == "Changed" and len(drawn) == 3


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


def _expected_schedule(baseline: Any, period: Any) -> dict[str, tuple[str, int | None, int | None]]:
    """From the database rows: per measure in the baseline, the end in the baseline against
    the forecast end (else the planned end), and the start against the baseline's start; the
    forecast end against the planned end when the baseline kept no dates. Only moved ones."""
    from portfolio.models import BaselineMeasure, Measure, StatusReport

    out = {}
    for kept in BaselineMeasure.objects.filter(baseline=baseline):
        measure = Measure.objects.get(pk=kept.measure_id)
        sr = StatusReport.objects.filter(measure=measure, period=period).first()
        forecast = sr.forecast_end_date if sr else None
        if kept.end_date:
            basis, end = "baseline", (forecast or measure.end_date)
            days = (end - kept.end_date).days if end else None
            start = (
                (measure.start_date - kept.start_date).days
                if measure.start_date and kept.start_date
                else None
            )
        else:
            basis, start = "plan", None
            days = (forecast - measure.end_date).days if forecast and measure.end_date else None
        if days or start:
            out[kept.code] = (basis, days, start)
    return out


def test_schedule_variance_is_against_the_dates_kept_in_the_chosen_baseline(
    open_round: Any,
    small_portfolio: dict,
    office_user: Any,
    rep_a: Any,
    rep_b: Any,
    client: Client,
) -> None:
    """HV-ONE forecasts a later end, HV-TWO's plan moved (start and end) since the
    baseline, and KS-ONE stands in the baseline without dates (taken before they were kept):
    its variance falls back to the forecast end against the planned end, and the report
    says so."""
    from portfolio.models import BaselineMeasure
    from portfolio.services import baseline_create

    p = small_portfolio
    baseline = baseline_create(name="April", by=office_user, as_of=dt.date(2020, 4, 30))
    BaselineMeasure.objects.filter(baseline=baseline, measure_id=p["b1"].pk).update(
        start_date=None, end_date=None
    )
    p["a2"].start_date, p["a2"].end_date = dt.date(2019, 3, 1), dt.date(2022, 9, 30)
    p["a2"].save()
    round_ = open_round()
    services.status_submit(
        round_=round_,
        measure=p["a1"],
        by=rep_a,
        data=status(schedule="yellow", commentary="Seinere.", forecast_end_date="2022-03-31"),
    )
    services.status_submit(round_=round_, measure=p["a2"], by=rep_a, data=status())
    services.status_submit(
        round_=round_,
        measure=p["b1"],
        by=rep_b,
        data=status(schedule="yellow", commentary="Litt seinere.", forecast_end_date="2021-07-31"),
    )
    round_ = services.round_close(round_=round_, by=office_user)
    report = services.report_create(
        round_=round_, by=office_user, fields={"title": "R", "baseline": baseline}
    )
    variance = report.content["variance"]
    got = {
        v["code"]: (v["schedule_basis"], v["schedule_days"], v["start_days"])
        for v in variance["rows"]
        if v["schedule_days"] or v["start_days"]
    }
    expected = _expected_schedule(baseline, round_.period)
    assert got == expected
    # The same by hand: 31.12.2021 -> 31.03.2022; 30.06.2022 -> 30.09.2022, start
    # 01.01.2019 -> 01.03.2019; KS-ONE 30.06.2021 -> 31.07.2021 against its plan.
    assert expected == {
        "HV-ONE": ("baseline", 90, 0),
        "HV-TWO": ("baseline", 92, 59),
        "KS-ONE": ("plan", 31, None),
    }
    assert variance["without_baseline_dates"] == ["KS-ONE"]
    client.force_login(office_user)
    page = client.get(f"/reporting/reports/{report.pk}/").content.decode()
    assert 'id="report-variance-fallback"' in page and "KS-ONE." in page
    assert "+92" in page and "+59" in page
    assert pdf.render(report.content).startswith(b"%PDF")


def test_without_a_baseline_schedule_variance_is_forecast_end_against_planned_end(
    closed_round: Any, office_user: Any
) -> None:
    report = services.report_create(round_=closed_round, by=office_user, fields={"title": "R"})
    variance = report.content["variance"]
    assert variance["without_baseline_dates"] == []
    assert all(v["schedule_basis"] == "plan" for v in variance["rows"])
    assert all(v["start_days"] is None for v in variance["rows"])
