"""Small builders for test data (plain functions, no factory library needed)."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from portfolio.models import Actor, BudgetLine, Measure

_seq = itertools.count(1)


def measure(
    owner: Actor,
    *,
    state: str = "accepted",
    published: bool = True,
    budget: dict[int, int] | None = None,
    **fields: Any,
) -> Measure:
    n = next(_seq)
    m = Measure.objects.create(
        code=fields.pop("code", f"T-{n:04d}"),
        name=fields.pop("name", f"Test measure {n}"),
        owner=owner,
        state=state,
        published=published,
        **fields,
    )
    for year, amount in (budget or {}).items():
        BudgetLine.objects.create(measure=m, year=year, kind="investment", planned=Decimal(amount))
    return m
