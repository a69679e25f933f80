"""A changed measure or assessment recomputes its own score after the commit. Scoring listens
to portfolio and intake; neither of them knows about scoring."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from scoring.choices import Target


def _measure_changed(measure_id: int | None) -> None:
    from scoring.services import enqueue

    if measure_id:
        enqueue("recompute_object_score", target=Target.MEASURE.value, object_pk=measure_id)


def _suggestion_changed(suggestion_id: int | None) -> None:
    from scoring.services import enqueue

    if suggestion_id:
        enqueue("recompute_object_score", target=Target.SUGGESTION.value, object_pk=suggestion_id)


def on_measure_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _measure_changed(instance.pk)


def on_measure_child_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _measure_changed(instance.measure_id)


def on_measure_m2m(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action in {"post_add", "post_remove", "post_clear"} and not kwargs.get("reverse"):
        _measure_changed(instance.pk)


def on_assessment_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _suggestion_changed(instance.suggestion_id)


def connect() -> None:
    from portfolio.models import BudgetLine, Measure, StatusReport

    post_save.connect(on_measure_saved, sender=Measure, dispatch_uid="scoring-measure")
    for model in (BudgetLine, StatusReport):
        for signal in (post_save, post_delete):
            signal.connect(
                on_measure_child_saved,
                sender=model,
                dispatch_uid=f"scoring-{model.__name__}-{signal}",
            )
    for through in (Measure.target_groups.through, Measure.strategic_goals.through):
        m2m_changed.connect(on_measure_m2m, sender=through, dispatch_uid=f"scoring-{through}")
    for name in ("Assessment", "MeasureOverlap"):
        try:
            model = apps.get_model("covid_intake", name)
        except LookupError:
            continue
        for signal in (post_save, post_delete):
            signal.connect(
                on_assessment_saved, sender=model, dispatch_uid=f"scoring-{name}-{signal}"
            )
