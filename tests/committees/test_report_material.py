"""A portfolio report as an agenda item's material: only reports the user may see can be
chosen (reporting.policies), and public pages show only published reports, linked to their
public version."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from committees import services
from committees.choices import MemberRole
from committees.forms import AgendaItemForm
from reporting import services as reporting_services
from tests.committees.conftest import at
from tests.reporting.conftest import open_round, small_portfolio, status  # noqa: F401

pytestmark = pytest.mark.django_db

DAY = dt.date(2020, 10, 15)
BASE = "/api/v1/committees"


@pytest.fixture
def reports(
    open_round: Any,  # noqa: F811
    small_portfolio: dict,  # noqa: F811
    office_user: Any,
    rep_a: Any,
) -> dict[str, Any]:
    round_ = open_round()
    reporting_services.status_submit(
        round_=round_, measure=small_portfolio["a1"], by=rep_a, data=status()
    )
    round_ = reporting_services.round_close(round_=round_, by=office_user)
    draft = reporting_services.report_create(
        round_=round_, by=office_user, fields={"title": "Utkast til porteføljerapport"}
    )
    published = reporting_services.report_create(
        round_=round_, by=office_user, fields={"title": "Porteføljerapport T3 2020"}
    )
    published = reporting_services.report_publish(report=published, by=office_user)
    return {"draft": draft, "published": published}


@pytest.fixture
def secretary(nuit: Any, office_user: Any, make_user: Any) -> Any:
    user = make_user("nuit_secretary", None)
    services.membership_add(committee=nuit, by=office_user,
                            fields={"person_name": "Sekretær", "organisation": "E-helse",
                                    "role": MemberRole.SECRETARIAT, "user": user})  # fmt: skip
    return user


def _form_data(**extra: Any) -> dict[str, Any]:
    return {"title": "Porteføljen", "case_type": "information", "start": "09:00",
            "end": "09:30", **extra}  # fmt: skip


def test_the_form_offers_only_reports_the_user_may_see(
    reports: dict, nuit: Any, make_meeting: Any, office_user: Any, secretary: Any
) -> None:
    meeting = make_meeting(nuit, DAY, "09:00", "11:00")
    draft, published = reports["draft"], reports["published"]
    office_form = AgendaItemForm(meeting=meeting, user=office_user)
    assert set(office_form.fields["reports"].queryset) == {draft, published}
    form = AgendaItemForm(meeting=meeting, user=secretary)
    assert list(form.fields["reports"].queryset) == [published]
    assert "Utkast til porteføljerapport" not in str(form["reports"])
    refused = AgendaItemForm(_form_data(reports=[draft.pk]), meeting=meeting, user=secretary)
    assert not refused.is_valid() and "reports" in refused.errors
    accepted = AgendaItemForm(_form_data(reports=[published.pk]), meeting=meeting, user=secretary)
    assert accepted.is_valid(), accepted.errors
    assert accepted.material()["reports"] == [published]
    # The service refuses a report the secretary cannot see, and writes nothing.
    with pytest.raises(ValidationError) as exc:
        services.agenda_item_add(
            meeting=meeting,
            by=secretary,
            fields={"title": "X", "starts_at": at(DAY, "10:00"), "ends_at": at(DAY, "10:30")},
            material={"reports": [draft]},
        )
    assert "reports" in exc.value.message_dict
    assert meeting.items.count() == 0


def test_editing_as_the_secretary_keeps_a_link_they_cannot_see(
    reports: dict, nuit: Any, make_meeting: Any, office_user: Any, secretary: Any
) -> None:
    meeting = make_meeting(nuit, DAY, "09:00", "11:00")
    item = services.agenda_item_add(
        meeting=meeting,
        by=office_user,
        fields={"title": "Porteføljen", "starts_at": at(DAY, "09:00"), "ends_at": at(DAY, "09:30")},
        material={"reports": [reports["draft"], reports["published"]]},
    )
    form = AgendaItemForm(_form_data(), meeting=meeting, user=secretary, item=item)
    assert form.is_valid(), form.errors
    services.agenda_item_update(
        item=item, by=secretary, fields=form.service_fields(), material=form.material()
    )
    assert set(item.reports.all()) == {reports["draft"]}


def test_pages_and_api_show_linked_reports_as_the_reader_may_see_them(
    reports: dict, nuit: Any, make_meeting: Any, office_user: Any, member: Any, api: Any
) -> None:
    draft, published = reports["draft"], reports["published"]
    meeting = make_meeting(nuit, DAY, "09:00", "11:00")
    api.force_authenticate(office_user)
    created = api.post(f"{BASE}/agenda-items/", {"meeting": meeting.pk, "title": "Porteføljen",
                       "starts_at": "2020-10-15T09:00:00+02:00",
                       "ends_at": "2020-10-15T09:30:00+02:00",
                       "reports": [draft.pk, published.pk]}, format="json")  # fmt: skip
    assert created.status_code == 201, created.json()
    item_id = created.json()["id"]
    assert sorted(created.json()["reports"]) == sorted([draft.pk, published.pk])
    services.agenda_publish(meeting=meeting, by=office_user)

    office = Client()
    office.force_login(office_user)
    page = office.get(reverse("committees:meeting-detail", args=[meeting.pk])).content.decode()
    assert f'href="{reverse("reporting:report-detail", args=[draft.pk])}"' in page
    assert f'href="{reverse("reporting:report-detail", args=[published.pk])}"' in page

    # A member sees the material early, but a draft report is the office's alone.
    as_member = Client()
    as_member.force_login(member)
    page = as_member.get(reverse("committees:meeting-detail", args=[meeting.pk])).content.decode()
    assert "Porteføljerapport T3 2020" in page and "Utkast til porteføljerapport" not in page
    api.force_authenticate(member)
    assert api.get(f"{BASE}/agenda-items/{item_id}/").json()["reports"] == [published.pk]

    public = Client().get(reverse("public_committees:meeting", args=[meeting.pk]))
    assert public.status_code == 200
    page = public.content.decode()
    public_link = reverse("reporting_public:report-detail", args=[published.pk])
    assert f'href="{public_link}"' in page
    assert "Utkast til porteføljerapport" not in page
    assert reverse("reporting:report-detail", args=[published.pk]) + '"' not in page
    assert Client().get(public_link).status_code == 200


def test_the_secretary_links_only_measures_they_may_see(
    nuit: Any, make_meeting: Any, secretary: Any, make_measure: Any, actor_b: Any, api: Any
) -> None:
    """Every kind of material follows its own app's visibility rule, not only reports: a
    secretary who is not in the office cannot link another actor's draft measure."""
    meeting = make_meeting(nuit, DAY, "09:00", "11:00")
    draft = make_measure(actor_b, state="draft", published=False)
    published = make_measure(actor_b, published=True)
    form = AgendaItemForm(meeting=meeting, user=secretary)
    assert draft not in form.fields["measures"].queryset
    with pytest.raises(ValidationError) as exc:
        services.agenda_item_add(
            meeting=meeting,
            by=secretary,
            fields={"title": "X", "starts_at": at(DAY, "10:00"), "ends_at": at(DAY, "10:30")},
            material={"measures": [draft]},
        )
    assert "measures" in exc.value.message_dict and meeting.items.count() == 0
    api.force_authenticate(secretary)
    body = {"meeting": meeting.pk, "title": "Y", "case_type": "information",
            "starts_at": at(DAY, "10:00").isoformat(), "ends_at": at(DAY, "10:30").isoformat()}  # fmt: skip
    refused = api.post(f"{BASE}/agenda-items/", {**body, "measures": [draft.pk]}, format="json")
    assert refused.status_code == 400 and draft.code not in refused.content.decode()
    assert meeting.items.count() == 0
    accepted = api.post(
        f"{BASE}/agenda-items/", {**body, "measures": [published.pk]}, format="json"
    )
    assert accepted.status_code == 201, accepted.content
