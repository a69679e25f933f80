"""Fixtures for the API contract tests: a small portfolio and integrator credentials."""

from __future__ import annotations

from typing import Any

import pytest

from core.services import token_create
from people import roles
from portfolio.tokens import token_limit_to_actor


def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Schemathesis names each item after its operation (`test_x[GET /api/v1/actors/]`), but
    under pytest 9 the node id drops that suffix, so all operations of a test share one id.
    Give each operation its own id: reports name the operation, and pytest-xdist's file and
    group schedulers (which key tests by node id) run every operation, not one per test."""
    for item in items:
        if getattr(item, "operation_label", None) is None:
            continue
        base = item.originalname
        if item.nodeid.endswith("]") or not item.name.startswith(f"{base}["):
            continue
        item._id = item.parent.id.child(base).with_params(item.name[len(base) + 1 : -1])


@pytest.fixture
def small_portfolio(reference_data: None, actor_a: Any, actor_b: Any) -> dict[str, Any]:
    """A few measures in every visibility state (faster than the full demo portfolio)."""
    from portfolio.models import Segment
    from tests.factories import measure

    segment = Segment.objects.order_by("sort_order").first()
    return {
        "published": measure(actor_a, budget={2020: 1000, 2021: 2000}, segment=segment),
        "published_b": measure(actor_b, budget={2020: 500}),
        "draft": measure(actor_a, state="draft", published=False),
        "unpublished": measure(actor_b, published=False),
        "archived": measure(actor_a, archived_at="2020-05-01T00:00:00Z"),
    }


@pytest.fixture
def integrator_key(make_user: Any, actor_a: Any) -> str:
    """A read-write token limited to actor A (so it may write A's measures), high rate limit."""
    user = make_user("api_integrator", roles.INTEGRATOR)
    token, key = token_create(
        name="Contract tests",
        user=user,
        scope="read_write",
        created_by=user,
        rate_limit="100000/hour",
    )
    token_limit_to_actor(token=token, actor=actor_a)
    return key
