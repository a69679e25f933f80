"""Overviews for the office and the steering group: the board by status and the ranking."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from covid_intake import policies, selectors
from covid_intake.views.common import staff_required

BOARD_CARDS = 25


@staff_required
def board(request: HttpRequest) -> HttpResponse:
    """Columns by status: the count and the newest cards of each."""
    columns = selectors.board_columns(request.user, cards=BOARD_CARDS)
    return render(
        request,
        "covid_intake/board.html",
        {"nav": "intake", "columns": columns, "total": sum(c["count"] for c in columns)},
    )


@staff_required
def steering(request: HttpRequest) -> HttpResponse:
    """Assessed suggestions ranked by combined score, for the steering group."""
    return render(
        request,
        "covid_intake/steering.html",
        {
            "nav": "intake",
            "ranked": selectors.ranked_for_steering(request.user),
            "can_decide": policies.can_decide(request.user),
        },
    )
