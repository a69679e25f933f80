"""Reads of the portfolio, always scoped to what the caller may see."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum

from core.roles import is_office
from portfolio.choices import BudgetKind, MeasureState
from portfolio.models import Actor, BudgetLine, Measure, Segment

ZERO = Decimal("0")


def actor_ids_of(user: Any, token: Any = None) -> list[int]:
    """The actors a user (or a token limited to one actor) speaks for."""
    if token is not None and getattr(token, "actor_id", None):
        return [token.actor_id]
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_actor_ids", None)
    if cached is None:
        cached = list(user.actors.values_list("id", flat=True))
        user._actor_ids = cached
    return cached


def public_measures() -> QuerySet[Measure]:
    return Measure.objects.filter(
        published=True, state=MeasureState.ACCEPTED, archived_at__isnull=True
    )


def measures_visible_to(
    user: Any, token: Any = None, *, archived: bool = False
) -> QuerySet[Measure]:
    """Office: everything. Representatives and scoped tokens: published measures plus all of
    their own actors' measures (drafts included). Everyone else: published measures only."""
    if is_office(user) and (token is None or not token.actor_id):
        qs = Measure.objects.all()
    else:
        own = actor_ids_of(user, token)
        qs = Measure.objects.filter(
            Q(published=True, state=MeasureState.ACCEPTED) | Q(owner_id__in=own)
        )
    return qs if archived else qs.filter(archived_at__isnull=True)


def measure_list(user: Any, token: Any = None, *, archived: bool = False) -> QuerySet[Measure]:
    """The list with everything a row shows fetched in a fixed number of queries."""
    return (
        measures_visible_to(user, token, archived=archived)
        .select_related("owner", "segment", "latest_status", "latest_status__period")
        .prefetch_related(
            "partners",
            "target_groups",
            "national_solutions",
            "strategic_goals",
            Prefetch("budget_lines", queryset=BudgetLine.objects.order_by("year", "kind")),
        )
    )


def portfolio_measures(user: Any, token: Any = None) -> QuerySet[Measure]:
    """Measures that are in the portfolio (accepted, not archived) and visible to the caller."""
    return measures_visible_to(user, token).filter(state=MeasureState.ACCEPTED)


def _budget_sum(lines: QuerySet[BudgetLine]) -> Decimal:
    return lines.aggregate(total=Sum("planned"))["total"] or ZERO


def portfolio_summary(*, year: int, measures: QuerySet[Measure]) -> dict[str, Any]:
    """Figures the office shows for a year: count, planned budget, split by actor, segment
    and phase, and next year's operating-cost consequence."""
    ids = measures.values("id")
    lines = BudgetLine.objects.filter(measure_id__in=ids)
    year_lines = lines.filter(year=year)
    by_kind = dict(year_lines.values_list("kind").annotate(total=Sum("planned")).order_by())

    def split(group_field: str, label_field: str) -> list[dict[str, Any]]:
        budgets = dict(
            year_lines.values_list(f"measure__{group_field}").annotate(t=Sum("planned")).order_by()
        )
        rows = (
            measures.values(group_field, label_field)
            .annotate(measures=Count("id"))
            .order_by(label_field)
        )
        return [
            {
                "id": r[group_field],
                "name": r[label_field],
                "measures": r["measures"],
                "planned": budgets.get(r[group_field]) or ZERO,
            }
            for r in rows
        ]

    by_actor = split("owner_id", "owner__short_name")
    by_segment = split("segment_id", "segment__name")
    by_phase = split("phase", "phase")
    operating_next = _budget_sum(lines.filter(year=year + 1, kind=BudgetKind.OPERATING))
    operating_this = by_kind.get(BudgetKind.OPERATING) or ZERO
    return {
        "year": year,
        "measures": measures.count(),
        "measures_with_budget": year_lines.values("measure_id").distinct().count(),
        "planned": sum(by_kind.values(), ZERO),
        "planned_investment": by_kind.get(BudgetKind.INVESTMENT) or ZERO,
        "planned_operating": operating_this,
        "actual": year_lines.aggregate(t=Sum("actual"))["t"] or ZERO,
        "operating_next_year": operating_next,
        "operating_change_next_year": operating_next - operating_this,
        "by_actor": sorted(by_actor, key=lambda r: -r["planned"]),
        "by_segment": by_segment,
        "by_phase": by_phase,
    }


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
        }
        for m in measures.values(
            "id", "code", "name", "owner__short_name", "phase", "latest_status__overall"
        )
    }
    lines = BudgetLine.objects.filter(measure_id__in=list(rows)).values_list(
        "measure_id", "year", "kind", "planned"
    )
    for measure_id, year, kind, planned in lines:
        kinds = rows[measure_id]["budget"].setdefault(str(year), {})
        kinds[kind] = str(Decimal(kinds.get(kind, "0")) + planned)
    return list(rows.values())


def baseline_rows(baseline: Any) -> list[dict[str, Any]]:
    return [
        {
            "measure_id": r.measure_id,
            "code": r.code,
            "name": r.name,
            "owner": r.owner,
            "phase": r.phase,
            "status": r.status,
            "budget": r.budget,
        }
        for r in baseline.rows.all()
    ]


def measures_missing_status(period: Any) -> QuerySet[Measure]:
    """Measures in the portfolio that have not reported for the period."""
    from portfolio.models import StatusReport

    return (
        Measure.objects.filter(state=MeasureState.ACCEPTED, archived_at__isnull=True)
        .exclude(Exists(StatusReport.objects.filter(measure_id=OuterRef("pk"), period=period)))
        .select_related("owner")
        .order_by("owner__short_name", "code")
    )


def current_period() -> Any:
    """The reporting period that contains today, else the latest that has started."""
    import datetime as dt

    from portfolio.models import ReportingPeriod

    today = dt.date.today()
    return (
        ReportingPeriod.objects.filter(start__lte=today, end__gte=today).first()
        or ReportingPeriod.objects.filter(start__lte=today).order_by("-start").first()
    )
