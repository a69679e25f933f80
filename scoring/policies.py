"""Who may see and do what in prioritisation (scoring): the only place these rules are written.

Scores of measures rank every measure, drafts included: the office only. The steering group
reads the scores of suggestions (it decides on them). Models, recomputes, optimisation and
scenarios are the office's.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from core.policy import sees_everything
from people.roles import STEERING_GROUP, has_role
from scoring.choices import Target
from scoring.models import Job, Scenario, Score, ScoringModel

__all__ = [
    "visible_targets",
    "visible_scores",
    "visible_scoring_models",
    "visible_jobs",
    "visible_scenarios",
    "can_open_scoring_pages",
    "can_read_scoring_api",
    "can_manage_scoring",
]


def _office(user: Any, token: Any = None) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and sees_everything(user, token)


def visible_targets(user: Any, token: Any = None) -> list[str]:
    """The office sees every score; the steering group sees suggestion scores."""
    if _office(user, token):
        return list(Target.values)
    if token is None and has_role(user, STEERING_GROUP):
        return [Target.SUGGESTION]
    return []


def visible_scores(user: Any, token: Any = None) -> QuerySet[Score]:
    return Score.objects.filter(target__in=visible_targets(user, token))


def visible_scoring_models(user: Any, token: Any = None) -> QuerySet[ScoringModel]:
    return ScoringModel.objects.filter(target__in=visible_targets(user, token))


def visible_jobs(user: Any, token: Any = None) -> QuerySet[Job]:
    return Job.objects.all() if _office(user, token) else Job.objects.none()


def visible_scenarios(user: Any, token: Any = None) -> QuerySet[Scenario]:
    return Scenario.objects.all() if _office(user, token) else Scenario.objects.none()


def can_open_scoring_pages(user: Any, token: Any = None) -> bool:
    return _office(user, token)


def can_read_scoring_api(user: Any, token: Any = None) -> bool:
    return bool(visible_targets(user, token))


def can_manage_scoring(user: Any, token: Any = None) -> bool:
    """Models, weights, recomputes, optimisation, scenarios."""
    return _office(user, token)
