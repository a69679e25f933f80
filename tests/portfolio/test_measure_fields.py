"""One declaration of a measure's fields (portfolio/measure_fields.py) reaches the form, the
API, the import, the export and the API's list rows, and nothing else does.

The check a new maintainer relies on: add a field to `Measure`, add ONE line to
`MEASURE_FIELDS`, and these tests pass; forget the line and the completeness test fails.
"""

from __future__ import annotations

import csv
import io

import pytest

from portfolio import io as measure_io
from portfolio import measure_fields as mf
from portfolio import selectors
from portfolio.api import measure_rows
from portfolio.api.serializers import MeasureSerializer
from portfolio.forms import MeasureForm
from portfolio.io import parser, writer
from portfolio.models import Measure

DECLARED = [f.name for f in mf.MEASURE_FIELDS]
# Model fields that are deliberately not part of the declaration: the workflow, the change
# log and the list's denormalised status set them, never a form, an API write or a file.
NOT_DECLARED = {"id", "state", "archived_at", "version", "latest_status", "created", "updated"}
# What the API adds to the declared fields (read-only, or the nested budget lines).
API_EXTRAS = {
    "id",
    "owner_detail",
    "meets_entry_criteria",
    "state",
    "version",
    "archived_at",
    "budget_lines",
    "latest_status",
    "created",
    "updated",
}


def test_every_model_field_is_declared_or_deliberately_left_out():
    model_fields = {
        f.name for f in Measure._meta.get_fields() if f.concrete and not f.auto_created
    } | {"id"}
    assert set(DECLARED) | NOT_DECLARED == model_fields
    assert not set(DECLARED) & NOT_DECLARED
    assert len(DECLARED) == len(set(DECLARED))


def test_every_declared_kind_is_known_to_each_reader_and_writer():
    kinds = {f.kind for f in mf.MEASURE_FIELDS}
    assert kinds <= set(writer.CELL)
    assert kinds <= set(parser.READ) | set(mf.MANY)
    assert kinds <= set(measure_rows.VALUE)


def test_the_form_has_exactly_the_declared_form_fields(db):
    form = MeasureForm(office=True)
    assert set(form.fields) - {"version"} == {f.name for f in mf.MEASURE_FIELDS if f.form}


def test_the_api_has_the_declared_fields_and_only_read_only_extras():
    fields = MeasureSerializer().fields
    declared_api = {f.name for f in mf.MEASURE_FIELDS if f.api}
    assert set(fields) == declared_api | API_EXTRAS
    writable = {name for name, field in fields.items() if not field.read_only}
    assert writable - {"budget_lines"} == declared_api


def test_the_export_header_is_the_declared_columns_then_the_budget_columns():
    header = next(csv.reader(io.StringIO(measure_io.csv_bytes([]).decode("utf-8-sig"))))
    io_headers = [f.header for f in mf.MEASURE_FIELDS if f.io]
    assert header == io_headers + measure_io.BUDGET_COLUMNS
    assert io_headers == measure_io.MEASURE_COLUMNS


@pytest.mark.django_db
def test_an_export_row_carries_every_declared_field_and_the_parser_reads_each_back(
    demo_portfolio, office_user
):
    measures = measure_io.export_queryset(selectors.measures_visible_to(office_user))
    measure = measures.filter(partners__isnull=False, budget_lines__isnull=False).first()
    data = measure_io.csv_bytes([measure])
    parsed = parser.parse_file(data, "x.csv")
    assert parsed.errors == []
    (p,) = parsed.measures
    assert list(p.fields) == [f.name for f in mf.MEASURE_FIELDS if f.io]
    for spec in mf.IO_FIELDS:
        value = p.fields[spec.name]
        if spec.kind in mf.MANY:
            assert {o.pk for o in value} == {o.pk for o in getattr(measure, spec.name).all()}
        else:
            assert value == getattr(measure, spec.name), spec.name


@pytest.mark.django_db
@pytest.mark.parametrize("column", [f.header for f in mf.MEASURE_FIELDS if f.io])
def test_the_import_requires_every_declared_column(column, office_user):
    header = [c for c in measure_io.COLUMNS if c != column]
    result = measure_io.import_measures(
        by=office_user, data=(",".join(header) + "\n").encode(), filename="x.csv"
    )
    assert [(e.column, e.message) for e in result.errors] == [(column, "column is missing")]


def test_the_list_rows_carry_the_declared_api_fields():
    paths = set(measure_rows.ROW_FIELDS)
    for spec in mf.MEASURE_FIELDS:
        if not spec.api:
            continue
        if spec.kind in mf.MANY:
            assert spec.name in measure_rows.M2M
        elif spec.kind in mf.FOREIGN_KEYS:
            assert f"{spec.name}_id" in paths
        else:
            assert spec.name in paths


@pytest.mark.django_db
def test_the_form_page_shows_every_declared_form_field(client, office_user, reference_data):
    client.force_login(office_user)
    html = client.get("/measures/new/").content.decode()
    for spec in mf.MEASURE_FIELDS:
        if spec.form:
            assert f'name="{spec.name}"' in html, spec.name


def test_a_field_the_template_does_not_place_is_rendered_after_the_others(db):
    form = MeasureForm(office=True)
    assert form.other_fields() == []
    form.fields["extra_note"] = form.fields["name"].__class__(required=False)
    assert [f.name for f in form.other_fields()] == ["extra_note"]
