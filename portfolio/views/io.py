"""Staff UI for import and export of measures (rules in portfolio.io)."""

from __future__ import annotations

import datetime as dt
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from core.policy import require
from core.streaming import in_one_transaction
from portfolio import export_report, policies
from portfolio import io as measure_io
from portfolio.forms import MeasureImportForm
from portfolio.views.measures import filtered_measures

PENDING_KEY = "measure_import_pending"
PENDING_MAX_AGE_SECONDS = 24 * 3600
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


LAYOUTS = ("import", "report")


def _in_language(chunks: Iterator[bytes], language: str) -> Iterator[bytes]:
    """Stream in the request's language (the rows are produced after the view returns)."""
    with translation.override(language):
        yield from chunks


def measure_export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The measure list as filtered and sorted on screen (same query string), as CSV or XLSX,
    streamed from a server-side cursor. Only what the caller may see: the list's queryset is
    already scoped to the user.

    `layout=report` (for people): one row per measure, a column per budget year, labels and
    headers in the user's language; its CSV is for Norwegian Excel (`;`, UTF-8 with BOM).
    `layout=import` (the default, for machines): the import layout, `,`-separated."""
    kind = request.GET.get("format", "csv")
    layout = request.GET.get("layout", "import")
    if kind not in CONTENT_TYPES:
        return HttpResponse(_("Unknown format; use csv or xlsx."), status=400)
    if layout not in LAYOUTS:
        return HttpResponse(_("Unknown layout; use report or import."), status=400)
    _filterset, qs = filtered_measures(request)

    def produce() -> Iterator[bytes]:
        if layout == "report":
            writer = export_report.csv_chunks if kind == "csv" else export_report.xlsx_chunks
            return writer(qs)
        measures = measure_io.export_queryset(qs).iterator(chunk_size=export_report.CHUNK)
        writer = measure_io.csv_chunks if kind == "csv" else measure_io.xlsx_chunks
        return writer(measures)

    response = StreamingHttpResponse(
        _in_language(
            in_one_transaction(produce), translation.get_language() or settings.LANGUAGE_CODE
        ),
        content_type=CONTENT_TYPES[kind],
    )
    stamp = dt.date.today().isoformat()
    name = "measures-report" if layout == "report" else "measures"
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{kind}"'
    return response


def _pending_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for stale in path.glob("*.upload"):
        if now - stale.stat().st_mtime > PENDING_MAX_AGE_SECONDS:
            stale.unlink(missing_ok=True)
    return path


def _keep_for_confirm(request: HttpRequest, data: bytes, filename: str) -> str:
    token = secrets.token_urlsafe(24)
    (_pending_dir() / f"{token}.upload").write_bytes(data)
    request.session[PENDING_KEY] = {"token": token, "filename": filename}
    return token


def _take_pending(request: HttpRequest, token: str) -> tuple[bytes, str] | None:
    pending = request.session.get(PENDING_KEY) or {}
    if not token or not secrets.compare_digest(pending.get("token", ""), token):
        return None
    path = _pending_dir() / f"{pending['token']}.upload"
    if not path.is_file():
        return None
    data = path.read_bytes()
    path.unlink(missing_ok=True)
    del request.session[PENDING_KEY]
    return data, pending["filename"]


@login_required
def measure_import(request: HttpRequest) -> HttpResponse:
    """Upload → dry run (default) shows errors or a summary → confirm runs it for real."""
    require(
        policies.can_manage_reference_data(request.user),
        _("Only the portfolio office can import measures."),
    )
    form = MeasureImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"nav": "measures", "form": form, "columns": measure_io.COLUMNS}
    if request.method != "POST":
        return render(request, "portfolio/measure_import.html", context)

    if "confirm" in request.POST:
        pending = _take_pending(request, request.POST.get("confirm", ""))
        if pending is None:
            messages.error(request, _("The checked file has expired; upload it again."))
            return redirect("measure-import")
        data, filename = pending
        dry_run = False
    elif form.is_valid():
        upload = form.cleaned_data["file"]
        data, filename = upload.read(), upload.name
        dry_run = form.cleaned_data["dry_run"]
    else:
        return render(request, "portfolio/measure_import.html", context, status=400)

    result = measure_io.import_measures(
        by=request.user, data=data, filename=filename, dry_run=dry_run
    )
    context.update({"result": result, "filename": filename, "form": MeasureImportForm()})
    if result.errors:
        return render(request, "portfolio/measure_import.html", context, status=400)
    if dry_run:
        if result.changes:
            context["confirm_token"] = _keep_for_confirm(request, data, filename)
        return render(request, "portfolio/measure_import.html", context)
    messages.success(request, result.summary())
    return redirect("measure-list")
