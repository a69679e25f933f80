"""The submission workflow in the office's hands: transitions and the review queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.labels import labelled
from core.listing import section_page
from portfolio import selectors, workflow
from portfolio.choices import MeasureState
from portfolio.models import Measure
from portfolio.views import office_required


@login_required
@require_POST
def measure_transition(request: HttpRequest, pk: int, transition: str) -> HttpResponse:
    measure = get_object_or_404(selectors.measures_visible_to(request.user), pk=pk)
    try:
        workflow.measure_transition(
            measure=measure,
            by=request.user,
            transition=transition,
            comment=request.POST.get("comment", ""),
            publish=request.POST.get("publish") == "on",
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            for error in errors:
                messages.error(request, labelled(Measure, field, error))
    else:
        messages.success(request, _("Done: %(t)s.") % {"t": workflow.T(transition).label})
    return redirect("measure-detail", pk=pk)


@office_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """Each queue a page at a time (its own page parameter), with its total count."""
    base = selectors.unarchived_measures()
    return render(
        request,
        "portfolio/review_queue.html",
        {
            "nav": "review",
            "submitted": section_page(
                request,
                base.filter(state=MeasureState.SUBMITTED).order_by("updated", "id"),
                "submitted_page",
                _("Pages of submitted measures"),
            ),
            "returned": section_page(
                request,
                base.filter(state=MeasureState.RETURNED).order_by("-updated", "-id"),
                "returned_page",
                _("Pages of returned measures"),
            ),
            "drafts": section_page(
                request,
                base.filter(state=MeasureState.DRAFT).order_by("-updated", "-id"),
                "drafts_page",
                _("Pages of draft measures"),
            ),
        },
    )
