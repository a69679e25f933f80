from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from core.changelog import change_context


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
