"""API base classes: attribute writes to the caller, and ETag / If-Match on versioned objects."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.response import Response

from core.api.permissions import token_of
from core.api.schema import IF_MATCH
from core.changelog import change_context


def validated_query(serializer_class: type[serializers.Serializer], request: Any) -> dict:
    """An operation's query parameters checked by its serializer, or a 400 naming the
    parameter. Each parameter's last value is checked as given: `?year=` is an empty value,
    refused by a number field (DRF would read a form-encoded blank as "absent" and answer
    the default, which the documented contract, an integer, does not allow)."""
    query = serializer_class(data=dict(request.query_params.items()))
    query.is_valid(raise_exception=True)
    return query.validated_data


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _lazy("The object has changed since you read it (ETag mismatch).")
    default_code = "precondition_failed"


class ChangeAttributedMixin:
    """Run every handler inside a change context naming the user and the integrator token."""

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        user = request.user if request.user.is_authenticated else None
        rid = getattr(request._request, "id", None)
        extra = {"request_id": rid} if rid else {}
        self._change_ctx = change_context(user=user, token=token_of(request), **extra)
        self._change_ctx.__enter__()

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        ctx = getattr(self, "_change_ctx", None)
        if ctx is not None:
            ctx.__exit__(None, None, None)
            self._change_ctx = None
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]


def etag_for(obj: Any) -> str:
    return f'"{obj.pk}-{obj.version}"'


class VersionedObjectMixin:
    """Objects with a `version` field answer with an ETag and honour If-Match on writes."""

    versioned_object = True  # core.api.schema documents If-Match and ETag for such views

    def retrieve(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        response = super().retrieve(request, *args, **kwargs)  # type: ignore[misc]
        response["ETag"] = etag_for(self.get_object())  # type: ignore[attr-defined]
        return response

    def expected_version(self, request: Any, obj: Any) -> int | None:
        header = request.headers.get("If-Match")
        if not header:
            return None
        if header.strip() == "*":
            return None
        if header.strip() != etag_for(obj):
            raise PreconditionFailed(_("The object has changed since you read it (ETag mismatch)."))
        return obj.version

    @extend_schema(parameters=[IF_MATCH])
    def update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        response = super().update(request, *args, **kwargs)  # type: ignore[misc]
        if response.status_code < 300:
            response["ETag"] = etag_for(self.get_object())  # type: ignore[attr-defined]
        return response

    @extend_schema(parameters=[IF_MATCH])
    def partial_update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)


class BaseViewSet(ChangeAttributedMixin, viewsets.GenericViewSet):
    pass


class BaseModelViewSet(ChangeAttributedMixin, viewsets.ModelViewSet):
    pass


class BaseReadOnlyViewSet(ChangeAttributedMixin, viewsets.ReadOnlyModelViewSet):
    pass
