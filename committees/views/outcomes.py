"""Recording outcomes and the minutes' life: draft, approve at the next meeting, publish."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees import policies, selectors, services
from committees.forms import ApproveMinutesForm, DecisionForm, MinutesForm
from committees.models import AgendaItem
from committees.views import errors_to_form, visible_meeting


def _secretariat(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    meeting = visible_meeting(request, pk)
    if not policies.can_manage(request.user, meeting.committee):
        raise PermissionDenied(_("Only the secretariat records outcomes and minutes."))
    return meeting


@login_required
def decision_record(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _secretariat(request, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    form = DecisionForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.decision_record(
                item=item,
                by=request.user,
                text=d["text"],
                effect=d["effect"],
                scenario=d["scenario"],
                suggestion=d["suggestion"],
                suggestion_outcome=d["suggestion_outcome"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc, {"agenda_item": None})  # type: ignore[dict-item]
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Outcome recorded."))
            return redirect("committees:meeting-detail", meeting.pk)
    return render(
        request,
        "committees/decision_form.html",
        {"nav": "committees", "form": form, "meeting": meeting, "item": item},
    )


@login_required
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _secretariat(request, pk)
    minutes = getattr(meeting, "minutes", None)
    initial = {"text": minutes.text, "present": minutes.present} if minutes else None
    form = MinutesForm(request.POST or None, initial=initial)
    approve = ApproveMinutesForm(choices=selectors.next_meetings(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_draft(
                meeting=meeting,
                by=request.user,
                text=form.cleaned_data["text"],
                present=form.cleaned_data["present"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Minutes saved as a draft."))
            return redirect("committees:meeting-detail", meeting.pk)
    return render(
        request,
        "committees/minutes_form.html",
        {"nav": "committees", "form": form, "approve": approve, "meeting": meeting,
         "minutes": minutes},
    )  # fmt: skip


@login_required
@require_POST
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _secretariat(request, pk)
    form = ApproveMinutesForm(request.POST, choices=selectors.next_meetings(meeting))
    if form.is_valid():
        try:
            services.minutes_approve(
                meeting=meeting,
                by=request.user,
                at_meeting=form.cleaned_data["approved_at_meeting"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Minutes approved."))
    else:
        messages.error(request, _("Choose the later meeting where the minutes were approved."))
    return redirect("committees:meeting-detail", meeting.pk)


@login_required
@require_POST
def minutes_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _secretariat(request, pk)
    try:
        services.minutes_publish(meeting=meeting, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Minutes published."))
    return redirect("committees:meeting-detail", meeting.pk)
