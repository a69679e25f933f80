"""What reporting shows on other apps' pages: panels in core's slots, registered by
`register()` in ReportingConfig.ready."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from core import data_version
from core import slots as core_slots
from portfolio.models import Measure
from portfolio.selectors import portfolio_measures, summary_scope
from reporting import dashboard, selectors


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
    counts = data_version.cached(
        "portfolio",  # measures and status reports
        ("dashboard-status", round_.period_id, summary_scope(request.user)),
        lambda: dashboard.status_counts(portfolio_measures(request.user), round_.period),
    )
    return {"status_round": round_, **counts}


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
