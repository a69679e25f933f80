"""The staff UI's export of the filtered list and the office's upload page."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portfolio import io as measure_io
from portfolio.models import Measure

pytestmark = pytest.mark.django_db


def _body(response: Any) -> bytes:
    """The whole body of a (streamed) download."""
    return b"".join(response.streaming_content)


def _codes(body: bytes, kind: str) -> list[str]:
    table = measure_io.read_table(body, f"x.{kind}")
    return list(dict.fromkeys(cells[0] for _n, cells in table[1:]))


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_of_filtered_list_has_exactly_the_filtered_rows(demo_portfolio, client, kind):
    query = "phase=execution&sort=-code"
    page = client.get(f"/measures/?{query}&page_size=500")
    expected = [m.code for m in page.context["measures"]]
    assert 0 < len(expected) < 52
    response = client.get(f"/measures/export/?format={kind}&{query}")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{kind}"')
    assert _codes(_body(response), kind) == expected


def test_export_query_count_does_not_grow_with_rows(demo_portfolio, client):
    def count(query: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/measures/export/?format=csv&{query}")
            assert response.status_code == 200
            _body(response)  # the rows are read while the download streams
        return len(ctx.captured_queries)

    assert count("phase=execution") == count("")


def test_list_page_links_to_export_with_the_current_filters(demo_portfolio, client):
    body = client.get("/measures/?phase=execution&page=1").content.decode()
    assert "/measures/export/?phase=execution&amp;format=csv" in body
    assert "/measures/export/?phase=execution&amp;format=xlsx" in body


def test_anonymous_export_has_published_measures_only(
    demo_portfolio, client, actor_b, make_measure
):
    make_measure(actor_b, code="SECRET-1", state="draft", published=False)
    assert "SECRET-1" not in _codes(_body(client.get("/measures/export/?format=csv")), "csv")


def test_unknown_export_format_is_refused(demo_portfolio, client):
    assert client.get("/measures/export/?format=pdf").status_code == 400


def test_anonymous_is_sent_to_login_and_representative_is_refused(reference_data, client, rep_a):
    response = client.get("/measures/import/")
    assert response.status_code == 302 and "/login" in response["Location"]
    client.force_login(rep_a)
    assert client.get("/measures/import/").status_code == 403
    upload = SimpleUploadedFile("x.csv", b"code\n")
    assert client.post("/measures/import/", {"file": upload}).status_code == 403


def _upload(rows: list[list[str]], name: str = "x.csv") -> SimpleUploadedFile:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode())


def _rows(**overrides: Any) -> list[list[str]]:
    from tests.portfolio.test_import_export import _row

    return [measure_io.COLUMNS, _row(**overrides)]


def test_upload_page_defaults_to_a_dry_run(reference_data, client, office_user):
    client.force_login(office_user)
    body = client.get("/measures/import/").content.decode()
    assert 'name="dry_run"' in body and "checked" in body


def test_dry_run_upload_shows_error_table_and_writes_nothing(reference_data, client, office_user):
    client.force_login(office_user)
    response = client.post(
        "/measures/import/", {"file": _upload(_rows(owner="Helse Øst")), "dry_run": "on"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="import-errors"' in body
    assert "unknown actor &#x27;Helse Øst&#x27;" in body
    assert not Measure.objects.exists()


def test_dry_run_then_confirm_imports(reference_data, client, office_user):
    client.force_login(office_user)
    response = client.post("/measures/import/", {"file": _upload(_rows()), "dry_run": "on"})
    assert response.status_code == 200
    token = response.context["confirm_token"]
    assert "1 would be created" in response.content.decode()
    assert not Measure.objects.exists()
    response = client.post("/measures/import/", {"confirm": token})
    assert response.status_code == 302
    assert Measure.objects.filter(code="IMP-1").exists()
    again = client.post("/measures/import/", {"confirm": token})
    assert again.status_code == 302 and again["Location"].endswith("/measures/import/")
    assert Measure.objects.count() == 1


def test_confirm_with_a_foreign_token_does_nothing(reference_data, client, office_user):
    client.force_login(office_user)
    response = client.post("/measures/import/", {"confirm": "guessed"})
    assert response.status_code == 302
    assert not Measure.objects.exists()


def test_real_upload_without_dry_run_imports_at_once(reference_data, client, office_user):
    client.force_login(office_user)
    response = client.post("/measures/import/", {"file": _upload(_rows())})
    assert response.status_code == 302
    assert Measure.objects.filter(code="IMP-1").exists()
