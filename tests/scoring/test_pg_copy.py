"""The bulk column reader: the same arrays through PostgreSQL's bytea aggregate or fetchall."""

from __future__ import annotations

import pytest
from django.db import connection

from scoring import pg_copy
from scoring.models import Score

pytestmark = pytest.mark.django_db


def test_fetch_columns_reads_bigints_and_floats(scoring_models, three_measures):
    from tests.scoring.conftest import run_recompute

    run_recompute()
    table = Score._meta.db_table
    cols = pg_copy.fetch_columns(
        f"SELECT object_id, CAST(ROUND(value * 100) AS BIGINT), "
        f"CAST(value AS DOUBLE PRECISION) FROM {table} WHERE target = %s ORDER BY object_id",
        ["measure"],
        ("object_id", "cents", "value"),
        floats=("value",),
    )
    expected = list(Score.objects.order_by("object_id").values_list("object_id", "value"))
    assert cols["object_id"].tolist() == [o for o, _ in expected]
    assert cols["cents"].tolist() == [int(v * 100) for _, v in expected]
    assert cols["value"].tolist() == [float(v) for _, v in expected]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bytea read is PostgreSQL's")
def test_a_null_is_refused_not_misaligned():
    sql = "SELECT 1, 10 UNION ALL SELECT 2, NULL UNION ALL SELECT 3, 30"
    with pytest.raises(ValueError, match="a, b: a column read in bulk must not be NULL"):
        pg_copy.fetch_columns(sql, [], ("a", "b"))
    ordered = pg_copy.fetch_columns("SELECT 2, 20 UNION ALL SELECT 1, 10", [], ("a", "b"))
    assert ordered["a"].tolist() == [1, 2] and ordered["b"].tolist() == [10, 20]
