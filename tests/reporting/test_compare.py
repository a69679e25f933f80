"""The pure comparisons behind "since the last round" and the matrix order (no database)."""

from __future__ import annotations

from typing import Any

from reporting.compare import distribution, since_last_round, sort_worst_first


def row(code: str, now: dict | None, before: dict | None = None, trend=None) -> dict[str, Any]:
    return {
        "id": hash(code) % 1000,
        "code": code,
        "name": code.title(),
        "owner": "X",
        "status": now,
        "previous": before,
        "trend": trend or [],
    }


def st(overall: str, *, text: str = "", end: str | None = None, cost: str | None = None) -> dict:
    return {
        "overall": overall,
        "cost": "green",
        "schedule": "green",
        "benefits": "green",
        "commentary": text,
        "forecast_end_date": end,
        "cost_forecast": cost,
    }


def test_new_red_improvement_end_moved_and_cost_up_each_with_narrative() -> None:
    rows = [
        row("A", st("red", text="late vendor"), st("yellow")),
        row("B", st("green", text="recovered"), st("red")),
        row("C", st("yellow", text="moved", end="2022-06-30"), st("yellow", end="2021-12-31")),
        row("D", st("green", text="dearer", cost="1150"), st("green", cost="1000")),
        row("E", st("green", cost="1100"), st("green", cost="1000")),  # +10 %: not over
        row("F", st("red", text="still red"), st("red")),
        row("G", st("red", text="first time"), None),
    ]
    result = since_last_round(rows)
    assert [(e["code"], e["narrative"]) for e in result["new_red"]] == [
        ("A", "late vendor"),
        ("G", "first time"),
    ]
    assert [(e["code"], e["before"], e["after"]) for e in result["improved"]] == [
        ("B", "red", "green")
    ]
    assert [(e["code"], e["days"]) for e in result["end_moved"]] == [("C", 181)]
    assert [(e["code"], e["percent"]) for e in result["cost_up"]] == [("D", "15.0")]


def test_matrix_puts_red_first_then_yellow_then_not_reported_then_green() -> None:
    rows = [row("G1", st("green")), row("N1", None), row("R1", st("red")), row("Y1", st("yellow"))]
    assert [r["code"] for r in sort_worst_first(rows)] == ["R1", "Y1", "N1", "G1"]


def test_distribution_counts_now_and_per_trend_round() -> None:
    rows = [
        row("A", st("red"), trend=["green", "red"]),
        row("B", None, trend=["green", "not_reported"]),
        row("C", st("green"), trend=["yellow", "green"]),
    ]
    assert distribution(rows) == {"green": 1, "yellow": 0, "red": 1, "not_reported": 1}
    assert distribution(rows, 0) == {"green": 2, "yellow": 1, "red": 0, "not_reported": 0}
