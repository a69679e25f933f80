"""The measure list's JSON without model instances: the hot path of `GET /api/v1/measures/`.

`MeasureSerializer` stays the definition of the format (and serves retrieve, create, update
and the schema); this module produces the same output for a page of the list from plain
rows: the page query itself (`.values()`), one query per many-to-many field and one for the
budget lines, so the query count does not grow with the page size. A test compares both
outputs on the demo portfolio.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from portfolio import measure_fields as mf
from portfolio.measure_fields import MEASURE_FIELDS
from portfolio.models import BudgetLine, Measure

API_SPECS = tuple(f for f in MEASURE_FIELDS if f.api)


def _paths(spec: mf.MeasureField) -> tuple[str, ...]:
    """The `.values()` paths a declared field needs in a row (many-to-many: none)."""
    if spec.kind == mf.ACTOR:  # the id, and the owner_detail beside it
        return (f"{spec.name}_id", f"{spec.name}__short_name", f"{spec.name}__name")
    if spec.kind in mf.FOREIGN_KEYS:
        return (f"{spec.name}_id",)
    if spec.kind in mf.MANY:
        return ()
    return (spec.name,)


ROW_FIELDS = (
    "id",
    *(path for spec in API_SPECS for path in _paths(spec)),
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


def _m2m(name: str, kind: str) -> tuple[str, tuple[str, ...]]:
    """(value, the target's ordering) of a many-to-many field, as through-table paths: the
    API shows actors by id and the other references by code."""
    target = Measure._meta.get_field(name).related_model._meta
    value = f"{target.model_name}_id" if kind == mf.ACTORS else f"{target.model_name}__code"
    return value, tuple(f"{target.model_name}__{o}" for o in target.ordering)


# many-to-many field -> (value in the through table, the target's ordering)
M2M = {spec.name: _m2m(spec.name, spec.kind) for spec in API_SPECS if spec.kind in mf.MANY}

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


def _plain(r: dict[str, Any], name: str, related: Any) -> Any:
    return r[name]


def _key(r: dict[str, Any], name: str, related: Any) -> Any:
    return r[f"{name}_id"]


def _many(r: dict[str, Any], name: str, related: Any) -> list[Any]:
    return related[name].get(r["id"], [])


# kind -> a declared field's value in the API's JSON, from a row
VALUE: dict[str, Callable[[dict[str, Any], str, Any], Any]] = {
    mf.CODE: _plain,
    mf.TEXT: _plain,
    mf.CHOICE: _plain,
    mf.BOOL: _plain,
    mf.DATE: lambda r, name, related: _date_or_none(r[name]),
    mf.MONEY: lambda r, name, related: _money_or_none(r[name]),
    mf.ACTOR: _key,
    mf.SEGMENT: _key,
    mf.ACTORS: _many,
    mf.CODES: _many,
}


def represent(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`MeasureSerializer(many=True).data` for these rows, in their order."""
    ids = [r["id"] for r in rows]
    related: dict[str, dict[int, list[Any]]] = {}
    for name, (value, ordering) in M2M.items():
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
        row = {"id": pk}
        for spec in API_SPECS:
            row[spec.name] = VALUE[spec.kind](r, spec.name, related)
        row["owner_detail"] = {
            "id": r["owner_id"],
            "short_name": r["owner__short_name"],
            "name": r["owner__name"],
        }
        row["meets_entry_criteria"] = r["criterion_digitalisation_core"] and (
            r["criterion_cross_actor"] or r["criterion_strategy"]
        )
        row["state"] = r["state"]
        row["version"] = r["version"]
        row["archived_at"] = _dt_or_none(r["archived_at"])
        row["budget_lines"] = lines.get(pk, [])
        row["latest_status"] = status
        row["created"] = _dt_or_none(r["created"])
        row["updated"] = _dt_or_none(r["updated"])
        out.append(row)
    return out
