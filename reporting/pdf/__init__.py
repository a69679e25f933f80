"""The portfolio report as a PDF, drawn with reportlab (pure Python; no browser, no system
packages). Rendered from the report's stored content only, with `invariant=1` (fixed
creation date and document id), so the same content always gives the same bytes.

- `layout`: colours, paragraph styles, text escaping and the one table style;
- `charts`: the drawings (bars, stacked status bars, traffic-light dots);
- `sections`: one function per section of the report, each returning its flowables;
- `document`: `render(content)`, the page template and the order of the sections.
"""

import hashlib
import json
from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language

from core import data_version
from reporting.pdf.document import render

__all__ = ["render", "render_cached"]

PDF_CACHE_SECONDS = 7 * 24 * 3600


def render_cached(content: dict[str, Any]) -> bytes:
    """`render(content)`, kept in the cache under a hash of the content and the language
    (the same content gives the same bytes; drawing a report takes about 0.3 s)."""
    digest = hashlib.sha256(
        json.dumps(content, sort_keys=True, default=str).encode("utf-8")
    ).hexdigest()
    key = f"report-pdf:{data_version.CACHE_SALT}:{get_language()}:{digest}"
    data = cache.get(key)
    if data is None:
        data = render(content)
        cache.set(key, data, PDF_CACHE_SECONDS)
    return data
