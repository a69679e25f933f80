"""The change log's mechanics (issue 15): versions and edit conflicts come from a field, not
from the message text; the "before" of a save is read only for the object being saved."""

from __future__ import annotations

from typing import Any

import pytest

from core.changelog import change_context
from core.models import ChangeLoggedModel, ObjectChange
from core.services import fields_changed_since, history_for
from portfolio import services
from portfolio.models import Measure

pytestmark = pytest.mark.django_db


def test_a_versioned_save_logs_its_version_in_a_field(office_user, make_measure, actor_a):
    measure = make_measure(actor_a, budget={2021: 1000})
    with change_context(user=office_user):
        services.measure_update(
            measure=measure,
            by=office_user,
            fields={"name": "Renamed"},
            expected_version=measure.version,
            budget_lines=[{"year": 2021, "kind": "investment", "planned": "2000"}],
        )
    rows = list(history_for(measure).filter(version=2))
    assert {r.content_type.model for r in rows} == {"measure", "budgetline"}


def test_conflicts_are_found_from_the_version_field_whatever_the_message(
    office_user, make_measure, actor_a
):
    measure = make_measure(actor_a, budget={2021: 1000})
    with change_context(user=office_user):
        services.measure_update(
            measure=measure,
            by=office_user,
            fields={"name": "Changed by someone else"},
            budget_lines=[{"year": 2021, "kind": "investment", "planned": "3000"}],
        )
    # The message is free text: rewriting it must not hide (or invent) a conflict.
    history_for(measure).update(message="edited by hand")
    assert fields_changed_since(measure, 1) == ["budget_lines.planned", "name"]
    assert fields_changed_since(measure, 2) == []
    stale = Measure.objects.get(pk=measure.pk)
    with pytest.raises(services.VersionConflict) as caught:
        services.measure_update(
            measure=stale, by=office_user, fields={"purpose": "Mine"}, expected_version=1
        )
    assert caught.value.changed_fields == ["budget_lines.planned", "name"]


def test_loading_a_list_takes_no_snapshot_and_a_save_takes_one(monkeypatch, make_measure, actor_a):
    for _ in range(30):
        make_measure(actor_a, budget={2021: 100})
    taken: list[str] = []
    original = ChangeLoggedModel.change_snapshot
    stored = ChangeLoggedModel.stored_snapshot

    def counting(self: Any, only: Any = None) -> dict[str, Any]:
        taken.append(type(self).__name__)
        return original(self, only)

    def counting_stored(self: Any, only: Any = None) -> dict[str, Any]:
        taken.append("stored " + type(self).__name__)
        return stored(self, only)

    monkeypatch.setattr(ChangeLoggedModel, "change_snapshot", counting)
    monkeypatch.setattr(ChangeLoggedModel, "stored_snapshot", counting_stored)
    rows = list(Measure.objects.prefetch_related("budget_lines"))
    assert len(rows) >= 30 and all(r.budget_lines.all() for r in rows[:30])
    assert taken == []

    rows[0].name = "Only this one"
    rows[0].save()
    assert taken == ["stored Measure", "Measure"]
    change = history_for(rows[0]).first()
    assert change.changes["name"][1] == "Only this one"
    assert change.changes["name"][0] != "Only this one"


def test_an_update_fields_save_logs_only_those_fields(make_measure, actor_a):
    measure = make_measure(actor_a)
    measure.name, measure.purpose = "New name", "Not saved"
    measure.save(update_fields=["name"])
    change = ObjectChange.objects.filter(object_id=str(measure.pk)).first()
    assert change.action == "update" and set(change.changes) == {"name"}


def test_an_unchanged_save_logs_nothing(make_measure, actor_a):
    measure = make_measure(actor_a)
    before = ObjectChange.objects.count()
    Measure.objects.get(pk=measure.pk).save()
    assert ObjectChange.objects.count() == before
