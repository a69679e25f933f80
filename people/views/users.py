"""The office's user and role administration: the list of people, and one person's page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.policy import policy_view
from core.services import history_for
from people import selectors, services
from people.extensions import person_fields
from people.forms import PersonForm
from people.policies import can_manage_people

office_required = policy_view(can_manage_people, login=True)


@office_required
def people(request: HttpRequest) -> HttpResponse:
    extras = person_fields()
    rows = [(p, [extra.describe(p) for extra in extras]) for p in selectors.people_list()]
    context = {"nav": "people", "rows": rows, "extra_columns": [e.label for e in extras]}
    return render(request, "people/people.html", context)


@office_required
def person_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    person: Any = get_object_or_404(get_user_model(), pk=pk) if pk else None
    initial = selectors.person_initial(person) if person else {}
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if selectors.username_taken(form.cleaned_data["username"], person):
            form.add_error("username", _("That username is taken."))
        else:
            person = services.person_save(person=person, data=form.cleaned_data)
            messages.success(request, _("Saved %(u)s.") % {"u": person.username})
            return redirect("people")
    context = {
        "nav": "people",
        "form": form,
        "person": person,
        "checkbox_groups": form.checkbox_groups(),
        "history": history_for(person) if person else None,
    }
    return render(request, "people/person_form.html", context)
