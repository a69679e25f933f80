"""Scoring model versions: a new version of the criteria and weights, and activating one
(which recomputes every score). Old versions are never changed."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from scoring.choices import SOURCES_FOR, Target
from scoring.models import Criterion, ScoringModel
from scoring.services.common import require_office, user_or_none
from scoring.services.jobs import recompute_request


def _weight(key: str, value: Any) -> Decimal:
    try:
        w = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({f"weights.{key}": _("Enter a number.")}) from None
    if w < 0 or w > Decimal("9999"):
        raise ValidationError({f"weights.{key}": _("A weight is between 0 and 9999.")})
    return w.quantize(Decimal("0.01"))


@transaction.atomic
def scoring_model_create(
    *,
    target: str,
    by: Any,
    criteria: list[dict[str, Any]] | None = None,
    weights: Mapping[str, Any] | None = None,
    based_on: ScoringModel | None = None,
    note: str = "",
    activate: bool = True,
) -> ScoringModel:
    """A new version for the target: the criteria of `based_on` (default: the active version)
    with new weights, or a full list of criteria. Old versions are never changed."""
    require_office(by)
    if target not in Target.values:
        raise ValidationError({"target": _("Unknown target.")})
    if based_on is None:
        based_on = ScoringModel.objects.filter(target=target, active=True).first()
    if criteria is None:
        if based_on is None:
            raise ValidationError({"criteria": _("Give the criteria of the first version.")})
        criteria = [
            {
                "key": c.key,
                "label": c.label,
                "source": c.source,
                "weight": c.weight,
                "excludes": c.excludes,
            }
            for c in based_on.criteria.all()
        ]
    weights = dict(weights or {})
    keys = {c["key"] for c in criteria}
    if unknown := sorted(set(weights) - keys):
        raise ValidationError({"weights": _("Unknown criteria: %s") % ", ".join(unknown)})
    if not criteria:
        raise ValidationError({"criteria": _("A model needs at least one criterion.")})
    version = (
        ScoringModel.objects.select_for_update()
        .filter(target=target)
        .aggregate(v=Max("version"))["v"]
        or 0
    ) + 1
    model = ScoringModel(target=target, version=version, note=note, created_by=user_or_none(by))
    model.full_clean()
    model.save()
    rows = []
    for order, c in enumerate(criteria):
        key = c["key"]
        if c.get("source") not in SOURCES_FOR[target]:
            raise ValidationError({f"criteria.{key}.source": _("Not a source for this target.")})
        rows.append(
            Criterion(
                model=model,
                key=key,
                label=c.get("label") or key,
                source=c["source"],
                weight=_weight(key, weights.get(key, c.get("weight", 0))),
                excludes=bool(c.get("excludes", False)),
                sort_order=order,
            )
        )
    if len({r.key for r in rows}) != len(rows):
        raise ValidationError({"criteria": _("Criterion keys must be unique.")})
    if not any(r.weight > 0 for r in rows):
        raise ValidationError({"weights": _("At least one weight must be above zero.")})
    for r in rows:
        r.full_clean(exclude=["model"])
        r.save()
    if activate:
        scoring_model_activate(model=model, by=by)
    return model


@transaction.atomic
def scoring_model_activate(*, model: ScoringModel, by: Any) -> ScoringModel:
    """Make this version the active one for its target and recompute every score."""
    require_office(by)
    if model.active:
        return model
    for old in ScoringModel.objects.select_for_update().filter(target=model.target, active=True):
        old.active = False
        old.save()
    model.active = True
    model.save()
    recompute_request(by=by)
    return model
