"""Attachment checks: size limit and a type allow-list by extension *and* file signature."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ALLOWED_TYPES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": DOCX,
    ".txt": "text/plain",
}
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    DOCX: (b"PK\x03\x04",),
}
MAX_ATTACHMENTS = 5


def max_attachment_bytes() -> int:
    return int(getattr(settings, "INTAKE_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024))


def attachment_content_type(
    name: str, size: int, head: bytes, *, field: str = "attachments"
) -> str:
    """The content type of an allowed file, or a ValidationError naming `field`."""
    limit = max_attachment_bytes()
    if size > limit:
        raise ValidationError(
            {
                field: _("%(name)s is too large (%(size)s); the limit is %(limit)s per file.")
                % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)}
            },
            code="too_large",
        )
    ext = PurePath(name).suffix.lower()
    content_type = ALLOWED_TYPES.get(ext)
    if content_type is None:
        raise ValidationError(
            {
                field: _("%(name)s is not an allowed file type. Allowed: %(types)s.")
                % {"name": name, "types": "PDF, PNG, JPEG, DOCX, TXT"}
            },
            code="file_type",
        )
    signatures = _SIGNATURES.get(content_type)
    plain_text_ok = content_type == "text/plain" and b"\x00" not in head
    if (signatures and not head.startswith(signatures)) or (
        signatures is None and not plain_text_ok
    ):
        raise ValidationError(
            {field: _("%(name)s does not look like a %(ext)s file.") % {"name": name, "ext": ext}},
            code="file_type",
        )
    return content_type
