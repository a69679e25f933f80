"""Committees, meetings and agendas: lists, pages, forms, the PDF notice and calendars."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from committees import calendar, policies, selectors, services
from committees.forms import AgendaItemForm, MeetingForm
from committees.invitation import invitation_pdf
from committees.models import MATERIAL_FIELDS, AgendaItem, Committee, Meeting
from committees.views import errors_to_form, visible_meeting

TIMES = {"starts_at": "start", "ends_at": "end"}


def _meeting_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    user = request.user
    return {
        "nav": "committees",
        "meeting": meeting,
        "items": selectors.agenda(meeting, user),
        "material_fields": MATERIAL_FIELDS,
        "can_manage": policies.can_manage(user, meeting.committee),
        "show_outcomes": policies.can_see_outcomes(user, meeting),
        "minutes": meeting.minutes if policies.can_see_minutes(user, meeting) else None,
        "unpublished_view": policies.sees_unpublished(user, meeting.committee),
    }


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "committees/index.html",
        {
            "nav": "committees",
            "committees": selectors.committee_list(),
            "meetings": selectors.meeting_list(request.user).order_by("-starts_at")[:100],
            "can_manage": policies.can_manage(request.user),
        },
    )


@require_safe
def committee_detail(request: HttpRequest, slug: str) -> HttpResponse:
    committee = get_object_or_404(Committee, slug=slug)
    return render(
        request,
        "committees/committee_detail.html",
        {
            "nav": "committees",
            "committee": committee,
            "members": selectors.committee_members(committee),
            "meetings": selectors.meeting_list(request.user).filter(committee=committee),
            "can_manage": policies.can_manage(request.user, committee),
        },
    )


@require_safe
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    return render(request, "committees/meeting_detail.html", _meeting_context(request, meeting))


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    if not policies.can_manage(request.user):
        raise PermissionDenied(_("Only the secretariat creates meetings."))
    form = MeetingForm(request.POST or None, initial={"committee": request.GET.get("committee")})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                committee=form.cleaned_data["committee"],
                by=request.user,
                fields=form.service_fields(),
            )
        except ValidationError as exc:
            errors_to_form(form, exc, {"starts_at": "start", "ends_at": "end"})
        else:
            messages.success(request, _("Meeting created."))
            return redirect("committees:meeting-detail", meeting.pk)
    return render(
        request,
        "committees/meeting_form.html",
        {"nav": "committees", "form": form, "meeting": None},
    )


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    if not policies.can_manage(request.user, meeting.committee):
        raise PermissionDenied(_("Only the secretariat changes meetings."))
    form = MeetingForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, by=request.user, fields=form.service_fields())
        except ValidationError as exc:
            errors_to_form(form, exc, {"starts_at": "start", "ends_at": "end"})
        else:
            messages.success(request, _("Meeting saved."))
            return redirect("committees:meeting-detail", meeting.pk)
    return render(
        request,
        "committees/meeting_form.html",
        {"nav": "committees", "form": form, "meeting": meeting},
    )


@login_required
def item_form(request: HttpRequest, pk: int, item_pk: int | None = None) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    if not policies.can_manage(request.user, meeting.committee):
        raise PermissionDenied(_("Only the secretariat changes the agenda."))
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting) if item_pk else None
    form = AgendaItemForm(request.POST or None, meeting=meeting, user=request.user, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            if item is None:
                services.agenda_item_add(
                    meeting=meeting,
                    by=request.user,
                    fields=form.service_fields(),
                    material=form.material(),
                )
            else:
                services.agenda_item_update(
                    item=item,
                    by=request.user,
                    fields=form.service_fields(),
                    material=form.material(),
                )
        except ValidationError as exc:
            errors_to_form(form, exc, TIMES)
        else:
            messages.success(request, _("Agenda item saved."))
            return redirect("committees:meeting-detail", meeting.pk)
    return render(
        request,
        "committees/item_form.html",
        {"nav": "committees", "form": form, "meeting": meeting, "item": item},
    )


@login_required
@require_POST
def agenda_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    try:
        services.agenda_publish(meeting=meeting, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Agenda published; the cases are numbered."))
    return redirect("committees:meeting-detail", meeting.pk)


@require_safe
def meeting_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    body = invitation_pdf(meeting, selectors.agenda(meeting, request.user))
    response = HttpResponse(body, content_type="application/pdf")
    name = f"innkalling-{meeting.committee.slug}-{meeting.local_start:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _agenda_lines(items: list[AgendaItem]) -> list[str]:
    return [
        f"{i.local_start:%H:%M}–{i.local_end:%H:%M} {i.title}"
        + (f" ({i.presenter})" if i.presenter else "")
        for i in items
    ]


def _ics(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    url = request.build_absolute_uri(meeting_url(meeting))
    body = calendar.calendar_bytes(
        [meeting],
        name=meeting.display_title,
        urls={meeting.pk: url},
        agendas={meeting.pk: _agenda_lines(selectors.agenda(meeting, request.user))},
    )
    return _ics(body, f"{meeting.committee.slug}-{meeting.local_start:%Y-%m-%d}.ics")


@require_safe
def committee_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """The committee's published meetings: a feed calendar apps subscribe to (no login)."""
    committee = get_object_or_404(Committee, slug=slug)
    meetings = list(selectors.public_meetings().filter(committee=committee).order_by("starts_at"))
    urls = {m.pk: request.build_absolute_uri(meeting_url(m)) for m in meetings}
    body = calendar.calendar_bytes(meetings, name=str(committee.name), urls=urls)
    return _ics(body, f"{committee.slug}.ics")


def meeting_url(meeting: Meeting) -> str:
    if meeting.agenda_published:
        return reverse("public_committees:meeting", args=[meeting.pk])
    return reverse("committees:meeting-detail", args=[meeting.pk])
