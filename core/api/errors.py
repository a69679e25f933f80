"""One error shape for the whole API: {"detail": ..., "errors": [{"field", "code", "message"}]}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
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


RETRY_AFTER_SECONDS = 30


class ServiceUnavailable(exceptions.APIException):
    """The database or the task queue is out of reach: try again shortly (`Retry-After`)."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _lazy("The service is temporarily unavailable. Try again shortly.")
    default_code = "service_unavailable"


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _lazy("The request body is too large.")
    default_code = "request_too_large"


def error_body(detail: str, code: str, field: str | None = None) -> dict[str, Any]:
    """The error shape with one error item."""
    return {"detail": detail, "errors": [{"field": field, "code": code, "message": detail}]}


def error_response(status_code: int, detail: str, code: str) -> JsonResponse:
    """A plain-Django JSON error (for middleware and handlers outside DRF views)."""
    response = JsonResponse(error_body(detail, code), status=status_code)
    if status_code == status.HTTP_503_SERVICE_UNAVAILABLE:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


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
    if isinstance(exc, (OperationalError, InterfaceError)):  # lost database connection
        exc = ServiceUnavailable()
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
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
    if response.status_code == status.HTTP_503_SERVICE_UNAVAILABLE:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
