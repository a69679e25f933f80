from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


class Office:
    is_superuser = True
    is_authenticated = True
    pk = None


@pytest.fixture
def make_item(reference_data: None):  # type: ignore[no-untyped-def]
    from roadmap import services

    counter = iter(range(1, 10_000))

    def make(actor: Any, start: str = "2021-01-01", end: str = "2021-06-01", **fields: Any) -> Any:
        n = next(counter)
        return services.item_create(
            by=Office(),
            fields={
                "code": fields.pop("code", f"IT-{n}"),
                "name": fields.pop("name", f"Item {n}"),
                "actor": actor,
                "planned_start": dt.date.fromisoformat(start),
                "planned_end": dt.date.fromisoformat(end),
                "published": fields.pop("published", True),
                **fields,
            },
        )

    return make


@pytest.fixture
def roadmap_demo(reference_data: None) -> dict[str, Any]:
    """The 2020 roadmap on the reference data only (measures are optional links), so the
    tests do not pay for the whole demo portfolio and the other apps' demo hooks."""
    from roadmap import demo
    from roadmap.models import RoadmapItem

    demo.load()
    return {item.code: item for item in RoadmapItem.objects.select_related("actor")}


@pytest.fixture
def roadmap_demo_with_measures(reference_data: None) -> dict[str, Any]:
    from portfolio.demo import measures
    from roadmap import demo
    from roadmap.models import RoadmapItem

    measures()
    demo.load()
    return {item.code: item for item in RoadmapItem.objects.select_related("actor")}
