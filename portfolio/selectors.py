"""Reads of the portfolio, always scoped to what the caller may see."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from core import data_version
from people.roles import is_office
from portfolio import aggregates, baselines, policies
from portfolio.choices import BudgetKind, MeasureState, Phase
from portfolio.measure_fields import FOREIGN_KEY_FIELDS, MANY_FIELDS
from portfolio.models import (
    Actor,
    Baseline,
    BudgetLine,
    Measure,
    ReportingPeriod,
    Segment,
    StatusReport,
)
from portfolio.policies import actor_ids_of
from portfolio.tokens import token_actor_id

ZERO = Decimal("0")


def accepted_measures() -> QuerySet[Measure]:
    """The portfolio whoever asks: accepted, not archived (baselines, reporting rounds)."""
    return Measure.objects.filter(state=MeasureState.ACCEPTED, archived_at__isnull=True)


def unarchived_measures() -> QuerySet[Measure]:
    """Every measure not archived, with its owner (the office's review queue)."""
    return Measure.objects.filter(archived_at__isnull=True).select_related("owner")


def public_measures() -> QuerySet[Measure]:
    return Measure.objects.filter(
        published=True, state=MeasureState.ACCEPTED, archived_at__isnull=True
    )


def measures_visible_to(
    user: Any, token: Any = None, *, archived: bool = False
) -> QuerySet[Measure]:
    """What the caller may see: the rule is `portfolio.policies.visible_measures`."""
    return policies.visible_measures(user, token, archived=archived)


def measure_list(user: Any, token: Any = None, *, archived: bool = False) -> QuerySet[Measure]:
    """The list with everything a row shows fetched in a fixed number of queries."""
    return (
        measures_visible_to(user, token, archived=archived)
        .select_related(*FOREIGN_KEY_FIELDS, "latest_status", "latest_status__period")
        .prefetch_related(
            *MANY_FIELDS,
            Prefetch("budget_lines", queryset=BudgetLine.objects.order_by("year", "kind")),
        )
    )


def portfolio_measures(user: Any, token: Any = None) -> QuerySet[Measure]:
    """Measures that are in the portfolio (accepted, not archived) and visible to the caller."""
    return measures_visible_to(user, token).filter(state=MeasureState.ACCEPTED)


YEAR_MIN, YEAR_MAX = 2000, 2100
PHASE_ORDER = {value: n for n, value in enumerate(Phase.values)}


def phase_order(field: str = "phase") -> Case:
    """Phases in lifecycle order (idea … benefit realisation, stopped last) for order_by."""
    return Case(
        *(When(**{field: value}, then=Value(n)) for value, n in PHASE_ORDER.items()),
        default=Value(len(PHASE_ORDER)),
        output_field=IntegerField(),
    )


def default_year() -> int:
    """THE rule for the budget year shown when none is chosen (dashboard, public overview and
    the summary API): the year of the current reporting period (the period that contains
    today, else the latest one that has started); with no reporting periods, this calendar
    year."""
    period = current_period()
    return period_year(period) if period is not None else dt.date.today().year


def period_year(period: ReportingPeriod) -> int:
    """The budget year a reporting period reports on: the year it starts in (tertials and
    quarters lie within one year). Reports and snapshots of a period use it too."""
    return period.start.year


def chosen_year(raw: str | None) -> tuple[int, bool]:
    """The year asked for in a query string: (year, True) for a whole number 2000–2100,
    (default_year(), True) when none is given, (default_year(), False) when it is invalid."""
    text = (raw or "").strip()
    if not text:
        return default_year(), True
    if text.isdigit() and YEAR_MIN <= int(text) <= YEAR_MAX:
        return int(text), True
    return default_year(), False


def _budget_sum(lines: QuerySet[BudgetLine]) -> Decimal:
    return lines.aggregate(total=Sum("planned"))["total"] or ZERO


def portfolio_summary(*, year: int, measures: QuerySet[Measure]) -> dict[str, Any]:
    """Figures the office shows for a year: count, planned budget, split by actor, segment
    and phase (phases in lifecycle order), and next year's operating-cost consequence. Every
    figure follows the year: a measure counts in a year when it has planned budget in it.

    Two grouped queries (measures per owner × segment × phase; their budget lines for the
    year and the next, with conditional sums), rolled up here, so the cost stays flat on a
    large portfolio (see bench/portfolio_api.py)."""
    groups = list(
        measures.filter(has_budget_in(year))
        .order_by()
        .values("owner_id", "owner__short_name", "segment_id", "segment__name", "phase")
        .annotate(n=Count("id"))
    )
    operating = Q(kind=BudgetKind.OPERATING)
    budgets = {
        (b["measure__owner_id"], b["measure__segment_id"], b["measure__phase"]): b
        for b in BudgetLine.objects.filter(
            measure_id__in=measures.values("id"), year__in=[year, year + 1]
        )
        .order_by()
        .values("measure__owner_id", "measure__segment_id", "measure__phase")
        .annotate(
            sum_planned=Sum("planned", filter=Q(year=year)),
            sum_investment=Sum("planned", filter=Q(year=year, kind=BudgetKind.INVESTMENT)),
            sum_operating=Sum("planned", filter=Q(year=year) & operating),
            sum_actual=Sum("actual", filter=Q(year=year)),
            sum_operating_next=Sum("planned", filter=Q(year=year + 1) & operating),
            with_budget=Count("measure_id", distinct=True, filter=Q(year=year)),
        )
    }

    def total(key: str) -> Decimal:
        return sum((b[key] or ZERO for b in budgets.values()), ZERO)

    def split(key: str, label: str, id_at: int) -> list[dict[str, Any]]:
        out: dict[Any, dict[str, Any]] = {}
        for g in groups:
            row = out.setdefault(
                g[key], {"id": g[key], "name": g[label], "measures": 0, "planned": ZERO}
            )
            row["measures"] += g["n"]
        for group_key, b in budgets.items():
            if group_key[id_at] in out:
                out[group_key[id_at]]["planned"] += b["sum_planned"] or ZERO
        return sorted(out.values(), key=lambda r: (r["name"] is None, r["name"] or ""))

    operating_this = total("sum_operating")
    operating_next = total("sum_operating_next")
    by_actor = split("owner_id", "owner__short_name", 0)
    return {
        "year": year,
        "measures": sum(g["n"] for g in groups),
        "measures_with_budget": sum(b["with_budget"] for b in budgets.values()),
        "planned": total("sum_planned"),
        "planned_investment": total("sum_investment"),
        "planned_operating": operating_this,
        "actual": total("sum_actual"),
        "operating_next_year": operating_next,
        "operating_change_next_year": operating_next - operating_this,
        "by_actor": sorted(by_actor, key=lambda r: -r["planned"]),
        "by_segment": split("segment_id", "segment__name", 1),
        "by_phase": sorted(
            split("phase", "phase", 2), key=lambda r: PHASE_ORDER.get(r["id"], len(PHASE_ORDER))
        ),
    }


def cached_summary(*, year: int, user: Any = None, token: Any = None) -> dict[str, Any]:
    """`portfolio_summary` of the portfolio measures the caller may see, read from the
    aggregates the database keeps as writes happen (`portfolio.aggregates`) and cached under
    the portfolio's data version (bumped by database triggers on every write to measures,
    budget lines, actors and segments), so a cached summary is never stale."""
    user = user or AnonymousUser()
    return data_version.cached(
        "portfolio",
        ("summary", year, summary_scope(user, token)),
        lambda: aggregates.summary(year=year, user=user, token=token),
    )


def summary_scope(user: Any, token: Any = None) -> str:
    """What the caller may see, as part of a cache key or ETag."""
    if is_office(user) and token_actor_id(token) is None:
        return "all"
    return "actors-" + "-".join(str(a) for a in sorted(actor_ids_of(user, token)))


def cached_budget_years(user: Any, token: Any = None) -> list[int]:
    """`budget_years` of the portfolio the caller may see, cached under the data version."""
    return data_version.cached(
        "portfolio",
        ("budget-years", summary_scope(user, token)),
        lambda: budget_years(portfolio_measures(user, token)),
    )


def actors_with_counts() -> QuerySet[Actor]:
    return Actor.objects.annotate(
        measure_count=Count("measures", filter=Q(measures__state=MeasureState.ACCEPTED))
    )


def segments() -> QuerySet[Segment]:
    return Segment.objects.all()


def budget_years(measures: QuerySet[Measure]) -> list[int]:
    return list(
        BudgetLine.objects.filter(measure_id__in=measures.values("id"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("year")
    )


def has_budget_in(year: int) -> Exists:
    return Exists(BudgetLine.objects.filter(measure_id=OuterRef("pk"), year=year))


def snapshot_rows(measures: QuerySet[Measure]) -> list[dict[str, Any]]:
    """The portfolio as plain rows for baselines: one query for measures, one for budget lines."""
    rows = {
        m["id"]: {
            "measure_id": m["id"],
            "code": m["code"],
            "name": m["name"],
            "owner": m["owner__short_name"],
            "phase": m["phase"],
            "status": m["latest_status__overall"] or "",
            "budget": {},
            "start_date": m["start_date"],
            "end_date": m["end_date"],
        }
        for m in measures.values(
            "id",
            "code",
            "name",
            "owner__short_name",
            "phase",
            "latest_status__overall",
            "start_date",
            "end_date",
        )
    }
    lines = BudgetLine.objects.filter(measure_id__in=list(rows)).values_list(
        "measure_id", "year", "kind", "planned"
    )
    for measure_id, year, kind, planned in lines:
        kinds = rows[measure_id]["budget"].setdefault(str(year), {})
        kinds[kind] = str(Decimal(kinds.get(kind, "0")) + planned)
    return list(rows.values())


def baseline_rows(baseline: Baseline) -> list[dict[str, Any]]:
    return [
        {
            "measure_id": r.measure_id,
            "code": r.code,
            "name": r.name,
            "owner": r.owner,
            "phase": r.phase,
            "status": r.status,
            "budget": r.budget,
            "start_date": r.start_date,
            "end_date": r.end_date,
        }
        for r in baseline.rows.all()
    ]


# the comparisons this process made last (each can hold every measure of the portfolio)
_COMPARISONS: data_version.Memo[dict] = data_version.Memo(size=2)
# the lists of a comparison, each shown or answered a page at a time
COMPARISON_LISTS = (
    "added",
    "removed",
    "budget_changes",
    "schedule_changes",
    "cost_variance",
    "phase_changes",
    "status_changes",
)


def baseline_comparison(base: Baseline, after: Baseline | None, year: int | None) -> dict:
    """`base` against another baseline, or against today's portfolio when `after` is None
    (one budget year, or all years when `year` is None); cached per portfolio data version.
    Callers read it, never change it."""

    def compute() -> dict:
        rows = baseline_rows(after) if after is not None else snapshot_rows(accepted_measures())
        return baselines.compare(baseline_rows(base), rows, year=year)

    key = ("baseline-compare", base.pk, after.pk if after is not None else "today", year)
    return _COMPARISONS.get(("portfolio",), key, compute)


def measures_missing_status(period: Any) -> QuerySet[Measure]:
    """Measures in the portfolio that have not reported for the period."""
    return (
        accepted_measures()
        .exclude(Exists(StatusReport.objects.filter(measure_id=OuterRef("pk"), period=period)))
        .select_related("owner")
        .order_by("owner__short_name", "code")
    )


def reporting_periods() -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.all()


def current_period() -> Any:
    """The reporting period that contains today, else the latest that has started."""
    today = dt.date.today()
    return (
        ReportingPeriod.objects.filter(start__lte=today, end__gte=today).first()
        or ReportingPeriod.objects.filter(start__lte=today).order_by("-start").first()
    )
