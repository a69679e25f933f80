"""Honeypot, rate limit per address, CSRF and attachment checks on the public form."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from covid_intake.models import Suggestion

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Chatbot om korona",
    "description": "En chatbot som svarer på vanlige spørsmål.",
    "submitter_name": "Kari",
    "submitter_email": "kari@example.no",
}


def test_filled_honeypot_stores_nothing(client: Any, reference_data: None) -> None:
    response = client.post("/intake/suggest/", FORM | {"website": "http://spam.example"})
    assert response.status_code == 400
    assert Suggestion.objects.count() == 0


def test_sixth_submission_in_ten_minutes_is_refused_with_a_clear_error(
    client: Any, reference_data: None
) -> None:
    for i in range(5):
        assert client.post("/intake/suggest/", FORM | {"title": f"Forslag {i}"}).status_code == 302
    response = client.post("/intake/suggest/", FORM | {"title": "Forslag 6"})
    assert response.status_code == 429
    assert "Too many suggestions from your address" in response.content.decode()
    assert Suggestion.objects.count() == 5
    other = client.post("/intake/suggest/", FORM, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_form_requires_csrf_token(reference_data: None) -> None:
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/intake/suggest/", FORM).status_code == 403


def test_too_large_attachment_is_refused_naming_the_field(
    client: Any, reference_data: None, settings: Any
) -> None:
    settings.INTAKE_ATTACHMENT_MAX_BYTES = 1000
    big = SimpleUploadedFile("stor.pdf", b"%PDF" + b"0" * 2000, content_type="application/pdf")
    response = client.post("/intake/suggest/", FORM | {"attachments": [big]})
    assert response.status_code == 400
    assert "attachments" in response.context["form"].errors
    assert "too large" in response.context["form"].errors["attachments"][0]
    assert Suggestion.objects.count() == 0


def test_wrong_type_is_refused_and_a_pdf_is_accepted(client: Any, reference_data: None) -> None:
    exe = SimpleUploadedFile("program.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client.post("/intake/suggest/", FORM | {"attachments": [exe]})
    assert "not an allowed file type" in response.context["form"].errors["attachments"][0]
    fake = SimpleUploadedFile("bilde.png", b"not a png", content_type="image/png")
    response = client.post("/intake/suggest/", FORM | {"attachments": [fake]})
    assert "does not look like" in response.context["form"].errors["attachments"][0]

    pdf = SimpleUploadedFile("skisse.pdf", b"%PDF-1.4 ...", content_type="application/pdf")
    assert client.post("/intake/suggest/", FORM | {"attachments": [pdf]}).status_code == 302
    attachment = Suggestion.objects.get().attachments.get()
    assert (attachment.filename, attachment.content_type) == ("skisse.pdf", "application/pdf")


def test_service_refuses_bad_attachment_naming_the_field(reference_data: None) -> None:
    from django.core.exceptions import ValidationError

    from covid_intake import services

    bad = SimpleUploadedFile("x.exe", b"MZ")
    with pytest.raises(ValidationError) as exc:
        services.suggestion_submit(
            fields={"title": "t", "description": "d"}, attachments=[bad], send_receipt=False
        )
    assert "attachments" in exc.value.message_dict
    assert Suggestion.objects.count() == 0
