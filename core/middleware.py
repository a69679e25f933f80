from __future__ import annotations

import logging
import sys
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.api.errors import RETRY_AFTER_SECONDS, error_response
from core.changelog import change_context
from core.queue import BrokerUnavailable

log = logging.getLogger(__name__)


class ChangeContextMiddleware:
    """Attribute every change made while serving a request to its user and request id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.id = uuid.uuid4()
        user = request.user if request.user.is_authenticated else None
        with change_context(user=user, request_id=request.id):
            response = self.get_response(request)
        response["X-Request-ID"] = str(request.id)
        return response


class DefaultLanguageMiddleware:
    """Pages speak Norwegian bokmål unless the user chose English with the language switch
    (a cookie); the browser's Accept-Language is ignored for pages. The API still honours
    Accept-Language so integrators can ask for English or Norwegian error messages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


_DB_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)


def _remember_exception(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    if request is not None:
        request._uncaught_exception = sys.exc_info()[1]  # type: ignore[attr-defined]


got_request_exception.connect(_remember_exception, dispatch_uid="core-remember-exception")


class ApiJsonErrorsMiddleware:
    """Everything under /api/ answers in the API's JSON error shape, whatever went wrong and
    wherever (an unmatched path, a 405 or 413 outside DRF, an uncaught exception, DEBUG pages
    included). A lost database connection is 503 with `Retry-After`. Outermost middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        too_large = self._too_large(request)
        if too_large is not None:
            return too_large
        response = self.get_response(request)
        if response.status_code < 400 or _is_json(response):
            return response
        return self._as_json(request, response)

    @staticmethod
    def _too_large(request: HttpRequest) -> HttpResponse | None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_response(400, _("Invalid Content-Length header."), "bad_request")
        if limit is not None and length > limit:
            return error_response(413, _("The request body is too large."), "request_too_large")
        return None

    @staticmethod
    def _as_json(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        status = response.status_code
        exc = getattr(request, "_uncaught_exception", None)
        if status >= 500 and isinstance(exc, _DB_ERRORS):
            log.warning("Database unavailable while serving %s: %s", request.path, exc)
            new = error_response(
                503,
                _("The database is temporarily unavailable. Try again shortly."),
                "service_unavailable",
            )
        else:
            detail, code = _STATUS_TEXT.get(status, (None, None))
            if detail is None:
                detail, code = (
                    (_("A server error occurred."), "server_error")
                    if status >= 500
                    else (_("The request was refused."), "error")
                )
            new = error_response(status, str(detail), str(code))
        for header in ("Allow", "Retry-After", "WWW-Authenticate", "X-Request-ID"):
            if header in response:
                new[header] = response[header]
        return new


def _is_json(response: HttpResponse) -> bool:
    content_type = response.get("Content-Type", "")
    return "json" in content_type


_STATUS_TEXT: dict[int, tuple[Any, str]] = {
    400: (_lazy("Bad request."), "bad_request"),
    401: (_lazy("Authentication credentials were not provided."), "not_authenticated"),
    403: (_lazy("You do not have permission to perform this action."), "permission_denied"),
    404: (_lazy("Not found."), "not_found"),
    405: (_lazy("Method not allowed."), "method_not_allowed"),
    413: (_lazy("The request body is too large."), "request_too_large"),
    500: (_lazy("A server error occurred."), "server_error"),
    503: (
        _lazy("The service is temporarily unavailable. Try again shortly."),
        "service_unavailable",
    ),
}


class BrokerUnavailablePageMiddleware:
    """Pages that start background work while the task queue is down answer 503 with a
    clear message (the service checked the queue before writing anything)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, BrokerUnavailable) or request.path.startswith("/api/"):
            return None
        response = render(
            request, "core/unavailable.html", {"detail": exception.detail}, status=503
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# The API reference page (Swagger UI) styles elements inline; its script is a static file.
CONTENT_SECURITY_POLICY_API_DOCS = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    """Content-Security-Policy (no inline script anywhere) and Permissions-Policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        docs = request.path.startswith("/api/docs/")
        response.setdefault(
            "Content-Security-Policy",
            CONTENT_SECURITY_POLICY_API_DOCS if docs else CONTENT_SECURITY_POLICY,
        )
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
