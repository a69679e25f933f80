"""People and their roles (the office's user admin). Moves to the `people` app (issue 15)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.roles import ROLE_LABELS
from portfolio.forms import StyledFormMixin
from portfolio.models import Actor
from portfolio.views import office_required


class PersonForm(StyledFormMixin, forms.Form):
    username = forms.CharField(label=_lazy("Username"), max_length=150)
    full_name = forms.CharField(label=_lazy("Full name"), max_length=150, required=False)
    email = forms.EmailField(label=_lazy("E-mail"), required=False)
    roles = forms.MultipleChoiceField(
        label=_lazy("Roles"),
        choices=list(ROLE_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    actors = forms.ModelMultipleChoiceField(
        label=_lazy("Speaks for actors"),
        queryset=Actor.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    is_active = forms.BooleanField(label=_lazy("Active"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


@office_required
def people(request: HttpRequest) -> HttpResponse:
    users = get_user_model().objects.prefetch_related("groups", "actors").order_by("username")
    return render(request, "portfolio/people.html", {"nav": "people", "people": users})


@office_required
def person_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user_model = get_user_model()
    person = get_object_or_404(user_model, pk=pk) if pk else None
    initial = {}
    if person:
        initial = {
            "username": person.username,
            "full_name": person.get_full_name(),
            "email": person.email,
            "roles": list(person.groups.values_list("name", flat=True)),
            "actors": list(person.actors.all()),
            "is_active": person.is_active,
        }
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        taken = user_model.objects.filter(username=form.cleaned_data["username"]).exclude(
            pk=getattr(person, "pk", None)
        )
        if taken.exists():
            form.add_error("username", _("That username is taken."))
        else:
            person = _save_person(person, form.cleaned_data)
            messages.success(request, _("Saved %(u)s.") % {"u": person.username})
            return redirect("people")
    return render(
        request, "portfolio/person_form.html", {"nav": "people", "form": form, "person": person}
    )


@transaction.atomic
def _save_person(person: Any, data: dict[str, Any]) -> Any:
    person = person or get_user_model()(username=data["username"])
    first, _sep, last = data["full_name"].partition(" ")
    person.username, person.first_name, person.last_name = data["username"], first, last
    person.email, person.is_active = data["email"], data["is_active"]
    if person.pk is None:
        person.set_unusable_password()
    person.save()
    person.groups.set(Group.objects.filter(name__in=data["roles"]))
    person.actors.set(data["actors"])
    return person
