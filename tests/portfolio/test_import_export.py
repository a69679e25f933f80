"""Import and export of measures with budget lines (CSV and XLSX): round trip, validation,
all-or-nothing, permissions."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from core.models import ObjectChange
from portfolio import io as measure_io
from portfolio import selectors
from portfolio.models import BudgetLine, Measure

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, Any]:
    measures = list(Measure.objects.order_by("code").values())
    for m in measures:
        m.pop("updated")
    return {
        "measures": measures,
        "lines": list(BudgetLine.objects.order_by("id").values()),
        "m2m": {
            name: sorted(getattr(Measure, name).through.objects.values_list(*_through_cols(name)))
            for name in ("partners", "target_groups", "national_solutions", "strategic_goals")
        },
        "history": ObjectChange.objects.count(),
    }


def _through_cols(name: str) -> tuple[str, str]:
    through = getattr(Measure, name).through
    fks = [f.attname for f in through._meta.concrete_fields if f.is_relation]
    return fks[0], fks[1]


def _export(user: Any, kind: str) -> bytes:
    qs = measure_io.export_queryset(selectors.measures_visible_to(user).order_by("code"))
    return measure_io.csv_bytes(qs) if kind == "csv" else measure_io.xlsx_bytes(qs)


def _csv(rows: list[list[str]], delimiter: str = ",", bom: bool = False) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode()


def _row(**overrides: str) -> list[str]:
    values = {
        "code": "IMP-1",
        "name": "Importert tiltak",
        "purpose": "Test",
        "owner": "Helse Vest",
        "partners": "KS;NHN",
        "measure_type": "project",
        "segment": "Koordinering",
        "phase": "planning",
        "start_date": "2020-01-01",
        "end_date": "2022-12-31",
        "target_groups": "citizens",
        "national_solutions": "kjernejournal",
        "strategic_goals": "m1",
        "criterion_digitalisation_core": "true",
        "criterion_cross_actor": "true",
        "criterion_strategy": "false",
        "criteria_comment": "",
        "total_cost_frame": "1000000.00",
        "published": "false",
        "contact_name": "Ola",
        "contact_email": "ola@example.no",
        "budget_year": "2020",
        "budget_kind": "investment",
        "funding_source": "own",
        "planned": "1000.50",
        "actual": "",
    }
    values.update(overrides)
    return [values[c] for c in measure_io.COLUMNS]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_then_import_of_demo_portfolio_changes_nothing(demo_portfolio, office_user, kind):
    data = _export(office_user, kind)
    before = _snapshot()
    result = measure_io.import_measures(
        by=office_user, data=data, filename=f"demo.{kind}", dry_run=False
    )
    assert result.errors == []
    assert result.changes == 0
    assert len(result.unchanged) == Measure.objects.filter(archived_at__isnull=True).count() >= 52
    assert result.budget_lines == BudgetLine.objects.count()
    assert _snapshot() == before


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_round_trip_keeps_exact_money_dates_text_and_lists(reference_data, office_user, kind):
    text = {"purpose": "Linje 1\nLinje 2 = «sitat»", "criteria_comment": "=SUM(A1)"}
    data = _csv(
        [
            measure_io.COLUMNS,
            _row(**text),
            _row(
                **text,
                budget_year="2021",
                budget_kind="operating",
                planned="12345678901.99",
                actual="0.01",
            ),
            _row(code="IMP-2", budget_year="", budget_kind="", funding_source="", planned=""),
        ]
    )
    first = measure_io.import_measures(by=office_user, data=data, filename="a.csv", dry_run=False)
    assert first.errors == [] and sorted(first.created) == ["IMP-1", "IMP-2"]
    m = Measure.objects.get(code="IMP-1")
    assert m.criteria_comment == "=SUM(A1)"
    assert {(b.year, b.planned, b.actual) for b in m.budget_lines.all()} == {
        (2020, Decimal("1000.50"), None),
        (2021, Decimal("12345678901.99"), Decimal("0.01")),
    }
    assert not Measure.objects.get(code="IMP-2").budget_lines.exists()
    before = _snapshot()
    again = measure_io.import_measures(
        by=office_user, data=_export(office_user, kind), filename=f"x.{kind}", dry_run=False
    )
    assert again.errors == [] and again.changes == 0
    assert _snapshot() == before


def test_csv_with_semicolons_and_bom_is_read(reference_data, office_user):
    data = _csv([measure_io.COLUMNS, _row(planned="1000,50")], delimiter=";", bom=True)
    result = measure_io.import_measures(by=office_user, data=data, filename="a.csv")
    assert result.errors == []
    assert result.created == ["IMP-1"]


def test_dry_run_lists_every_bad_row_and_cell_and_writes_nothing(reference_data, office_user):
    data = _csv(
        [
            measure_io.COLUMNS,
            _row(owner="Helse Øst"),
            _row(code="IMP-2", start_date="2020-01-01", end_date="2019-01-01", planned="abc"),
            _row(code="IMP-3", planned="-5", phase="done", partners="KS;Nobody"),
            _row(code="IMP-3", name="Another name", budget_year="2021"),
            _row(code="IMP-4", contact_email="not-an-email", budget_year="1999"),
            _row(code="IMP-5", start_date="01.02.2020"),
        ]
    )
    before = _snapshot()
    result = measure_io.import_measures(by=office_user, data=data, filename="bad.csv")
    found = {(e.row, e.column) for e in result.errors}
    assert {
        (2, "owner"),
        (3, "end_date"),
        (3, "planned"),
        (4, "planned"),
        (4, "phase"),
        (4, "partners"),
        (5, "name"),
        (6, "contact_email"),
        (6, "budget_year"),
        (7, "start_date"),
    } <= found
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert messages[(2, "owner")] == "owner: unknown actor 'Helse Øst'"
    assert messages[(3, "end_date")] == "end_date 2019-01-01 is before start_date 2020-01-01"
    assert messages[(3, "planned")] == "planned: 'abc' is not a number"
    assert messages[(4, "planned")] == "planned: must not be negative"
    assert "differs from row 4" in messages[(5, "name")]
    assert _snapshot() == before


def test_real_run_with_one_bad_row_writes_nothing(demo_portfolio, office_user):
    rows = list(csv.reader(io.StringIO(_export(office_user, "csv").decode("utf-8-sig"))))
    for row in rows[1:]:
        if row[0] == rows[1][0]:
            row[measure_io.COLUMNS.index("name")] = "Changed name"
    rows.append(_row(code="NEW-1"))
    rows.append(_row(code="NEW-2", owner="Helse Øst"))
    before = _snapshot()
    result = measure_io.import_measures(
        by=office_user, data=_csv(rows), filename="x.csv", dry_run=False
    )
    assert [(e.row, e.column) for e in result.errors] == [(len(rows), "owner")]
    assert not result.written
    assert _snapshot() == before


def test_unknown_actor_is_refused_naming_row_and_column(reference_data, office_user):
    data = _csv([measure_io.COLUMNS, _row(), _row(budget_year="2021", owner="Helse Øst")])
    result = measure_io.import_measures(by=office_user, data=data, filename="x.csv", dry_run=False)
    assert any(
        e.row == 3 and e.column == "owner" and "unknown actor 'Helse Øst'" in e.message
        for e in result.errors
    )
    assert not Measure.objects.filter(code="IMP-1").exists()


def test_import_updates_through_services_with_history_saying_import(demo_portfolio, office_user):
    measure = Measure.objects.order_by("code").first()
    rows = list(csv.reader(io.StringIO(_export(office_user, "csv").decode("utf-8-sig"))))
    header = rows[0]
    mine = [r for r in rows[1:] if r[0] == measure.code]
    for r in mine:
        r[header.index("name")] = "Nytt navn"
    mine = [r for r in mine if r[header.index("budget_year")] != "2019"]
    data = _csv([header, *mine, _row(code="NEW-9")])
    dry = measure_io.import_measures(by=office_user, data=data, filename="x.csv")
    assert dry.created == ["NEW-9"]
    assert dry.updated == {measure.code: ["name", "budget_lines"]}
    assert Measure.objects.get(pk=measure.pk).name != "Nytt navn"
    result = measure_io.import_measures(by=office_user, data=data, filename="x.csv", dry_run=False)
    assert result.errors == [] and result.written
    measure.refresh_from_db()
    assert measure.name == "Nytt navn"
    assert measure.version == 2
    assert not measure.budget_lines.filter(year=2019).exists()
    new = ObjectChange.objects.filter(time__gte=measure.updated.replace(microsecond=0))
    rows_of_import = new.filter(user=office_user)
    assert rows_of_import.exists()
    assert set(rows_of_import.values_list("action", flat=True)) == {"import"}
    created = Measure.objects.get(code="NEW-9")
    assert created.budget_lines.count() == 1
    assert created.partners.count() == 2


def test_only_the_office_may_import(demo_portfolio, rep_a, integrator_token):
    with pytest.raises(PermissionDenied):
        measure_io.import_measures(by=rep_a, data=b"", filename="x.csv")
    with pytest.raises(PermissionDenied):
        measure_io.import_measures(by=integrator_token[0].user, data=b"", filename="x.csv")


def test_export_contains_own_drafts_but_not_other_actors_drafts(
    reference_data, actor_a, actor_b, rep_a, make_measure
):
    make_measure(actor_a, code="OWN-DRAFT", state="draft", published=False)
    make_measure(actor_b, code="OTHER-DRAFT", state="draft", published=False)
    make_measure(actor_b, code="OTHER-PUB", budget={2020: 5})
    for kind in ("csv", "xlsx"):
        table = measure_io.read_table(_export(rep_a, kind), f"x.{kind}")
        codes = {cells[0] for _n, cells in table[1:]}
        assert codes == {"OWN-DRAFT", "OTHER-PUB"}


# ---------------------------------------------------------------- command


def test_command_prints_problems_and_exits_non_zero(reference_data, office_user, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(_csv([measure_io.COLUMNS, _row(), _row(code="X-2", owner="Helse Øst")]))
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_measures", str(path), "--as", "office", stdout=out)
    assert "row 3\towner\towner: unknown actor 'Helse Øst'" in out.getvalue()
    assert not Measure.objects.filter(code="IMP-1").exists()


def test_command_exit_code_is_non_zero_on_errors(reference_data, office_user, tmp_path):
    import subprocess
    import sys

    from django.conf import settings

    path = tmp_path / "bad.csv"
    path.write_bytes(_csv([measure_io.COLUMNS, _row(planned="abc")]))
    if not settings.IS_POSTGRES:
        pytest.skip("a subprocess cannot see the in-memory SQLite test database")
    proc = subprocess.run(
        [sys.executable, "manage.py", "import_measures", str(path), "--dry-run"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0


def test_command_dry_run_and_real_run(reference_data, office_user, tmp_path):
    path = tmp_path / "ok.xlsx"
    csv_data = _csv([measure_io.COLUMNS, _row()])
    measure_io.import_measures(by=office_user, data=csv_data, filename="x.csv", dry_run=False)
    path.write_bytes(_export(office_user, "xlsx"))
    Measure.objects.filter(code="IMP-1").delete()
    out = io.StringIO()
    call_command("import_measures", str(path), "--dry-run", "--as", "office", stdout=out)
    assert "1 would be created" in out.getvalue()
    assert "Dry run" in out.getvalue()
    assert not Measure.objects.filter(code="IMP-1").exists()
    out = io.StringIO()
    call_command("import_measures", str(path), "--as", "office", stdout=out)
    assert "1 were created" in out.getvalue()
    assert Measure.objects.filter(code="IMP-1").exists()
    out = io.StringIO()
    call_command("import_measures", str(path), "--as", "office", stdout=out)
    assert "(0 changes)" in out.getvalue()


def test_command_refuses_a_representative(reference_data, rep_a, tmp_path):
    path = tmp_path / "ok.csv"
    path.write_bytes(_csv([measure_io.COLUMNS, _row()]))
    with pytest.raises(CommandError, match="office"):
        call_command("import_measures", str(path), "--as", "rep_a", stdout=io.StringIO())
