"""Recompute jobs and their progress."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scoring import services
from scoring.models import Job
from scoring.views.common import office_required, page_context


@office_required
def jobs(request: HttpRequest) -> HttpResponse:
    job_list = list(Job.objects.select_related("requested_by", "scenario")[:50])
    return render(
        request,
        "scoring/jobs.html",
        page_context(request, jobs=job_list, refresh=any(j.is_active for j in job_list)),
    )


@office_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(Job.objects.select_related("requested_by"), pk=pk)
    scenario = getattr(job, "scenario", None)
    if scenario and not job.is_active:
        return redirect("scoring:scenario-detail", pk=scenario.pk)
    return render(
        request,
        "scoring/job_detail.html",
        page_context(request, job=job, refresh=job.is_active, result_rows=_result_rows(job.result)),
    )


def _result_rows(result: dict[str, Any] | None) -> list[tuple[str, Any]]:
    """A job's result as (label, value) rows people can read, not the stored keys."""
    labels = {
        "computed": _("Scores computed"),
        "written": _("Scores written"),
        "history": _("Changed scores added to the history"),
        "deleted": _("Scores removed"),
        "unchanged": _("Scores unchanged"),
        "runs": _("Runs"),
        "error": _("Error"),
    }
    return [
        (labels[key], value)
        for key, value in (result or {}).items()
        if key in labels and not isinstance(value, dict | list)
    ]


@office_required
@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    job, started = services.recompute_request(by=request.user)
    if not started:
        messages.info(request, _("A recompute is already queued or running."))
    return redirect("scoring:job-detail", pk=job.pk)
