from __future__ import annotations

from typing import Any

from rest_framework import pagination
from rest_framework.request import Request


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class CursorPagination(pagination.CursorPagination):
    """Stable bulk reading: `?cursor=` pages over the primary key."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
    ordering = "id"


class PageOrCursorPagination(PageNumberPagination):
    """Page numbers by default; `?cursor=` (empty for the first page) switches to cursor paging."""

    def __init__(self) -> None:
        self._cursor = CursorPagination()
        self._use_cursor = False

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        self._use_cursor = "cursor" in request.query_params
        if self._use_cursor:
            return self._cursor.paginate_queryset(queryset.order_by("id"), request, view)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data: Any) -> Any:
        if self._use_cursor:
            return self._cursor.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema: dict) -> dict:
        base = super().get_paginated_response_schema(schema)
        base["properties"]["next"]["description"] = "Next page (page number or cursor URL)."
        return base

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        params = super().get_schema_operation_parameters(view)
        return params + [
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "description": "Cursor for bulk reading (send empty for the first page).",
                "schema": {"type": "string"},
            }
        ]
