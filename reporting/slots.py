"""What reporting shows on other apps' pages: panels in core's slots, registered by
`register()` in ReportingConfig.ready."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from core import slots as core_slots
from portfolio.models import Measure
from portfolio.selectors import portfolio_measures
from reporting import compare, selectors


def dashboard_todos(request: HttpRequest | None, **_: Any) -> dict[str, Any] | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    tasks = selectors.open_tasks_for(user)
    if not tasks:
        return None
    return {"todos": tasks[:10], "todo_count": len(tasks)}


def dashboard_status(request: HttpRequest | None, **_: Any) -> dict[str, Any] | None:
    round_ = selectors.latest_round()
    if round_ is None or request is None:
        return None
    rows = selectors.measure_rows(portfolio_measures(request.user), round_.period)
    return {
        "status_round": round_,
        "status_counts": compare.distribution(rows),
        "status_since": {k: len(v) for k, v in compare.since_last_round(rows).items()},
    }


def measure_timeline(request: HttpRequest | None, *, measure: Measure, **_: Any) -> dict[str, Any]:
    reports = selectors.measure_timeline(measure)
    return {
        "timeline": reports,
        "timeline_trend": [r.overall for r in reports],
        "timeline_periods": [r.period for r in reports],
    }


def register() -> None:
    core_slots.register(
        "dashboard",
        template="reporting/partials/dashboard_todos.html",
        context=dashboard_todos,
        order=10,
    )
    core_slots.register(
        "dashboard",
        template="reporting/partials/dashboard_status.html",
        context=dashboard_status,
        order=20,
    )
    core_slots.register(
        "measure-detail",
        template="reporting/partials/measure_timeline.html",
        context=measure_timeline,
    )
