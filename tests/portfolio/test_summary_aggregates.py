"""The summary's aggregates (portfolio.aggregates), kept by database triggers as writes
happen, always equal the summary computed from scratch: after budget lines are created,
changed, moved and deleted, measures move between owners/phases/segments or leave the
portfolio, and after an import."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.db.models import ProtectedError

from portfolio import aggregates, selectors
from portfolio import io as measure_io
from portfolio.choices import BudgetKind, MeasureState, Phase
from portfolio.models import Actor, BudgetLine, Measure, Segment, SummaryCell

pytestmark = pytest.mark.django_db

YEARS = range(2016, 2027)


def _cells() -> set[tuple]:
    """The non-empty cells (a cell emptied by deletes stays as zeros)."""
    return {
        (
            c.year,
            c.owner_id,
            c.segment_id,
            c.phase,
            c.published,
            c.measures,
            c.planned,
            c.investment,
            c.operating,
            c.actual,
        )
        for c in SummaryCell.objects.all()
        if c.measures or c.planned or c.actual or c.investment or c.operating
    }


def assert_agrees(*users: Any) -> None:
    for user in (AnonymousUser(), *users):
        for year in YEARS:
            fresh = selectors.portfolio_summary(
                year=year, measures=selectors.portfolio_measures(user)
            )
            assert aggregates.summary(year=year, user=user) == fresh, (user, year)
    kept = _cells()
    aggregates.rebuild()
    assert kept == _cells()


def _free_year(measure: Measure) -> int:
    return min(set(YEARS) - set(measure.budget_lines.values_list("year", flat=True)))


def _move_a_line(source: Measure, target: Measure, *, kind: bool = False) -> None:
    """Move one of `source`'s lines to `target` (or to the other cost kind) where it fits."""
    other = {
        BudgetKind.OPERATING: BudgetKind.INVESTMENT,
        BudgetKind.INVESTMENT: BudgetKind.OPERATING,
    }
    for line in source.budget_lines.all():
        to = {"measure": target, "kind": other[line.kind] if kind else line.kind}
        key = {"year": line.year, "funding_source": line.funding_source, **to}
        if not BudgetLine.objects.filter(**key).exists():
            BudgetLine.objects.filter(pk=line.pk).update(**to)
            return
    raise AssertionError("no line to move")


def _delete_a_measure() -> None:
    """Delete a published measure with budget lines that nothing protects."""
    for measure in Measure.objects.filter(published=True, budget_lines__isnull=False).distinct():
        try:
            with transaction.atomic():
                measure.delete()
            return
        except ProtectedError:
            continue
    raise AssertionError("no measure to delete")


def _measure() -> Measure:
    return (
        Measure.objects.filter(published=True, state=MeasureState.ACCEPTED, budget_lines__year=2020)
        .distinct()
        .order_by("code")
        .first()
    )


def test_the_demo_portfolio_agrees(demo_portfolio, office_user, rep_a):
    assert SummaryCell.objects.exists()
    assert_agrees(office_user, rep_a)


@pytest.mark.parametrize(
    "write",
    [
        lambda m: BudgetLine.objects.create(
            measure=m, year=_free_year(m), kind=BudgetKind.OPERATING, planned=Decimal("12.34")
        ),
        lambda m: BudgetLine.objects.filter(measure=m, year=2020).update(
            planned=Decimal("1.01"), actual=Decimal("7.5")
        ),
        lambda m: [
            (setattr(b, "planned", b.planned + Decimal("100.10")), b.save())
            for b in m.budget_lines.all()
        ],
        lambda m: BudgetLine.objects.filter(measure=m, year=2020).update(year=_free_year(m)),
        lambda m: _move_a_line(m, m, kind=True),
        lambda m: BudgetLine.objects.filter(measure=m, year=2020).delete(),
        lambda m: BudgetLine.objects.filter(measure=m).first().delete(),
        lambda m: _move_a_line(m, Measure.objects.exclude(pk=m.pk).order_by("-code").first()),
        lambda m: Measure.objects.filter(pk=m.pk).update(published=False),
        lambda m: Measure.objects.filter(pk=m.pk).update(state=MeasureState.SUBMITTED),
        lambda m: Measure.objects.filter(pk=m.pk).update(archived_at="2024-01-01T00:00:00Z"),
        lambda m: Measure.objects.filter(pk=m.pk).update(phase=Phase.STOPPED),
        lambda m: Measure.objects.filter(pk=m.pk).update(segment=None),
        lambda m: Measure.objects.filter(pk=m.pk).update(
            owner=Actor.objects.exclude(pk=m.owner_id).first(),
            segment=Segment.objects.exclude(pk=m.segment_id).first(),
        ),
        lambda m: Measure.objects.filter(state=MeasureState.ACCEPTED).update(published=True),
        lambda m: (
            Measure.objects.filter(pk=m.pk).update(state=MeasureState.SUBMITTED),
            Measure.objects.filter(pk=m.pk).update(state=MeasureState.ACCEPTED),
        ),
        lambda m: _delete_a_measure(),
    ],
    ids=[
        "line create",
        "line update()",
        "line save",
        "line year",
        "line kind",
        "lines delete",
        "line delete",
        "lines to another measure",
        "unpublish",
        "leaves by state",
        "archive",
        "phase",
        "no segment",
        "owner and segment",
        "publish all",
        "leaves and comes back",
        "measure delete",
    ],
)
def test_each_write_keeps_the_aggregates_right(demo_portfolio, office_user, rep_a, write):
    write(_measure())
    assert_agrees(office_user, rep_a)


def test_raw_sql_keeps_them_right(demo_portfolio, office_user):
    with connection.cursor() as cur:
        cur.execute("UPDATE portfolio_budgetline SET planned = planned + 1 WHERE year = 2020")
        cur.execute("DELETE FROM portfolio_budgetline WHERE year = 2021")
    assert_agrees(office_user)


def test_an_import_keeps_them_right(demo_portfolio, office_user, rep_a):
    qs = measure_io.export_queryset(selectors.measures_visible_to(office_user).order_by("code"))
    rows = list(csv.reader(io.StringIO(measure_io.csv_bytes(qs).decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    planned, year = header.index("planned"), header.index("budget_year")
    changed = 0
    for r in body:
        if r[year] == "2020" and r[planned]:
            r[planned] = str(Decimal(r[planned]) + Decimal("1000.25"))
            changed += 1
    assert changed
    body = [r for r in body if r[year] != "2021"]
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([header, *body])
    result = measure_io.import_measures(
        by=office_user, data=buffer.getvalue().encode(), filename="x.csv", dry_run=False
    )
    assert result.errors == [] and result.written
    assert_agrees(office_user, rep_a)


def test_the_cached_summary_reads_the_aggregates(demo_portfolio, office_user):
    measure = _measure()
    BudgetLine.objects.filter(measure=measure, year=2020).update(planned=Decimal("3"))
    fresh = selectors.portfolio_summary(
        year=2020, measures=selectors.portfolio_measures(office_user)
    )
    assert selectors.cached_summary(year=2020, user=office_user) == fresh


def test_the_summary_api_answers_304_until_a_write(client, demo_portfolio):
    url = "/api/v1/portfolio/summary/?year=2020"
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    other_year = client.get("/api/v1/portfolio/summary/?year=2021")
    assert other_year["ETag"] != first["ETag"]
    BudgetLine.objects.filter(measure=_measure(), year=2020).update(planned=Decimal("2"))
    after = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    assert after.json() != first.json()
