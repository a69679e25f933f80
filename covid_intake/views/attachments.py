"""Attachments are served only to those who may see the suggestion."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _

from covid_intake import selectors
from covid_intake.views.common import staff_required


@staff_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    att = selectors.attachment_visible_to(request.user, pk)
    if att is None:
        raise Http404(_("No such attachment."))
    return FileResponse(
        att.file.open("rb"),
        as_attachment=True,
        filename=att.filename,
        content_type=att.content_type,
    )
