"""The summary is cached under the portfolio's data version, which database triggers bump on
every write — whatever wrote it — so a cached summary is never stale."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import data_version
from portfolio import selectors
from portfolio.models import Actor, BudgetLine, Measure, Segment

pytestmark = pytest.mark.django_db


def _summary_queries(**kwargs):
    with CaptureQueriesContext(connection) as ctx:
        summary = selectors.cached_summary(year=2020, **kwargs)
    return summary, len(ctx.captured_queries)


def test_a_repeated_summary_comes_from_the_cache(demo_portfolio):
    first, cold = _summary_queries()
    again, warm = _summary_queries()
    assert again == first
    assert warm == 1 < cold  # only the data version is read


@pytest.mark.parametrize(
    "write",
    [
        lambda m: BudgetLine.objects.filter(measure=m, year=2020).update(planned=Decimal("1")),
        lambda m: Measure.objects.filter(pk=m.pk).update(published=False),
        lambda m: Segment.objects.filter(pk=m.segment_id).update(name="Renamed segment"),
        lambda m: Actor.objects.filter(pk=m.owner_id).update(short_name="Renamed"),
        lambda m: BudgetLine.objects.filter(measure=m).delete(),
    ],
    ids=["budget update()", "unpublish update()", "segment", "actor", "line delete"],
)
def test_any_write_bumps_the_version_and_the_summary_follows(demo_portfolio, write):
    measure = Measure.objects.filter(published=True, budget_lines__year=2020).distinct().first()
    before = selectors.cached_summary(year=2020)
    version = data_version.current("portfolio")
    write(measure)
    assert data_version.current("portfolio") > version
    after = selectors.cached_summary(year=2020)
    fresh = selectors.portfolio_summary(
        year=2020, measures=selectors.portfolio_measures(AnonymousUser())
    )
    assert after == fresh
    assert after != before


def test_raw_sql_writes_bump_the_version_too(demo_portfolio):
    version = data_version.current("portfolio")
    with connection.cursor() as cur:
        cur.execute("UPDATE portfolio_budgetline SET planned = planned + 1 WHERE year = 2020")
    assert data_version.current("portfolio") > version


def test_scopes_are_cached_apart(demo_portfolio, office_user, rep_a):
    public = selectors.cached_summary(year=2020)
    office = selectors.cached_summary(year=2020, user=office_user)
    assert office == selectors.portfolio_summary(
        year=2020, measures=selectors.portfolio_measures(office_user)
    )
    assert public == selectors.portfolio_summary(
        year=2020, measures=selectors.portfolio_measures(AnonymousUser())
    )
    rep = selectors.cached_summary(year=2020, user=rep_a)
    assert rep == selectors.portfolio_summary(
        year=2020, measures=selectors.portfolio_measures(rep_a)
    )


def test_the_counter_row_comes_back_after_a_flush(demo_portfolio):
    from core.models import DataVersion

    DataVersion.objects.all().delete()  # what `manage.py flush` (and a transactional test) does
    Measure.objects.filter(pk=Measure.objects.first().pk).update(published=False)
    assert data_version.current("portfolio") >= 1
