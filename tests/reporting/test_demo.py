"""The demo: T1 and T2 2020 closed, some measures turning yellow and red, one report."""

from __future__ import annotations

from typing import Any

import pytest

from portfolio.models import StatusReport
from reporting import demo
from reporting.models import PortfolioReport, ReportingRound, RoundNotice

pytestmark = pytest.mark.django_db


def test_demo_has_two_closed_rounds_a_trend_and_is_idempotent(demo_portfolio: Any) -> None:
    rounds = list(ReportingRound.objects.order_by("period__start"))
    assert [(r.name, r.state) for r in rounds] == [("T1 2020", "closed"), ("T2 2020", "closed")]
    t2 = rounds[1].snapshot
    counts = {t["period"]: t for t in PortfolioReport.objects.get().content["status"]["trend"]}
    assert (
        counts["T2 2020"]["red"] >= 1 and counts["T2 2020"]["yellow"] > counts["T1 2020"]["yellow"]
    )
    changed = [
        m
        for m in t2["measures"]
        if m["status"] and m["previous"] and m["status"]["overall"] != m["previous"]["overall"]
    ]
    assert changed
    reports = StatusReport.objects.count()
    assert demo.load() == {"rounds_created": 0}
    assert StatusReport.objects.count() == reports
    assert ReportingRound.objects.count() == 2 and PortfolioReport.objects.count() == 1
    assert not RoundNotice.objects.exists()  # the past rounds sent no e-mails
    report = PortfolioReport.objects.get()
    assert report.is_published and report.content["decisions"].startswith("1. NUIT")
