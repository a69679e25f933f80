"""Reads of the scoring app, scoped to the caller."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from core import data_version
from covid_intake.models import Suggestion
from portfolio.choices import MeasureState
from portfolio.models import BudgetLine, Measure
from portfolio.selectors import portfolio_measures
from roadmap.selectors import measure_prerequisites
from scoring import policies
from scoring.choices import JobStatus, Target
from scoring.models import Job, PrioritisedMeasure, Scenario, Score, ScoreHistory, ScoringModel
from scoring.optimiser import Item

T = TypeVar("T")


def targets_visible_to(user: Any, token: Any = None) -> list[str]:
    """The rule is `scoring.policies.visible_targets`."""
    return policies.visible_targets(user, token)


def scores_visible_to(user: Any, token: Any = None) -> QuerySet[Score]:
    return (
        policies.visible_scores(user, token)
        .select_related("model")
        .prefetch_related("model__criteria")
    )


SCORE_PAGES_CACHED = 5


def cached_score_page(user: Any, query: str, compute: Callable[[], T]) -> T:
    """One of the first pages of the score list (`query`: the request's URL, with its filters,
    ordering and page), cached under the scoring data version (bumped by database triggers on
    every write to scores, models and criteria) and the caller's visible targets: sorting the
    whole score table for a page is paid once per version, not per read."""
    scope = ",".join(sorted(policies.visible_targets(user)))
    return data_version.cached("scoring", ("score-page", scope, query), compute)


def models_visible_to(user: Any, token: Any = None) -> QuerySet[ScoringModel]:
    return policies.visible_scoring_models(user, token).prefetch_related("criteria")


def jobs_visible_to(user: Any, token: Any = None) -> QuerySet[Job]:
    return policies.visible_jobs(user, token)


def scenarios_visible_to(user: Any, token: Any = None) -> QuerySet[Scenario]:
    return policies.visible_scenarios(user, token)


def active_model(target: str) -> ScoringModel | None:
    return (
        ScoringModel.objects.filter(target=target, active=True).prefetch_related("criteria").first()
    )


def history_of(target: str, object_id: int) -> QuerySet[ScoreHistory]:
    return ScoreHistory.objects.filter(target=target, object_id=object_id).select_related("model")


def latest_jobs(limit: int = 5) -> list[Job]:
    return list(Job.objects.select_related("requested_by")[:limit])


def running_recompute() -> Job | None:
    return Job.objects.filter(
        kind="recompute", status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    ).first()


def prioritised_ids() -> set[int]:
    return set(PrioritisedMeasure.objects.values_list("measure_id", flat=True))


RANKING_PAGE_SIZE = 50


def _ranking_page(scores: QuerySet[Score], page_number: Any) -> Page:
    """One page of `scores`, best first; each row gets its rank in the whole ranking."""
    ordered = scores.select_related("model").prefetch_related("model__criteria")
    page = Paginator(ordered.order_by("-value", "object_id"), RANKING_PAGE_SIZE).get_page(
        page_number
    )
    page.object_list = [
        {"score": s, "rank": page.start_index() + n} for n, s in enumerate(page.object_list)
    ]
    return page


def measure_ranking(user: Any, page_number: Any = None) -> Page:
    """One page of the portfolio measures visible to the user with their scores, best first
    (the page's measures in one query, however large the portfolio)."""
    visible = portfolio_measures(user) if Target.MEASURE in targets_visible_to(user) else None
    scores = Score.objects.filter(target=Target.MEASURE)
    if visible is None:
        scores = scores.none()
    else:
        scores = scores.filter(object_id__in=visible.order_by().values("id"))
    page = _ranking_page(scores, page_number)
    ids = [row["score"].object_id for row in page.object_list]
    measures = visible.select_related("owner").in_bulk(ids) if visible is not None else {}
    chosen = prioritised_ids()
    page.object_list = [
        dict(
            row,
            object=measures[row["score"].object_id],
            prioritised=row["score"].object_id in chosen,
        )
        for row in page.object_list
        if row["score"].object_id in measures
    ]
    return page


def suggestion_ranking(user: Any, page_number: Any = None) -> Page:
    scores = Score.objects.filter(target=Target.SUGGESTION)
    if Target.SUGGESTION not in targets_visible_to(user):
        scores = scores.none()
    page = _ranking_page(scores.filter(object_id__in=Suggestion.objects.values("id")), page_number)
    objects = Suggestion.objects.in_bulk([row["score"].object_id for row in page.object_list])
    page.object_list = [
        dict(row, object=objects[row["score"].object_id])
        for row in page.object_list
        if row["score"].object_id in objects
    ]
    return page


def optimiser_items() -> tuple[list[Any], dict[int, str]]:
    """Portfolio measures with their current score and planned cost per year."""
    measures = Measure.objects.filter(state=MeasureState.ACCEPTED, archived_at__isnull=True)
    names = dict(measures.values_list("id", "code"))
    scores = dict(
        Score.objects.filter(target=Target.MEASURE, object_id__in=measures.values("id"))
        .order_by()
        .values_list("object_id", "value")
    )
    costs: dict[int, dict[int, float]] = defaultdict(dict)
    for mid, year, total in (
        BudgetLine.objects.filter(measure__in=measures)
        .order_by()
        .values("measure_id", "year")
        .annotate(t=Sum("planned"))
        .values_list("measure_id", "year", "t")
    ):
        costs[mid][year] = float(total)
    items = [
        Item(id=mid, score=float(scores.get(mid, 0)), costs=costs.get(mid, {}))
        for mid in sorted(names)
    ]
    return items, names


def portfolio_budget_years() -> list[int]:
    """The years portfolio measures have budget lines in, without reading the lines: a loose
    scan of the year index (one probe per year), then per year whether any of its lines
    belongs to a portfolio measure."""
    line, measure = BudgetLine._meta.db_table, Measure._meta.db_table
    with connection.cursor() as cur:
        # The test per year is a scalar subquery with LIMIT 1 so that it stops at the first
        # line found (as EXISTS, the planner would join all lines with all measures).
        cur.execute(
            f"WITH RECURSIVE y(year) AS (SELECT MIN(year) FROM {line} UNION ALL "
            f"SELECT (SELECT MIN(b.year) FROM {line} b WHERE b.year > y.year) FROM y "
            f"WHERE y.year IS NOT NULL) "
            f"SELECT year, (SELECT 1 FROM {line} b JOIN {measure} m ON m.id = b.measure_id "
            f"WHERE b.year = y.year AND m.state = %s AND m.archived_at IS NULL LIMIT 1) "
            f"FROM y WHERE year IS NOT NULL ORDER BY year",
            [MeasureState.ACCEPTED],
        )
        return [int(year) for year, used in cur.fetchall() if used]


def portfolio_measure_ids(refs: list[str]) -> dict[str, int]:
    """Reference -> id of the portfolio measures (accepted, not archived) that `refs` name,
    by code or else, for a number, by id."""
    portfolio = Measure.objects.filter(state=MeasureState.ACCEPTED, archived_at__isnull=True)
    found = dict(portfolio.filter(code__in=refs).values_list("code", "id"))
    numbers = {int(r): r for r in refs if r not in found and r.isdigit()}
    for pk in portfolio.filter(pk__in=list(numbers)).values_list("id", flat=True):
        found[numbers[pk]] = pk
    return found


def prerequisites() -> list[tuple[int, int]]:
    """(measure, prerequisite) pairs from the roadmap."""
    return list(measure_prerequisites())


def scenario_spending(scenario: Scenario) -> dict[int, Decimal]:
    """Planned NOK per year of the measures a scenario selects (all their budget years)."""
    return {
        year: total
        for year, total in BudgetLine.objects.filter(measure_id__in=scenario.selected_ids)
        .order_by()
        .values("year")
        .annotate(t=Sum("planned"))
        .values_list("year", "t")
    }


def scenario_limits(scenario: Scenario) -> dict[int, Decimal]:
    """The yearly limits the scenario was optimised under (years without one are absent)."""
    limits = (scenario.params or {}).get("limits") or {}
    return {int(y): Decimal(str(v)) for y, v in limits.items() if v is not None}


def scenario_compare(a: Scenario, b: Scenario) -> dict[str, Any]:
    """Two scenarios side by side: measures only in one, in both, and per year what each
    spends (planned budget of its selected measures) against its limit (None: no limit)."""
    if a.pk == b.pk:
        raise ValidationError({"b": _("Choose two different scenarios to compare.")})
    sa, sb = set(a.selected_ids), set(b.selected_ids)
    spend_a, spend_b = scenario_spending(a), scenario_spending(b)
    limit_a, limit_b = scenario_limits(a), scenario_limits(b)
    years = []
    for y in sorted(set(spend_a) | set(spend_b) | set(limit_a) | set(limit_b)):
        years.append(
            {
                "year": y,
                "a_used": spend_a.get(y, Decimal("0")),
                "a_limit": limit_a.get(y),
                "b_used": spend_b.get(y, Decimal("0")),
                "b_limit": limit_b.get(y),
            }
        )
    return {
        "a": a.pk,
        "b": b.pk,
        "only_in_a": sorted(sa - sb),
        "only_in_b": sorted(sb - sa),
        "in_both": sorted(sa & sb),
        "total_score": {
            "a": (a.result or {}).get("total_score"),
            "b": (b.result or {}).get("total_score"),
        },
        "years": years,
    }


def object_name(target: str, object_id: int) -> str:
    """The measure's or suggestion's name (its id when it is gone)."""
    model = Measure if target == Target.MEASURE else Suggestion
    obj = model.objects.filter(pk=object_id).first()
    return str(obj) if obj is not None else str(object_id)


def measures_by_id(ids: list[int]) -> dict[int, Measure]:
    return Measure.objects.in_bulk(ids)
