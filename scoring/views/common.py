"""What the scoring pages share: the office check, the target check and the page context."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from core.history import translate_stored
from core.policy import policy_view
from portfolio.choices import Phase, TrafficLight
from scoring import policies, selectors
from scoring.choices import Target

View = Callable[..., HttpResponse]

office_required = policy_view(policies.can_open_scoring_pages, login=True)


def target_or_404(target: str) -> str:
    if target not in Target.values:
        raise Http404(_("No such target."))
    return target


def page_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {"nav": "scoring", "running_job": selectors.running_recompute(), **extra}


def criterion_labels(model: Any) -> dict[str, str]:
    """Criterion key -> label, so a breakdown names criteria as people do."""
    if model is None:
        return {}
    return {c.key: translate_stored(c.label) for c in model.criteria.all()}


def raw_labels() -> dict[str, str]:
    """Category values a breakdown's raw column may hold (a phase, a traffic light) -> label."""
    return {value: str(label) for value, label in [*Phase.choices, *TrafficLight.choices]}
