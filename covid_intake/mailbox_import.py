"""Reading the office's mailbox: .eml files or an .mbox, one suggestion per message.

Steps for each message: 1. parse (stdlib `email`, modern policy); 2. check it has a sender
address and a subject or body, else report it as malformed; 3. its key is the Message-ID, or
a hash of the raw bytes when missing; 4. skip keys already imported; 5. create the suggestion
with sender, date, subject → title, body and allowed attachments.
"""

from __future__ import annotations

import email
import hashlib
import mailbox
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import strip_tags

from covid_intake.choices import SuggestionSource
from covid_intake.models import Suggestion
from covid_intake.services import suggestion_submit
from covid_intake.validators import attachment_content_type


class MalformedMessage(Exception):
    """A message that cannot become a suggestion; the reason is the text."""


@dataclass
class ParsedMessage:
    key: str
    sender_name: str
    sender_email: str
    title: str
    body: str
    received_at: Any
    attachments: list[ContentFile] = field(default_factory=list)
    skipped_attachments: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)  # references
    duplicates: list[str] = field(default_factory=list)  # message keys
    failed: list[tuple[str, str]] = field(default_factory=list)  # (where, why)
    warnings: list[str] = field(default_factory=list)
    read: int = 0


def raw_messages(path: Path) -> Iterator[tuple[str, bytes]]:
    """(label, raw bytes) of each message in an .eml file or an mbox."""
    data = path.read_bytes()
    if path.suffix.lower() == ".eml" or not data.startswith(b"From "):
        yield path.name, data
        return
    box = mailbox.mbox(str(path), create=False)
    try:
        for i, key in enumerate(box.iterkeys(), start=1):
            yield f"{path.name} #{i}", box.get_bytes(key)
    finally:
        box.close()


def _text_body(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        text = part.get_content()
    except (LookupError, UnicodeError) as exc:
        raise MalformedMessage(f"the body cannot be decoded ({exc})") from exc
    if part.get_content_type() == "text/html":
        text = strip_tags(text)
    return text.strip()


def parse(raw: bytes) -> ParsedMessage:
    """A message's data, or MalformedMessage saying why it cannot be used."""
    if not raw.strip():
        raise MalformedMessage("the message is empty")
    msg = email.message_from_bytes(raw, policy=policy.default)
    if not isinstance(msg, EmailMessage):
        raise MalformedMessage("not an e-mail message")
    headers_missing = [
        d for d in msg.defects if type(d).__name__ == "MissingHeaderBodySeparatorDefect"
    ]
    if headers_missing or not msg.keys():
        raise MalformedMessage("no headers (the header/body separator is missing)")
    try:
        sender_header = str(msg.get("From", "") or "")
    except Exception as exc:  # noqa: BLE001 – header parsing errors come in many types
        raise MalformedMessage(f"unreadable From header ({exc})") from exc
    addresses = [(n, a) for n, a in getaddresses([sender_header]) if "@" in a]
    if not addresses:
        raise MalformedMessage("no sender address in From")
    name, address = addresses[0]
    subject = " ".join(str(msg.get("Subject", "") or "").split())
    body = _text_body(msg)
    if not subject and not body:
        raise MalformedMessage("neither a subject nor a body")
    try:
        received = parsedate_to_datetime(str(msg["Date"])) if msg["Date"] else None
    except (TypeError, ValueError):
        received = None
    if received is not None and timezone.is_naive(received):
        received = timezone.make_aware(received)
    message_id = str(msg.get("Message-ID", "") or "").strip()
    key = message_id or "sha256:" + hashlib.sha256(raw).hexdigest()
    parsed = ParsedMessage(
        key=key[:500],
        sender_name=name.strip(),
        sender_email=address.strip(),
        title=(subject or body.splitlines()[0])[:200],
        body=body or subject,
        received_at=received or timezone.now(),
    )
    for part in msg.iter_attachments():
        filename = part.get_filename() or "vedlegg"
        content = part.get_payload(decode=True) or b""
        try:
            attachment_content_type(filename, len(content), content[:512])
        except ValidationError as exc:
            parsed.skipped_attachments.append(f"{filename}: {exc.messages[0]}")
            continue
        parsed.attachments.append(ContentFile(content, name=filename))
    return parsed


def import_files(paths: list[Path], *, by: Any = None) -> ImportReport:
    """Import every message of the files; each good message once, bad ones reported."""
    report = ImportReport()
    for path in paths:
        try:
            messages = list(raw_messages(path))
        except (OSError, mailbox.Error) as exc:
            report.failed.append((str(path), f"cannot read the file ({exc})"))
            continue
        for label, raw in messages:
            report.read += 1
            try:
                parsed = parse(raw)
            except MalformedMessage as exc:
                report.failed.append((label, str(exc)))
                continue
            if Suggestion.objects.filter(message_id=parsed.key).exists():
                report.duplicates.append(f"{label} ({parsed.key})")
                continue
            try:
                suggestion = suggestion_submit(
                    fields={
                        "title": parsed.title,
                        "description": parsed.body,
                        "submitter_name": parsed.sender_name,
                        "submitter_email": parsed.sender_email,
                    },
                    source=SuggestionSource.MAILBOX,
                    attachments=parsed.attachments[:5],
                    message_id=parsed.key,
                    received_at=parsed.received_at,
                    by=by,
                    send_receipt=False,
                )
            except ValidationError as exc:
                if "message_id" in getattr(exc, "error_dict", {}):
                    report.duplicates.append(f"{label} ({parsed.key})")
                else:
                    report.failed.append((label, "; ".join(exc.messages)))
                continue
            report.imported.append(suggestion.reference)
            report.warnings.extend(
                f"{label}: attachment skipped – {w}" for w in parsed.skipped_attachments
            )
    return report
