"""Scenarios: naming one, and committing one (its measures become the prioritised ones)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import record_change
from portfolio.models import Measure
from scoring.models import PrioritisedMeasure, Scenario
from scoring.services.common import require_office, user_or_none


@transaction.atomic
def scenario_save(*, scenario: Scenario, name: str, by: Any) -> Scenario:
    require_office(by)
    if not name.strip():
        raise ValidationError({"name": _("Give the scenario a name.")})
    scenario.name = name.strip()
    scenario.saved = True
    scenario.full_clean()
    scenario.save()
    return scenario


@transaction.atomic
def scenario_commit(*, scenario: Scenario, by: Any) -> Scenario:
    """Mark the scenario's measures prioritised (and the others no longer), writing the change
    to each affected measure's history."""
    require_office(by)
    if not scenario.result or "selected" not in scenario.result:
        raise ValidationError({"scenario": _("The scenario has no result to commit.")})
    new = set(Measure.objects.filter(pk__in=scenario.selected_ids).values_list("pk", flat=True))
    current = set(PrioritisedMeasure.objects.values_list("measure_id", flat=True))
    message = _("Scenario “%s” committed") % (scenario.name or scenario.pk)
    for measure in Measure.objects.filter(pk__in=new ^ current):
        flag = measure.pk in new
        record_change(
            measure, action="bulk", changes={"prioritised": [not flag, flag]}, message=message
        )
    PrioritisedMeasure.objects.exclude(measure_id__in=new).delete()
    PrioritisedMeasure.objects.filter(measure_id__in=new).update(scenario=scenario)
    PrioritisedMeasure.objects.bulk_create(
        [PrioritisedMeasure(measure_id=m, scenario=scenario) for m in sorted(new - current)]
    )
    scenario.committed_at = timezone.now()
    scenario.committed_by = user_or_none(by)
    scenario.saved = True
    if not scenario.name:
        scenario.name = _("Committed %s") % timezone.localdate().strftime("%d.%m.%Y")
    scenario.save()
    return scenario
