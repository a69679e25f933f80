"""Who may see and do what in reporting: the only place these rules are written.

- The portfolio office runs rounds (opens, reminds, closes) and writes reports.
- An actor's representatives (and a token limited to that actor) report the status of their
  own actor's measures while the round is open; nobody edits a closed round.
- Everyone signed in sees the rounds and the status of the measures they may see
  (`portfolio.selectors.measures_visible_to`).
- The full report (with unpublished measures) is for the office; everyone else, the public
  included, sees only the public version of published reports.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from people.roles import is_office
from portfolio.models import Measure
from portfolio.selectors import actor_ids_of, measures_visible_to
from portfolio.tokens import token_actor_id
from reporting.choices import ReportState
from reporting.models import PortfolioReport, ReportingRound


def _office(user: Any, token: Any = None) -> bool:
    return is_office(user) and token_actor_id(token) is None


def can_run_rounds(user: Any, token: Any = None) -> bool:
    return _office(user, token)


def can_write_reports(user: Any, token: Any = None) -> bool:
    return _office(user, token)


def sees_full_reports(user: Any, token: Any = None) -> bool:
    return _office(user, token)


def visible_rounds(user: Any, token: Any = None) -> QuerySet[ReportingRound]:
    if token is not None or getattr(user, "is_authenticated", False):
        return ReportingRound.objects.all()
    return ReportingRound.objects.none()


def visible_reports(user: Any, token: Any = None) -> QuerySet[PortfolioReport]:
    if sees_full_reports(user, token):
        return PortfolioReport.objects.all()
    return PortfolioReport.objects.filter(state=ReportState.PUBLISHED)


def visible_measures(user: Any, token: Any = None) -> QuerySet[Measure]:
    return measures_visible_to(user, token)


def can_report(user: Any, measure: Measure, token: Any = None) -> bool:
    """Status for a measure: the office, or the owner actor's representatives/token."""
    if _office(user, token):
        return True
    limited_to = token_actor_id(token)
    if limited_to is not None:
        return measure.owner_id == limited_to and token.can_write
    return measure.owner_id in actor_ids_of(user)


def reportable_actor_ids(user: Any, token: Any = None) -> list[int] | None:
    """The actors whose to-dos the caller sees: None means all (the office)."""
    if _office(user, token):
        return None
    return actor_ids_of(user, token)
