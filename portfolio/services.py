"""Writes to the portfolio. Each service checks permission, validates fully and saves atomically."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.changelog import change_context
from core.events import emit
from core.policy import Refused, refuse_forbidden_fields, require
from core.services import fields_changed_since
from portfolio import policies, selectors
from portfolio.choices import MeasureState
from portfolio.models import (
    Actor,
    Baseline,
    BaselineMeasure,
    BudgetLine,
    Measure,
    ReportingPeriod,
    StatusReport,
)
from portfolio.tokens import token_actor_id

M2M_FIELDS = ("partners", "target_groups", "national_solutions", "strategic_goals")


class VersionConflict(Exception):
    """The measure was changed by someone else after the caller read it."""

    def __init__(self, measure: Measure, changed_fields: list[str]) -> None:
        self.measure = measure
        self.changed_fields = changed_fields
        super().__init__(
            _("Someone else changed this measure (now version %(v)s): %(fields)s.")
            % {"v": measure.version, "fields": ", ".join(changed_fields) or "-"}
        )


def _require_owner_rights(user: Any, owner: Actor, token: Any = None) -> None:
    if not policies.can_create_measure_for(user, owner, token):
        limited_to = token_actor_id(token)
        if limited_to is not None and limited_to != owner.pk:
            raise Refused(_("This token may only write measures of its own actor."))
        raise Refused(_("You can only report measures for your own actor."))


def _refuse_office_only(
    by: Any, token: Any, fields: dict[str, Any], current: dict[str, Any]
) -> None:
    """A write that would change a field the caller may not change is refused (400 naming
    the field) before anything is written; the unchanged value may be sent back."""
    forbidden = policies.writable_measure_fields(by, token)
    if not forbidden:
        return
    changing = {k: v for k, v in fields.items() if k in forbidden and current.get(k, object()) != v}
    refuse_forbidden_fields(changing, allowed=())


def _apply(measure: Measure, fields: dict[str, Any]) -> dict[str, Any]:
    m2m = {k: fields.pop(k) for k in list(fields) if k in M2M_FIELDS}
    for key, value in fields.items():
        setattr(measure, key, value)
    return m2m


def _set_m2m(measure: Measure, m2m: dict[str, Any]) -> None:
    for key, values in m2m.items():
        getattr(measure, key).set(values)


def _upper_code(fields: dict[str, Any]) -> dict[str, Any]:
    """Lower-case codes are upper-cased rather than refused (UI, API and import alike)."""
    if isinstance(fields.get("code"), str):
        fields["code"] = fields["code"].strip().upper()
    return fields


@transaction.atomic
def measure_create(
    *,
    by: Any,
    fields: dict[str, Any],
    budget_lines: Iterable[dict[str, Any]] | None = None,
    token: Any = None,
) -> Measure:
    """Register a measure. Representatives start drafts; the office may register directly."""
    fields = _upper_code(dict(fields))
    owner = fields.get("owner")
    if owner is None:
        raise ValidationError({"owner": _("An owner actor is required.")})
    _require_owner_rights(by, owner, token)
    if not policies.can_publish_measure(by, token) or token is not None:
        _refuse_office_only(by, token, fields, {"state": MeasureState.DRAFT, "published": False})
        fields["state"] = MeasureState.DRAFT
        fields["published"] = False
    measure = Measure()
    m2m = _apply(measure, fields)
    measure.full_clean()
    measure.save()
    _set_m2m(measure, m2m)
    if budget_lines is not None:
        budget_lines_replace(measure=measure, lines=budget_lines)
    _emit("measure.created", measure)
    return measure


def _emit(event: str, measure: Measure) -> None:
    """Tell subscribers (webhooks among them) what happened to the measure."""
    emit(
        event,
        {
            "id": measure.pk,
            "code": measure.code,
            "version": measure.version,
            "state": measure.state,
        },
    )


def _changed_since(measure: Measure, version: int) -> list[str]:
    """Fields changed by saves newer than `version` (history rows carry their version)."""
    return fields_changed_since(measure, version)


@transaction.atomic
def measure_update(
    *,
    measure: Measure,
    by: Any,
    fields: dict[str, Any],
    expected_version: int | None = None,
    budget_lines: Iterable[dict[str, Any]] | None = None,
    token: Any = None,
) -> Measure:
    """Change a measure. With `expected_version`, a save over a newer version is refused."""
    require(policies.can_edit_measure(by, measure, token), _("You may not change this measure."))
    fields = _upper_code(dict(fields))
    if "owner" in fields and fields["owner"].pk != measure.owner_id:
        _require_owner_rights(by, fields["owner"], token)
    _refuse_office_only(by, token, fields, {"state": measure.state, "published": measure.published})
    if policies.writable_measure_fields(by, token):
        fields.pop("published", None)
        fields.pop("state", None)
    if expected_version is None:  # no If-Match: the last write wins, over the newest version
        list(Measure.objects.select_for_update().filter(pk=measure.pk).values_list("pk"))
        measure.refresh_from_db()
    current = measure.version if expected_version is None else expected_version
    bumped = Measure.objects.filter(pk=measure.pk, version=current).update(version=F("version") + 1)
    if not bumped:
        fresh = Measure.objects.get(pk=measure.pk)
        raise VersionConflict(fresh, _changed_since(fresh, current))
    measure.version = current + 1
    m2m = _apply(measure, fields)
    measure.full_clean()
    with change_context(message=f"version {measure.version}", version=measure.version):
        measure.save()
        _set_m2m(measure, m2m)
        if budget_lines is not None:
            budget_lines_replace(measure=measure, lines=budget_lines)
    _emit("measure.updated", measure)
    return measure


@transaction.atomic
def budget_lines_replace(*, measure: Measure, lines: Iterable[dict[str, Any]]) -> list[BudgetLine]:
    """Make the measure's budget lines exactly `lines` (matched on year, kind, funding source)."""
    existing = {(b.year, b.kind, b.funding_source): b for b in measure.budget_lines.all()}
    kept: list[BudgetLine] = []
    errors: dict[str, list[str]] = {}
    for i, data in enumerate(lines):
        key = (int(data["year"]), data["kind"], data.get("funding_source") or "own")
        line = existing.pop(key, None) or BudgetLine(measure=measure)
        line.year, line.kind, line.funding_source = key
        line.planned = Decimal(data.get("planned") or 0)
        line.actual = None if data.get("actual") in (None, "") else Decimal(data["actual"])
        try:
            line.full_clean(
                exclude=["measure"] if measure.pk is None else None, validate_unique=False
            )
        except ValidationError as exc:
            for field, msgs in exc.message_dict.items():
                errors[f"budget_lines[{i}].{field}"] = msgs
            continue
        kept.append(line)
    if errors:
        raise ValidationError(errors)
    for stale in existing.values():
        stale.delete()
    for line in kept:
        line.save()
    return kept


@transaction.atomic
def status_report_file(
    *, measure: Measure, period: ReportingPeriod, by: Any, data: dict[str, Any], token: Any = None
) -> StatusReport:
    """File (or correct) the measure's status for a period; the newest period shows on the measure."""
    require(
        policies.can_edit_measure(by, measure, token),
        _("You may not report status for this measure."),
    )
    if ReportingPeriod.objects.filter(pk=period.pk, closed__isnull=False).exists():
        raise ValidationError(
            {"period": _("The reporting round for %(p)s is closed.") % {"p": period.name}}
        )
    report = StatusReport.objects.filter(measure=measure, period=period).first() or StatusReport(
        measure=measure, period=period
    )
    keys = ("overall", "cost", "schedule", "benefits", "commentary")
    for key in (*keys, "forecast_end_date", "cost_forecast"):
        if key in data:
            setattr(report, key, data[key])
    report.reported_by = by if getattr(by, "pk", None) else None
    report.full_clean(validate_unique=False)
    report.save()
    latest = measure.status_reports.order_by("-period__start", "-id").first()
    Measure.objects.filter(pk=measure.pk).update(latest_status=latest)
    measure.latest_status = latest
    return report


@transaction.atomic
def measure_archive(*, measure: Measure, by: Any, token: Any = None) -> Measure:
    """Nothing is hard-deleted: archiving hides a measure, restoring brings it back."""
    require(
        policies.can_archive_measure(by, measure, token), _("You may not archive this measure.")
    )
    if measure.archived_at is None:
        measure.archived_at = timezone.now()
        measure.save(update_fields=["archived_at", "updated"])
    return measure


@transaction.atomic
def measure_restore(*, measure: Measure, by: Any, token: Any = None) -> Measure:
    require(
        policies.can_restore_measure(by, measure, token),
        _("Only the portfolio office can restore measures."),
    )
    if measure.archived_at is not None:
        measure.archived_at = None
        measure.save(update_fields=["archived_at", "updated"])
    return measure


@transaction.atomic
def reporting_period_create(*, by: Any, fields: dict[str, Any]) -> ReportingPeriod:
    """A new reporting period (the office's status rounds)."""
    require(
        policies.can_manage_reference_data(by),
        _("Only the portfolio office maintains reporting periods."),
    )
    period = ReportingPeriod(**fields)
    period.full_clean()
    period.save()
    return period


def actor_save(*, actor: Actor, by: Any) -> Actor:
    require(
        policies.can_manage_reference_data(by), _("Only the portfolio office maintains actors.")
    )
    actor.full_clean()
    actor.save()
    return actor


@transaction.atomic
def baseline_create(*, name: str, by: Any, note: str = "", as_of: Any = None) -> Any:
    """Freeze the portfolio (accepted, not archived measures) under a name."""
    require(policies.can_manage_reference_data(by), _("Only the portfolio office takes baselines."))
    baseline = Baseline(name=name, note=note, as_of=as_of or dt.date.today(), created_by=by)
    baseline.full_clean()
    baseline.save()
    rows = selectors.snapshot_rows(selectors.accepted_measures())
    BaselineMeasure.objects.bulk_create(
        [
            BaselineMeasure(
                baseline=baseline,
                **{
                    k: r[k]
                    for k in (
                        "measure_id",
                        "code",
                        "name",
                        "owner",
                        "phase",
                        "status",
                        "budget",
                        "start_date",
                        "end_date",
                    )
                },
            )
            for r in rows
        ],
        batch_size=1000,
    )
    return baseline
