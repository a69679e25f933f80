"""Dates dd.mm.åååå in pages (ISO in the API), date pickers, e-mails in bokmål that link to
the object, and errors that name a field by its label rather than its code."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


def test_measure_dates_are_dd_mm_yyyy_in_pages_and_iso_in_the_api(
    client: Any, api: Any, office_user: Any, make_measure: Any, actor_a: Any, settings: Any
) -> None:
    settings.LANGUAGE_CODE = "nb"
    measure = make_measure(actor_a, start_date=dt.date(2021, 3, 4), end_date=dt.date(2022, 11, 30))
    client.force_login(office_user)
    for path in ("/measures/", f"/measures/{measure.pk}/"):
        html = client.get(path).content.decode()
        assert "04.03.2021" in html and "30.11.2022" in html, path
        assert "2021-03-04" not in html.replace('datetime="2021-03-04', ""), path
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "04.03.2021" in client.get(f"/measures/{measure.pk}/").content.decode()
    api.force_authenticate(office_user)
    data = api.get(f"/api/v1/measures/{measure.pk}/").json()
    assert data["start_date"] == "2021-03-04"


def test_date_filters_and_date_fields_offer_a_date_picker(
    client: Any, office_user: Any, make_measure: Any, actor_a: Any
) -> None:
    measure = make_measure(actor_a, start_date=dt.date(2021, 3, 4))
    client.force_login(office_user)
    pages = {
        "/measures/": ["start_after", "end_before"],
        "/intake/suggestions/": ["received_after", "received_before"],
        f"/measures/{measure.pk}/edit/": ["start_date", "end_date"],
    }
    for path, names in pages.items():
        html = client.get(path).content.decode()
        for name in names:
            tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
            assert tag is not None, (path, name)
            assert 'type="date"' in tag.group(0), (path, name)
    # A picker's value is ISO; the filter reads it (and also a hand-typed 04.03.2021).
    for value in ("2021-03-01", "01.03.2021"):
        html = client.get(f"/measures/?start_after={value}").content.decode()
        assert measure.code in html, value


def test_workflow_email_is_in_bokmal_and_links_to_the_measure(
    client: Any,
    rep_a: Any,
    office_user: Any,
    actor_a: Any,
    make_measure: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.LANGUAGE_CODE = "nb"
    settings.SITE_URL = "https://portefolje.example.no"
    rep_a.email = "rep@example.no"
    rep_a.save()
    measure = make_measure(actor_a, state="submitted", published=False)
    client.force_login(office_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/measures/{measure.pk}/transition/return/", {"comment": "Mer om gevinster"})
    message = mail.outbox[-1]
    assert f"https://portefolje.example.no/measures/{measure.pk}/" in message.body
    assert "Åpne tiltaket" in message.body and "Kommentar: Mer om gevinster" in message.body
    assert "Sendt inn → Returnert" in message.body  # the states' labels
    assert "submitted" not in message.body and "returned" not in message.body


def test_receipt_email_links_to_the_status_page(settings: Any, reference_data: None) -> None:
    from covid_intake.models import Suggestion
    from covid_intake.tasks import send_receipt

    settings.LANGUAGE_CODE = "nb"
    settings.SITE_URL = "https://portefolje.example.no"
    suggestion = Suggestion.objects.create(
        reference="K-2099-0001",
        title="Videokonsultasjon",
        description="Mer bruk",
        submitter_email="kari@example.no",
    )
    send_receipt(suggestion_pk=suggestion.pk)
    assert "https://portefolje.example.no/intake/status/?reference=" in mail.outbox[-1].body


def test_submitting_an_incomplete_measure_names_fields_by_label(
    client: Any, rep_a: Any, actor_a: Any, make_measure: Any, settings: Any
) -> None:
    settings.LANGUAGE_CODE = "nb"
    measure = make_measure(actor_a, state="draft", published=False, purpose="")
    client.force_login(rep_a)
    response = client.post(f"/measures/{measure.pk}/transition/submit/", follow=True)
    html = response.content.decode()
    assert "criterion_digitalisation_core" not in html and "start_date" not in html
    # The catalogue's bokmål labels of the fields (checked by hand against locale/nb).
    assert "Start: " in html and "Formål: " in html
    assert "Digitalisering er avgjørende og gjelder kjernen i helse- og omsorgstjenestene: " in html
