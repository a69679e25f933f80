"""A small portfolio over two actors, and a round helper, for the reporting tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from portfolio.models import BudgetLine

GREEN = {"overall": "green", "cost": "green", "schedule": "green", "benefits": "green"}


def status(**lights: str) -> dict[str, Any]:
    return {**GREEN, **lights}


@pytest.fixture
def small_portfolio(make_measure: Any, actor_a: Any, actor_b: Any) -> dict[str, Any]:
    """Two measures for Helse Vest, one for KS, one unpublished KS measure, one draft."""
    a1 = make_measure(actor_a, code="HV-ONE", budget={2020: 1_000_000, 2021: 500_000})
    a2 = make_measure(actor_a, code="HV-TWO", budget={2020: 2_500_000})
    b1 = make_measure(actor_b, code="KS-ONE", budget={2020: 4_000_000})
    hidden = make_measure(actor_b, code="KS-HIDDEN", published=False, budget={2020: 7_000_000})
    draft = make_measure(actor_a, code="HV-DRAFT", state="draft", published=False)
    for m, amount in ((a1, 200_000), (b1, 300_000)):
        BudgetLine.objects.create(measure=m, year=2021, kind="operating", planned=Decimal(amount))
    for m, end in ((a1, "2021-12-31"), (a2, "2022-06-30"), (b1, "2021-06-30")):
        m.end_date = dt.date.fromisoformat(end)
        m.start_date = dt.date(2019, 1, 1)
        m.save()
    return {"a1": a1, "a2": a2, "b1": b1, "hidden": hidden, "draft": draft}


@pytest.fixture
def open_round(office_user: Any, small_portfolio: dict[str, Any]):  # type: ignore[no-untyped-def]
    """Open a round (default T3 2020, deadline in ten days) as the office."""
    from reporting import services

    def _open(kind: str = "tertial", year: int = 2020, number: int = 3, days: int = 10) -> Any:
        return services.round_open(
            by=office_user,
            kind=kind,
            year=year,
            number=number,
            deadline=dt.date.today() + dt.timedelta(days=days),
        )

    return _open
