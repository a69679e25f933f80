"""Importing an mbox with good, duplicate and malformed messages."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from covid_intake.models import Suggestion

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def _message(subject: str, sender: str, msg_id: str | None, body: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "postmottak@ehelse.example.no"
    msg["Subject"] = subject
    msg["Date"] = "Tue, 24 Mar 2020 10:15:00 +0100"
    if msg_id:
        msg["Message-ID"] = msg_id
    msg.set_content(body)
    return bytes(msg)


def _mbox(path: Path, messages: list[bytes]) -> Path:
    with path.open("wb") as f:
        for raw in messages:
            f.write(b"From innspill@example.no Tue Mar 24 10:15:00 2020\n")
            f.write(raw.replace(b"\nFrom ", b"\n>From ").rstrip(b"\n") + b"\n\n")
    return path


def _with_attachment() -> bytes:
    msg = EmailMessage()
    msg["From"] = "Lise Lege <lise@legekontor.example.no>"
    msg["Subject"] = "SMS med prøvesvar"
    msg["Message-ID"] = "<att-1@example.no>"
    msg.set_content("Send negative prøvesvar på SMS.")
    msg.add_attachment(PDF, maintype="application", subtype="pdf", filename="skisse.pdf")
    msg.add_attachment(
        b"MZ\x90\x00", maintype="application", subtype="octet-stream", filename="virus.exe"
    )
    return bytes(msg)


def test_good_messages_once_duplicates_skipped_malformed_reported(
    tmp_path: Path, reference_data: None, capsys: Any
) -> None:
    good1 = _message(
        "Smittesporingsapp", "Ola Nordmann <ola@example.no>", "<m1@example.no>", "Lag en app."
    )
    good2 = _message("Video på sykehjem", "kari@example.no", None, "Nettbrett til alle sykehjem.")
    no_sender = _message("Uten avsender", "ikke en adresse", "<m3@example.no>", "Tekst.")
    box = _mbox(tmp_path / "innboks.mbox", [good1, good1, no_sender, good2, _with_attachment()])

    call_command("import_suggestions", str(box))
    out = capsys.readouterr()
    assert "Imported: 3  Duplicates: 1  Failed: 1" in out.out
    assert "innboks.mbox #3: no sender address in From" in out.err
    assert "virus.exe" in out.out  # the disallowed attachment is reported, the message kept

    s = Suggestion.objects.get(message_id="<m1@example.no>")
    assert (s.title, s.submitter_name, s.submitter_email) == (
        "Smittesporingsapp",
        "Ola Nordmann",
        "ola@example.no",
    )
    assert s.source == "mailbox" and s.received_at.year == 2020 and s.received_at.month == 3
    assert "Lag en app." in s.description
    with_file = Suggestion.objects.get(message_id="<att-1@example.no>")
    assert [a.filename for a in with_file.attachments.all()] == ["skisse.pdf"]

    # Importing the same mailbox again (and a lone .eml of one message) adds nothing.
    eml = tmp_path / "kopi.eml"
    eml.write_bytes(good2)
    call_command("import_suggestions", str(box), str(eml))
    assert "Imported: 0  Duplicates: 5  Failed: 1" in capsys.readouterr().out
    assert Suggestion.objects.count() == 3


def test_nothing_readable_is_an_error(tmp_path: Path, reference_data: None) -> None:
    with pytest.raises(CommandError):
        call_command("import_suggestions", str(tmp_path / "missing.mbox"))


def test_message_without_headers_is_malformed(
    tmp_path: Path, reference_data: None, capsys: Any
) -> None:
    bad = tmp_path / "bad.eml"
    bad.write_bytes(b"this is not an e-mail at all\n")
    with pytest.raises(CommandError):
        call_command("import_suggestions", str(bad))
    assert "bad.eml" in capsys.readouterr().err
