"""The public overview and open data show every published measure and nothing else."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def measures(make_measure: Any, actor_a: Any, actor_b: Any) -> dict[str, Any]:
    return {
        "public": [
            make_measure(actor_a, code="PUB-A", budget={2020: 1000, 2021: 2500}),
            make_measure(actor_b, code="PUB-B", budget={2020: 700}),
        ],
        "hidden": [
            make_measure(actor_a, code="DRAFT-X", state="draft", published=False),
            make_measure(actor_a, code="SUBMIT-X", state="submitted", published=True),
            make_measure(actor_b, code="UNPUB-X", published=False),
            make_measure(actor_b, code="ARCH-X", archived_at="2020-06-01T00:00:00Z"),
        ],
    }


def _assert_only_public(text: str, measures: dict[str, Any]) -> None:
    for m in measures["public"]:
        assert m.code in text
    for m in measures["hidden"]:
        assert m.code not in text


def test_the_public_pages_need_no_login_and_show_only_published_measures(
    client: Any, measures: dict[str, Any]
) -> None:
    page = client.get("/public/")
    assert page.status_code == 200
    text = page.content.decode()
    _assert_only_public(text, measures)
    assert "Helse Vest" in text and "2021" in text and 'id="public-by-actor"' in text
    assert client.get("/public/measures/PUB-A/").status_code == 200
    for m in measures["hidden"]:
        assert client.get(f"/public/measures/{m.code}/").status_code == 404
    assert client.get("/public/data/").status_code == 200


def _body(response: Any) -> bytes:
    """The whole body of a download (streamed the first time, a stored file afterwards)."""
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("name", ["measures", "budget-lines"])
def test_open_data_downloads_contain_only_published_measures(
    client: Any, measures: dict[str, Any], name: str
) -> None:
    as_csv = client.get(f"/public/data/{name}.csv")
    assert as_csv["Content-Type"].startswith("text/csv")
    csv_text = _body(as_csv).decode()
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    as_json = json.loads(_body(client.get(f"/public/data/{name}.json")))
    assert as_json["count"] == len(as_json["results"]) == len(rows)
    _assert_only_public(csv_text, measures)
    _assert_only_public(json.dumps(as_json), measures)
    xlsx = client.get(f"/public/data/{name}.xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(_body(xlsx))).active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    _assert_only_public(cells, measures)
    if name == "measures":
        by_code = {r["code"]: r for r in rows}
        assert set(by_code) == {"PUB-A", "PUB-B"}
        assert by_code["PUB-A"]["budget_2021"] == "2500.00"
        assert by_code["PUB-B"]["budget_2021"] == "0.00"
        assert {r["code"] for r in as_json["results"]} == {"PUB-A", "PUB-B"}
        assert as_json["results"][0]["budget_2020"] == "1000.00"  # money as decimal strings


def test_the_public_list_runs_a_fixed_number_of_queries(
    client: Any, make_measure: Any, actor_a: Any, actor_b: Any
) -> None:
    make_measure(actor_a, budget={2020: 1})

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/public/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(8):
        make_measure(actor_b if i % 2 else actor_a, budget={2020: 10, 2021: 5})
    assert count() == few


def test_budget_lines_come_in_code_year_kind_order_across_measure_chunks(
    client: Any, make_measure: Any, actor_a: Any, monkeypatch: Any
) -> None:
    """Read a chunk of measures at a time (chunk of 2 here), the file is still ordered by
    measure code, year and kind, as a plain sort of the database rows says."""
    from decimal import Decimal

    from portfolio.models import BudgetLine
    from portfolio.views import public

    monkeypatch.setattr(public, "CHUNK", 2)
    for code in ["Z-9", "A-1", "M-5", "C-3", "B-2"]:  # created out of code order
        m = make_measure(actor_a, code=code, budget={2022: 10, 2020: 20})
        BudgetLine.objects.create(measure=m, year=2020, kind="operating", planned=Decimal(5))
    make_measure(actor_a, code="AA-0", published=False, budget={2020: 1})
    rows = list(
        csv.DictReader(io.StringIO(_body(client.get("/public/data/budget-lines.csv")).decode()))
    )

    expected = sorted(
        (line.measure.code, line.year, line.kind)
        for line in BudgetLine.objects.select_related("measure").filter(measure__published=True)
    )
    assert [(r["measure_code"], int(r["year"]), r["kind"]) for r in rows] == expected
    assert len(rows) == 15
