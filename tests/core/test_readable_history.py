"""The history as people read it: labels, names and links, Ja/Nei, kroner and dates in the
Norwegian form, one entry per change, and who made it (organisation only for the public)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.changelog import change_context
from core.history import money, readable_history, translate_stored
from core.services import history_for
from portfolio import services
from portfolio.models import Measure

pytestmark = pytest.mark.django_db


def _lines(entry: Any) -> dict[str, str]:
    """label -> "old → new" (or "verb new") as the template writes it."""
    out = {}
    for item in entry.items:
        for line in item.lines:
            new = ", ".join(v.text for v in line.new)
            if line.verb:
                out[line.label] = f"{line.verb} {new}"
            else:
                old = ", ".join(v.text for v in line.old)
                out[line.label] = f"{old} → {new}" if line.old and line.new else old or new
    return out


@pytest.fixture
def changed(make_measure: Any, make_user: Any, actor_a: Any, actor_b: Any) -> dict[str, Any]:
    office = make_user("kari", "portfolio_office")
    office.first_name, office.last_name = "Kari", "Kontor"
    office.save()
    measure = make_measure(actor_a, total_cost_frame=Decimal("1000"))
    with change_context(user=office, request_id=uuid.uuid4()):
        services.measure_update(
            measure=Measure.objects.get(pk=measure.pk),
            by=office,
            fields={
                "owner": actor_b,
                "partners": [actor_a],
                "criterion_strategy": True,
                "total_cost_frame": Decimal("2500000.50"),
                "start_date": dt.date(2021, 3, 1),
                "phase": "execution",
            },
        )
    return {"measure": measure, "office": office, "a": actor_a, "b": actor_b}


def test_a_change_reads_with_labels_names_yes_no_money_and_dates(changed: dict[str, Any]) -> None:
    with translation.override("nb"):
        entries = readable_history(history_for(changed["measure"]))
        newest = entries[0]
        lines = _lines(newest)
        assert lines["Eier"] == f"{changed['a'].short_name} → {changed['b'].short_name}"
        assert lines["Samarbeidspartnere"] == f"lagt til {changed['a'].short_name}"
        assert lines["Er vesentlig for den nasjonale e-helsestrategien"] == "Nei → Ja"
        assert (
            lines["Samlet kostnadsramme (kr)"]
            == "1\u00a0000\u00a0kr → 2\u00a0500\u00a0000,50\u00a0kr"
        )
        assert lines["Start"] == "– → 01.03.2021"
        assert lines["Fase"].endswith("→ Gjennomføring")
    # The same change speaks English to an English reader.
    with translation.override("en"):
        lines = _lines(readable_history(history_for(changed["measure"]))[0])
        assert "Owner" in lines and lines["Is essential to the national e-health strategy"] == (
            "No → Yes"
        )


def test_one_save_is_one_entry_and_names_who_and_their_organisation(
    changed: dict[str, Any],
) -> None:
    with translation.override("nb"):
        entries = readable_history(history_for(changed["measure"]))
    newest = entries[0]
    # The field save and the partners' many-to-many change are one request: one entry.
    assert (
        len(newest.items) == 1
        and "Samarbeidspartnere" in _lines(newest)
        and "Eier" in _lines(newest)
    )
    assert newest.who == "Kari Kontor" and newest.organisation == "Porteføljekontoret"
    assert newest.message == "versjon 2"  # stored as "version 2"
    # Links go to the objects named; the owner's old and new values are names, not ids.
    texts = [v.text for item in newest.items for line in item.lines for v in line.old + line.new]
    assert str(changed["a"].pk) not in texts and str(changed["b"].pk) not in texts
    created = entries[-1]  # the measure's creation lists its fields, but never its id
    assert created.items[0].action == "Opprettet" and "ID" not in _lines(created)


def test_the_public_sees_the_organisation_but_no_name_and_no_links(
    changed: dict[str, Any],
) -> None:
    with translation.override("nb"):
        newest = readable_history(history_for(changed["measure"]), public=True)[0]
    assert newest.who == "" and newest.organisation == "Porteføljekontoret"
    assert all(not v.url for item in newest.items for line in item.lines for v in line.new)


def test_history_reads_names_in_a_fixed_number_of_queries(
    make_measure: Any, make_user: Any, actor_a: Any, actor_b: Any
) -> None:
    def count(n: int) -> int:
        office = make_user(f"o{n}", "portfolio_office")
        measure = make_measure(actor_a)
        for i in range(n):
            with change_context(user=office, request_id=uuid.uuid4()):
                services.measure_update(
                    measure=Measure.objects.get(pk=measure.pk),
                    by=office,
                    fields={"owner": actor_b if i % 2 == 0 else actor_a, "name": f"Navn {i}"},
                )
        rows = list(history_for(measure))
        from django.db import connection

        with CaptureQueriesContext(connection) as ctx:
            readable_history(rows)
        return len(ctx.captured_queries)

    assert count(2) == count(8)


def test_stored_messages_follow_the_reader() -> None:
    with translation.override("nb"):
        # Stored in English by a worker without a language; read in bokmål.
        assert translate_stored("Promoted to measure K-1") == "Gjort om til tiltak K-1"
        assert translate_stored("Noe en person skrev") == "Noe en person skrev"
    with translation.override("en"):
        assert translate_stored("Gjort om til tiltak K-1") == "Promoted to measure K-1"
        assert translate_stored("versjon 4") == "version 4"


def test_money_is_grouped_in_kroner() -> None:
    assert money(Decimal("2500000.50")) == "2\u00a0500\u00a0000,50\u00a0kr"
    assert money(Decimal("2500000")) == "2\u00a0500\u00a0000\u00a0kr"


def test_a_reverse_relation_change_names_the_related_objects(reference_data: None) -> None:
    from core.models import ObjectChange
    from core.services import record_change
    from covid_intake.models import Suggestion

    main = Suggestion.objects.create(reference="K-2099-0001", title="Hovedforslag", description="x")
    dup = Suggestion.objects.create(reference="K-2099-0002", title="Dublett", description="y")
    with change_context(request_id=uuid.uuid4()):
        record_change(
            main,
            action=ObjectChange.Action.UPDATE,
            changes={"merged_suggestions": {"added": [dup.pk]}},
        )
    with translation.override("nb"):
        newest = readable_history(history_for(main))[0]
    line = newest.items[0].lines[0]
    assert line.verb == "lagt til" and [v.text for v in line.new] == [str(dup)]
    assert line.new[0].url == f"/intake/suggestions/{dup.pk}/"
