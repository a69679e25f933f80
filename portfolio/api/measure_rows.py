"""The measure list's JSON without model instances: the hot path of `GET /api/v1/measures/`.

`MeasureSerializer` stays the definition of the format (and serves retrieve, create, update
and the schema); this module produces the same output for a page of the list from plain
rows: the page query itself (`.values()`), one query per many-to-many field and one for the
budget lines, so the query count does not grow with the page size. A test compares both
outputs on the demo portfolio.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from portfolio.models import BudgetLine, Measure

ROW_FIELDS = (
    "id",
    "code",
    "name",
    "purpose",
    "owner_id",
    "owner__short_name",
    "owner__name",
    "contact_name",
    "contact_email",
    "measure_type",
    "segment_id",
    "phase",
    "start_date",
    "end_date",
    "criterion_digitalisation_core",
    "criterion_cross_actor",
    "criterion_strategy",
    "criteria_comment",
    "total_cost_frame",
    "published",
    "state",
    "version",
    "archived_at",
    "created",
    "updated",
    "latest_status_id",
    "latest_status__period_id",
    "latest_status__period__name",
    "latest_status__overall",
    "latest_status__cost",
    "latest_status__schedule",
    "latest_status__benefits",
    "latest_status__commentary",
    "latest_status__forecast_end_date",
    "latest_status__cost_forecast",
    "latest_status__created",
)
# many-to-many field -> (target column in the through table, value, the target's ordering)
M2M = {
    "partners": ("actor_id", "actor_id", ("actor__name",)),
    "target_groups": ("targetgroup_id", "targetgroup__code", ("targetgroup__id",)),
    "national_solutions": (
        "nationalsolution_id",
        "nationalsolution__code",
        ("nationalsolution__area", "nationalsolution__name"),
    ),
    "strategic_goals": ("strategicgoal_id", "strategicgoal__code", ("strategicgoal__code",)),
}

_money = serializers.DecimalField(max_digits=16, decimal_places=2)
_datetime = serializers.DateTimeField()
_date = serializers.DateField()


def page_rows(queryset: QuerySet[Measure]) -> QuerySet[Measure]:
    """The filtered, ordered list as rows (still lazy: the paginator slices and counts it)."""
    return queryset.select_related(None).prefetch_related(None).values(*ROW_FIELDS)


def _money_or_none(value: Any) -> str | None:
    return None if value is None else _money.to_representation(value)


def _dt_or_none(value: Any) -> str | None:
    return None if value is None else _datetime.to_representation(value)


def _date_or_none(value: Any) -> str | None:
    return None if value is None else _date.to_representation(value)


def represent(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`MeasureSerializer(many=True).data` for these rows, in their order."""
    ids = [r["id"] for r in rows]
    related: dict[str, dict[int, list[Any]]] = {}
    for name, (_target, value, ordering) in M2M.items():
        through = getattr(Measure, name).through
        by_measure: dict[int, list[Any]] = {}
        for measure_id, item in (
            through.objects.filter(measure_id__in=ids)
            .order_by(*ordering)
            .values_list("measure_id", value)
        ):
            by_measure.setdefault(measure_id, []).append(item)
        related[name] = by_measure
    lines: dict[int, list[dict[str, Any]]] = {}
    for measure_id, year, kind, source, planned, actual in (
        BudgetLine.objects.filter(measure_id__in=ids)
        .order_by("year", "kind")
        .values_list("measure_id", "year", "kind", "funding_source", "planned", "actual")
    ):
        lines.setdefault(measure_id, []).append(
            {
                "year": year,
                "kind": kind,
                "funding_source": source,
                "planned": _money.to_representation(planned),
                "actual": _money_or_none(actual),
            }
        )
    out = []
    for r in rows:
        pk = r["id"]
        status = None
        if r["latest_status_id"] is not None:
            status = {
                "id": r["latest_status_id"],
                "period": r["latest_status__period_id"],
                "period_name": r["latest_status__period__name"],
                "overall": r["latest_status__overall"],
                "cost": r["latest_status__cost"],
                "schedule": r["latest_status__schedule"],
                "benefits": r["latest_status__benefits"],
                "commentary": r["latest_status__commentary"],
                "forecast_end_date": _date_or_none(r["latest_status__forecast_end_date"]),
                "cost_forecast": _money_or_none(r["latest_status__cost_forecast"]),
                "created": _dt_or_none(r["latest_status__created"]),
            }
        out.append(
            {
                "id": pk,
                "code": r["code"],
                "name": r["name"],
                "purpose": r["purpose"],
                "owner": r["owner_id"],
                "owner_detail": {
                    "id": r["owner_id"],
                    "short_name": r["owner__short_name"],
                    "name": r["owner__name"],
                },
                "partners": related["partners"].get(pk, []),
                "contact_name": r["contact_name"],
                "contact_email": r["contact_email"],
                "measure_type": r["measure_type"],
                "segment": r["segment_id"],
                "phase": r["phase"],
                "start_date": _date_or_none(r["start_date"]),
                "end_date": _date_or_none(r["end_date"]),
                "target_groups": related["target_groups"].get(pk, []),
                "national_solutions": related["national_solutions"].get(pk, []),
                "strategic_goals": related["strategic_goals"].get(pk, []),
                "criterion_digitalisation_core": r["criterion_digitalisation_core"],
                "criterion_cross_actor": r["criterion_cross_actor"],
                "criterion_strategy": r["criterion_strategy"],
                "criteria_comment": r["criteria_comment"],
                "meets_entry_criteria": r["criterion_digitalisation_core"]
                and (r["criterion_cross_actor"] or r["criterion_strategy"]),
                "total_cost_frame": _money_or_none(r["total_cost_frame"]),
                "published": r["published"],
                "state": r["state"],
                "version": r["version"],
                "archived_at": _dt_or_none(r["archived_at"]),
                "budget_lines": lines.get(pk, []),
                "latest_status": status,
                "created": _dt_or_none(r["created"]),
                "updated": _dt_or_none(r["updated"]),
            }
        )
    return out
