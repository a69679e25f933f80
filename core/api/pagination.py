"""Page-number paging for everyday lists, cursor paging (`?cursor=`) for bulk reading.

Paging parameters are validated strictly: a malformed `page` or `page_size` is a 400 in the
error shape, not silently replaced by a default.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any
from urllib import parse

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination
from rest_framework.request import Request


def _strict_positive(request: Request, name: str, maximum: int | None) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = 0
    if value < 1 or (maximum is not None and value > maximum):
        limit = f"1–{maximum}" if maximum else "1 or more"
        raise exceptions.ValidationError(
            {name: [_("Must be a whole number, %(limit)s.") % {"limit": limit}]}, code="invalid"
        )
    return value


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request: Request) -> int:
        return _strict_positive(request, self.page_size_query_param, self.max_page_size) or (
            self.page_size
        )

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        _strict_positive(request, self.page_query_param, None)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Page number (from 1).",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Results per page (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]


class CursorPagination(pagination.CursorPagination):
    """Stable bulk reading: `?cursor=` pages over the primary key."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
    ordering = "id"

    def get_page_size(self, request: Request) -> int:
        return _strict_positive(request, self.page_size_query_param, self.max_page_size) or (
            self.page_size
        )

    def decode_cursor(self, request: Request) -> pagination.Cursor | None:
        """No cursor is the first page (`?paging=cursor`); a cursor must be one this API handed
        out: anything else, the empty string included, is a 400 naming the `cursor` parameter
        (never a 404 or a 500)."""
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        invalid = exceptions.ValidationError(
            {self.cursor_query_param: [_("Invalid cursor. Use the `next` link of a page.")]},
            code="invalid",
        )
        try:
            raw = base64.b64decode(encoded.encode("ascii"), validate=True).decode("ascii")
            tokens = parse.parse_qs(raw, keep_blank_values=True, strict_parsing=True)
            if not tokens or set(tokens) - {"o", "r", "p"}:
                raise ValueError(raw)
            offset = int(tokens.get("o", ["0"])[0])
            reverse = tokens.get("r", ["0"])[0]
            position = tokens.get("p", [None])[0]
            if not 0 <= offset <= self.offset_cutoff or reverse not in ("0", "1"):
                raise ValueError(raw)
        except (TypeError, ValueError, UnicodeError, binascii.Error):
            raise invalid from None
        return pagination.Cursor(offset=offset, reverse=reverse == "1", position=position)


class PageOrCursorPagination(PageNumberPagination):
    """Page numbers by default; `?paging=cursor` (the first page) or `?cursor=<next cursor>`
    switches to cursor paging, which has no `count` (and ignores `page`)."""

    max_page_size = 1000

    def __init__(self) -> None:
        self._cursor = CursorPagination()
        self._use_cursor = False

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        paging = request.query_params.get("paging")
        if paging not in (None, "cursor", "page"):
            raise exceptions.ValidationError(
                {"paging": [_("Choose “cursor” or “page”.")]}, code="invalid"
            )
        self._use_cursor = "cursor" in request.query_params or paging == "cursor"
        if self._use_cursor:
            try:
                return self._cursor.paginate_queryset(queryset.order_by("id"), request, view)
            except (TypeError, ValueError, DjangoValidationError):  # a position of the wrong type
                raise exceptions.ValidationError(
                    {"cursor": [_("Invalid cursor. Use the `next` link of a page.")]},
                    code="invalid",
                ) from None
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data: Any) -> Any:
        if self._use_cursor:
            return self._cursor.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema: dict) -> dict:
        base = super().get_paginated_response_schema(schema)
        base["required"] = ["results"]
        base["properties"]["count"]["description"] = "Total results (page-number paging only)."
        base["properties"]["next"]["description"] = "Next page (page number or cursor URL)."
        return base

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        params = super().get_schema_operation_parameters(view)
        params[1]["description"] = (
            f"Results per page (default {self.page_size}; {self._cursor.page_size} with a cursor)."
        )
        return params + [
            {
                "name": "paging",
                "required": False,
                "in": "query",
                "description": "`cursor` starts bulk reading by cursor (first page); `page` "
                "(the default) pages by number.",
                "schema": {"type": "string", "enum": ["page", "cursor"]},
            },
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "description": "The cursor of the next or previous page (from `next`/`previous`).",
                "schema": {"type": "string", "minLength": 1},
            },
        ]


class ListPagination(PageNumberPagination):
    """Page-number paging over an in-memory sequence (a cached analysis, not a queryset): the
    same `count`/`next`/`previous`/`results` envelope as the other lists; the caller turns
    only the page's entries into rows."""

    page_size = 100
    max_page_size = 1000

    def get_paginated_response_schema(self, schema: dict) -> dict:
        base = super().get_paginated_response_schema(schema)
        base["required"] = ["count", "results"]
        return base
