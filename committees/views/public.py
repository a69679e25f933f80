"""The public pages: committees, published agendas and published minutes. Reads only through
the anonymous user's visible sets, so nothing unpublished can appear here."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from committees import policies, selectors
from committees.models import MATERIAL_FIELDS


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "committees/public/index.html",
        {
            "nav": "public",
            "committees": selectors.committee_list().prefetch_related("memberships__actor"),
            "meetings": selectors.public_meetings().order_by("-starts_at")[:100],
        },
    )


@require_safe
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    anonymous = AnonymousUser()
    found = selectors.public_meetings().filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such published meeting."))
    return render(
        request,
        "committees/public/meeting_detail.html",
        {
            "nav": "public",
            "meeting": found,
            "items": selectors.agenda(found, anonymous),
            "material_fields": MATERIAL_FIELDS,
            "show_outcomes": policies.can_see_outcomes(anonymous, found),
            "minutes": found.minutes if policies.can_see_minutes(anonymous, found) else None,
            "public": True,
        },
    )
