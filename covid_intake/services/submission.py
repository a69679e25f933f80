"""Taking a suggestion in: from the public form, the office's mailbox or the API."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.events import emit
from core.policy import require
from covid_intake import similarity
from covid_intake.choices import SuggestionSource
from covid_intake.models import Attachment, Suggestion
from covid_intake.policies import can_import_mailbox, can_submit_via_api
from covid_intake.validators import MAX_ATTACHMENTS, attachment_content_type
from portfolio.models import TargetGroup

_REFERENCE = re.compile(r"^K-(\d{4})-(\d{4,})$")


def _next_reference(year: int) -> str:
    prefix = f"K-{year}-"
    last = (
        Suggestion.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _check_attachments(files: list[File]) -> list[tuple[File, str]]:
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            {"attachments": _("At most %(n)s attachments.") % {"n": MAX_ATTACHMENTS}}
        )
    checked = []
    for f in files:
        f.seek(0)
        head = f.read(512)
        f.seek(0)
        checked.append((f, attachment_content_type(f.name or "file", f.size, head)))
    return checked


@transaction.atomic
def suggestion_submit(
    *,
    fields: Mapping[str, Any],
    source: str = SuggestionSource.FORM,
    target_groups: Iterable[TargetGroup] = (),
    attachments: Iterable[File] = (),
    by: Any = None,
    token: Any = None,
    message_id: str | None = None,
    received_at: Any = None,
    send_receipt: bool = True,
) -> Suggestion:
    """Take a suggestion in and give it a reference. The public may only use the form; the API
    is for the office and integrator tokens with write scope; the mailbox import runs as the
    system or the office. The submitter gets the reference by e-mail after commit."""
    if source == SuggestionSource.API:
        require(
            can_submit_via_api(by, token),
            _("Only the office and integrators with write access may submit through the API."),
        )
    elif source == SuggestionSource.MAILBOX:
        require(can_import_mailbox(by), _("Only the office imports from the mailbox."))
    allowed = {
        "title",
        "description",
        "problem",
        "submitter_name",
        "submitter_email",
        "submitter_organisation",
        "proposed_category",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({k: _("Unknown field.") for k in sorted(unknown)})
    files = _check_attachments(list(attachments))
    suggestion = Suggestion(
        source=source,
        message_id=message_id or None,
        received_at=received_at or timezone.now(),
        **fields,
    )
    suggestion.search_text = similarity.search_text(suggestion.title, suggestion.description)
    suggestion.reference = _next_reference(suggestion.received_at.year)
    suggestion.full_clean(exclude=["reference"])
    for attempt in range(5):
        try:
            with transaction.atomic():
                suggestion.save()
            break
        except IntegrityError:
            if message_id and Suggestion.objects.filter(message_id=message_id).exists():
                raise ValidationError(
                    {"message_id": _("This message has already been imported.")}
                ) from None
            if attempt == 4:
                raise
            suggestion.pk = None
            suggestion.reference = _next_reference(suggestion.received_at.year)
    suggestion.target_groups.set(list(target_groups))
    for f, content_type in files:
        name = (f.name or "file").replace("\\", "/").rsplit("/", 1)[-1][:200]
        att = Attachment(
            suggestion=suggestion, filename=name, content_type=content_type, size=f.size
        )
        att.file.save(name, f, save=False)
        att.save()
    emit(
        "suggestion.received",
        {
            "id": suggestion.pk,
            "reference": suggestion.reference,
            "receipt": bool(send_receipt and suggestion.submitter_email),
        },
    )
    return suggestion
