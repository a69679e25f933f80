"""One error shape for the whole API: {"detail": ..., "errors": [{"field", "code", "message"}]}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True, help_text="Field name, dotted for nested fields."
    )
    code = serializers.CharField()
    message = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = ErrorItemSerializer(many=True)


def _flatten(detail: Any, prefix: str | None = None) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = None if key in ("non_field_errors", "__all__") else key
            field = f"{prefix}.{name}" if prefix and name else (name or prefix)
            items.extend(_flatten(value, field))
    elif isinstance(detail, list):
        for i, value in enumerate(detail):
            if isinstance(value, dict):
                items.extend(_flatten(value, f"{prefix}[{i}]" if prefix else f"[{i}]"))
            else:
                items.extend(_flatten(value, prefix))
    else:
        code = getattr(detail, "code", "invalid")
        items.append({"field": prefix, "code": str(code), "message": str(detail)})
    return items


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, OverflowError):  # a number too big for the database column
        exc = exceptions.ValidationError(_("A number is out of range."), code="out_of_range")
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        summary = "; ".join(
            f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors
        )
        response.data = {"detail": summary or _("Invalid input."), "errors": errors}
    else:
        detail = data.get("detail", "") if isinstance(data, dict) else str(data)
        code = getattr(getattr(exc, "detail", None), "code", None) or getattr(
            exc, "default_code", "error"
        )
        response.data = {
            "detail": str(detail),
            "errors": [{"field": None, "code": str(code), "message": str(detail)}],
        }
    if response.status_code == status.HTTP_405_METHOD_NOT_ALLOWED:
        response.data["errors"][0]["code"] = "method_not_allowed"
    return response
