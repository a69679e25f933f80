"""Portfolio reports of a closed round: drafted by the office from the round's snapshot,
then published (final)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.events import emit, jsonable
from portfolio.models import Baseline
from portfolio.selectors import baseline_rows
from reporting import content, policies
from reporting.choices import (
    ReportState,
    RoundState,
)
from reporting.models import PortfolioReport, ReportingRound


def baseline_data(baseline: Baseline | None) -> dict[str, Any] | None:
    if baseline is None:
        return None
    return {
        "name": baseline.name,
        "as_of": baseline.as_of.isoformat(),
        "rows": baseline_rows(baseline),
    }


def _build(report: PortfolioReport) -> None:
    kwargs = {
        "title": report.title,
        "introduction": report.introduction,
        "decisions": report.decisions,
        "baseline": baseline_data(report.baseline),
    }
    report.content = content.build(report.round.snapshot, public=False, **kwargs)
    report.public_content = content.build(report.round.snapshot, public=True, **kwargs)


REPORT_FIELDS = ("title", "baseline", "introduction", "decisions")


@transaction.atomic
def report_create(
    *, round_: ReportingRound, by: Any, fields: dict[str, Any], token: Any = None
) -> PortfolioReport:
    """Make the portfolio report of a closed round."""
    if not policies.can_write_reports(by, token):
        raise PermissionDenied(_("Only the portfolio office writes portfolio reports."))
    round_ = ReportingRound.objects.select_related("period").get(pk=round_.pk)
    if round_.state != RoundState.CLOSED:
        raise ValidationError({"round": _("Close the round before making its report.")})
    report = PortfolioReport(round=round_)
    for key in REPORT_FIELDS:
        if key in fields:
            setattr(report, key, fields[key])
    report.full_clean()
    _build(report)
    report.save()
    return report


@transaction.atomic
def report_update(
    *, report: PortfolioReport, by: Any, fields: dict[str, Any], token: Any = None
) -> PortfolioReport:
    """Change the office's texts or the baseline of a draft report; the content is rebuilt
    from the round's snapshot. A published report is final."""
    if not policies.can_write_reports(by, token):
        raise PermissionDenied(_("Only the portfolio office writes portfolio reports."))
    report = PortfolioReport.objects.select_for_update().get(pk=report.pk)
    if report.state == ReportState.PUBLISHED:
        raise ValidationError({"state": _("A published report cannot be changed.")})
    for key in REPORT_FIELDS:
        if key in fields:
            setattr(report, key, fields[key])
    report.full_clean()
    _build(report)
    report.save()
    return report


@transaction.atomic
def report_publish(*, report: PortfolioReport, by: Any, token: Any = None) -> PortfolioReport:
    """Publish the report: its public version becomes visible to everyone."""
    if not policies.can_write_reports(by, token):
        raise PermissionDenied(_("Only the portfolio office publishes portfolio reports."))
    report = PortfolioReport.objects.select_for_update().select_related("round").get(pk=report.pk)
    if report.state == ReportState.PUBLISHED:
        raise ValidationError({"state": _("The report is already published.")})
    report.state = ReportState.PUBLISHED
    report.published_at = timezone.now()
    report.published_by = by if getattr(by, "pk", None) else None
    report.save()
    emit(
        "portfolio_report.published",
        jsonable(
            {
                "id": report.pk,
                "title": report.title,
                "round": report.round_id,
                "published_at": report.published_at,
            }
        ),
    )
    return report
