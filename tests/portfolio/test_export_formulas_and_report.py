"""No export writes a formula (OWASP CSV injection), and the report layout for people."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from core import spreadsheet
from portfolio import io as measure_io
from portfolio import selectors
from portfolio.models import Measure, StatusReport

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://evil.example","klikk")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def _csv_cells(body: bytes, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def _xlsx_cells(body: bytes) -> list[Any]:
    sheet = load_workbook(io.BytesIO(body)).active
    return [c for row in sheet.iter_rows() for c in row]


def _assert_no_formula_text(values: list[Any]) -> None:
    bad = [v for v in values if isinstance(v, str) and v.startswith(FORMULA_STARTS)]
    assert bad == []


@pytest.fixture
def hostile(make_measure: Any, actor_a: Any) -> list[Measure]:
    return [
        make_measure(
            actor_a,
            code=f"EVIL-{i}",
            name=text,
            purpose=text,
            contact_name=text,
            budget={2020: 1000},
        )
        for i, text in enumerate(HOSTILE)
    ]


def test_neutralise_prefixes_exactly_the_formula_starts_and_is_undone() -> None:
    for text in HOSTILE:
        assert spreadsheet.neutralise(text) == "'" + text
        assert spreadsheet.unneutralise(spreadsheet.neutralise(text)) == text
    for text in ("Helse Vest", "a=b", "'quoted", "", "1-2"):
        assert spreadsheet.neutralise(text) == text
        assert spreadsheet.unneutralise(text) == text


@pytest.mark.parametrize("layout", ["import", "report"])
def test_staff_csv_exports_contain_no_formula(hostile: Any, client: Any, layout: str) -> None:
    response = client.get(f"/measures/export/?format=csv&layout={layout}")
    assert response.status_code == 200
    delimiter = ";" if layout == "report" else ","
    cells = [c for row in _csv_cells(_body(response), delimiter) for c in row]
    _assert_no_formula_text(cells)
    assert any(c == "'" + HOSTILE[0] for c in cells)


@pytest.mark.parametrize("layout", ["import", "report"])
def test_staff_xlsx_exports_contain_no_formula(hostile: Any, client: Any, layout: str) -> None:
    body = _body(client.get(f"/measures/export/?format=xlsx&layout={layout}"))
    cells = _xlsx_cells(body)
    assert all(c.data_type != "f" for c in cells)
    _assert_no_formula_text([c.value for c in cells])
    with zipfile.ZipFile(io.BytesIO(body)) as book:
        assert b"<f>" not in book.read("xl/worksheets/sheet1.xml")


@pytest.mark.parametrize("name", ["measures", "budget-lines"])
def test_open_data_contains_no_formula(hostile: Any, client: Any, name: str) -> None:
    cells = [c for row in _csv_cells(_body(client.get(f"/public/data/{name}.csv"))) for c in row]
    _assert_no_formula_text(cells)
    xlsx = _xlsx_cells(_body(client.get(f"/public/data/{name}.xlsx")))
    assert all(c.data_type != "f" for c in xlsx)
    _assert_no_formula_text([c.value for c in xlsx])
    if name == "measures":
        assert "'" + HOSTILE[0] in cells
        # JSON is data, not a spreadsheet: the name as it is
        data = json.loads(_body(client.get("/public/data/measures.json")))
        assert HOSTILE[0] in {r["name"] for r in data["results"]}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_neutralised_export_reimports_without_change(
    hostile: Any, office_user: Any, kind: str
) -> None:
    qs = measure_io.export_queryset(selectors.measures_visible_to(office_user).order_by("code"))
    data = measure_io.csv_bytes(qs) if kind == "csv" else measure_io.xlsx_bytes(qs)
    result = measure_io.import_measures(
        by=office_user, data=data, filename=f"x.{kind}", dry_run=True
    )
    assert result.ok, result.errors
    assert result.changes == 0
    # the texts themselves survive (control characters at the edges are trimmed by the import)
    table = measure_io.read_table(data, f"x.{kind}")
    name_col = measure_io.COLUMNS.index("name")
    read = {str(cells[name_col]) for _n, cells in table[1:]}
    assert "'" + HOSTILE[0] in read


# ---------------------------------------------------------------- report layout


@pytest.fixture
def report_measures(make_measure: Any, actor_a: Any, actor_b: Any) -> dict[str, Measure]:
    from portfolio.models import BudgetLine, ReportingPeriod

    a = make_measure(actor_a, code="REP-A", budget={2020: 1000, 2022: 250})
    BudgetLine.objects.create(
        measure=a, year=2020, kind="operating", planned=Decimal("0.50"), funding_source="state"
    )
    b = make_measure(actor_b, code="REP-B", state="submitted", published=False)
    period = ReportingPeriod.objects.order_by("start").first()
    report = StatusReport.objects.create(
        measure=a, period=period, overall="red", cost="red", schedule="red", benefits="red"
    )
    Measure.objects.filter(pk=a.pk).update(latest_status=report)
    return {"a": a, "b": b}


def test_report_csv_is_for_norwegian_excel(report_measures: Any, client: Any, office_user: Any):
    client.force_login(office_user)
    client.cookies["django_language"] = "nb"
    response = client.get("/measures/export/?format=csv&layout=report&sort=code")
    body = _body(response)
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    rows = _csv_cells(body, ";")
    header = rows[0]
    assert header[:3] == ["Kode", "Navn", "Eier"]
    assert "Budsjett 2020 (kr)" in header and "Budsjett 2022 (kr)" in header
    assert "Budsjett 2021 (kr)" not in header  # only years with budget lines
    by_code = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert set(by_code) == {"REP-A", "REP-B"}  # one row per measure
    a = by_code["REP-A"]
    assert a["Budsjett 2020 (kr)"] == "1000,50"  # both lines of 2020, decimal comma
    assert a["Budsjett 2022 (kr)"] == "250"
    assert a["Status (RAG)"] == "Rød"
    assert a["Tilstand"] == "Tatt inn"
    assert by_code["REP-B"]["Tilstand"] == "Sendt inn"
    assert by_code["REP-B"]["Status (RAG)"] == "Ikke rapportert"


def test_report_xlsx_has_widths_frozen_header_and_numbers(
    report_measures: Any, client: Any, office_user: Any
) -> None:
    client.force_login(office_user)
    body = _body(client.get("/measures/export/?format=xlsx&layout=report&sort=code"))
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width and sheet.column_dimensions["B"].width > 20
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)}
    money_header = next(h for h in header if "2020" in h)
    assert rows["REP-A"][money_header] == pytest.approx(1000.5)
    assert len(rows) == 2


def test_import_layout_stays_the_default_for_machines(report_measures: Any, client: Any) -> None:
    rows = _csv_cells(_body(client.get("/measures/export/?format=csv")))
    assert rows[0] == measure_io.COLUMNS
    assert client.get("/measures/export/?format=csv&layout=fancy").status_code == 400
