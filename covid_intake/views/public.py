"""The public pages: the suggestion form, the receipt and the status lookup. No login."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from covid_intake import ratelimit, selectors, services
from covid_intake.choices import SuggestionSource
from covid_intake.forms import StatusLookupForm, SuggestionForm
from covid_intake.models import Suggestion
from covid_intake.views.common import attach_errors

SESSION_KEY = "intake_references"


def submit(request: HttpRequest) -> HttpResponse:
    """The public form: no login, CSRF, a honeypot and a per-address rate limit."""
    form = SuggestionForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        address = ratelimit.client_address(request)
        if ratelimit.exceeded(address):
            seconds = ratelimit.limits()[1]
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Too many suggestions from your address. Please wait %(m)s minutes "
                    "and try again."
                )
                % {"m": max(1, seconds // 60)},
            )
            status = 429
        elif form.is_spam:
            ratelimit.hit(address)
            form.is_valid()
            form.add_error(None, _("The suggestion could not be accepted."))
            status = 400
        elif form.is_valid():
            try:
                suggestion = services.suggestion_submit(
                    fields=form.service_fields(),
                    target_groups=form.cleaned_data["target_groups"],
                    attachments=form.cleaned_data["attachments"],
                    source=SuggestionSource.FORM,
                )
            except ValidationError as exc:
                attach_errors(form, exc)
                status = 400
            else:
                ratelimit.hit(address)
                refs = request.session.get(SESSION_KEY, [])[-9:]
                request.session[SESSION_KEY] = [*refs, suggestion.reference]
                return redirect("covid_intake:receipt", reference=suggestion.reference)
        else:
            status = 400
    return render(
        request,
        "covid_intake/suggestion_form.html",
        {"form": form, "nav": "suggest"},
        status=status,
    )


def receipt(request: HttpRequest, reference: str) -> HttpResponse:
    """Shown only in the browser session that submitted the suggestion."""
    if reference not in request.session.get(SESSION_KEY, []):
        raise Http404(_("No such receipt."))
    suggestion = Suggestion.objects.only("reference", "title", "submitter_email").get(
        reference=reference
    )
    return render(
        request, "covid_intake/receipt.html", {"suggestion": suggestion, "nav": "suggest"}
    )


def status_lookup(request: HttpRequest) -> HttpResponse:
    """The status of a suggestion by its reference; nothing else about it is shown."""
    form = StatusLookupForm(request.GET or None)
    found = None
    searched = False
    if form.is_bound and form.is_valid():
        searched = True
        found = selectors.public_status(form.cleaned_data["reference"])
    return render(
        request,
        "covid_intake/status.html",
        {"form": form, "found": found, "searched": searched, "nav": "suggest"},
        status=404 if searched and found is None else 200,
    )
