"""The OpenAPI contract, written once for every view: error responses, optional auth, If-Match.

Every operation documents the errors it can answer with, all in the one error shape
(`core.api.errors.ErrorSerializer`), so that a generated client can parse any failure:

- 400 when the operation takes a body or query parameters (validation, filters, pagination),
- 401 always (a wrong or revoked token is refused even where anonymous reads are allowed),
- 403 always (scope, role or object rules), 404 when the path names an object or pages a list,
- 412 on writes to versioned objects (stale `If-Match`), 415 when a body is read,
- 429 always (the per-token rate limit).
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework.fields import empty
from rest_framework.request import Request
from rest_framework.settings import api_settings

from core.api.errors import ErrorSerializer

BODY_METHODS = {"POST", "PUT", "PATCH"}
ERROR_DESCRIPTIONS = {
    "400": "Invalid input: `errors` names each field, with a code and a message.",
    "401": "Missing, invalid or revoked credentials.",
    "403": "Not allowed: token scope, role or object rules.",
    "404": "No such object (or not visible to the caller), or no such page.",
    "412": "The object changed since it was read (the `If-Match` ETag is stale).",
    "415": "Unsupported media type: send `application/json`.",
    "429": "The token's rate limit is used up; retry after `Retry-After` seconds.",
}


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="ETag from a previous read; the write is refused with 412 if the object changed.",
)


def is_anonymous_allowed(view: Any, method: str) -> bool:
    """Whether the view's permissions let an anonymous caller use this method (asked, not guessed)."""
    request = Request(RequestFactory().generic(method, "/"))
    request.user = AnonymousUser()
    request.auth = None
    try:
        return all(perm.has_permission(request, view) for perm in view.get_permissions())
    except Exception:  # a permission that needs more than a request: assume a login is needed
        return False


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema plus the house error contract for every operation."""

    def is_versioned(self) -> bool:
        return getattr(self.view, "versioned_object", False) and self.method in {"PUT", "PATCH"}

    def get_override_parameters(self) -> list[Any]:
        params = list(super().get_override_parameters())
        versioned = self.is_versioned()
        if versioned and not any(getattr(p, "name", None) == "If-Match" for p in params):
            params.append(IF_MATCH)
        return params

    def map_parsers(self) -> list[str]:
        """JSON is the documented request format; views that set their own parsers (uploads)
        document those. Form encodings cannot carry nested fields such as budget lines."""
        parsers = super().map_parsers()
        if self.view.parser_classes is api_settings.DEFAULT_PARSER_CLASSES and (
            "application/json" in parsers
        ):
            return ["application/json"]
        return parsers

    def _get_parameters(self) -> list[dict[str, Any]]:
        """Filter labels become `title`s, which generators use as enum type names; two
        filters labelled alike ("Type") would then clash. The description keeps the label."""
        params = super()._get_parameters()
        for param in params:
            schema = param.get("schema", {})
            schema.pop("title", None)
            if isinstance(schema.get("items"), dict):
                schema["items"].pop("title", None)
        return params

    def get_auth(self) -> list[dict[str, Any]]:
        auths = super().get_auth()
        if {} not in auths and is_anonymous_allowed(self.view, self.method):
            auths.append({})
        return auths

    def _error_codes(self, parameters: list[dict[str, Any]]) -> list[str]:
        codes = ["401", "403", "429"]
        has_query = any(p.get("in") == "query" for p in parameters)
        has_body = self.method in BODY_METHODS and self.get_request_serializer() is not None
        if has_body or has_query:
            codes.append("400")
        if "{" in self.path or self._is_list_view():
            codes.append("404")
        if has_body:
            codes.append("415")
        if self.is_versioned():
            codes.append("412")
        return sorted(codes)

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes(self._get_parameters()):
            if code in responses:
                continue
            body = self._get_response_for_code(ErrorSerializer, code, direction=direction)
            body["description"] = ERROR_DESCRIPTIONS[code]
            responses[code] = body
        return dict(sorted(responses.items()))

    def _get_response_headers_for_code(self, status_code: str, direction: str = "response") -> Any:
        headers = super()._get_response_headers_for_code(status_code, direction)
        if status_code in {"200", "201"} and self.is_versioned_read_or_write():
            headers = dict(headers or {})
            headers.setdefault(
                "ETag",
                {
                    "schema": {"type": "string"},
                    "description": "Version tag; send it back in `If-Match` when writing.",
                },
            )
        return headers

    def is_versioned_read_or_write(self) -> bool:
        if not getattr(self.view, "versioned_object", False):
            return False
        action = getattr(self.view, "action", None)
        return action in {"retrieve", "update", "partial_update", "restore"}

    def _map_serializer_field(
        self, field: Any, direction: str, bypass_extensions: bool = False
    ) -> Any:
        """A field read through a nullable relation (`source="measure.code"` on an optional
        measure) or with `default=None` can be null: say so in the contract."""
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(schema, dict) and "$ref" not in schema and _can_be_null(field):
            schema["nullable"] = True
        return schema


def _can_be_null(field: Any) -> bool:
    if getattr(field, "default", empty) is None:
        return True
    attrs = list(getattr(field, "source_attrs", None) or [])
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    if model is None or len(attrs) < 2:
        return False
    for name in attrs[:-1]:
        try:
            rel = model._meta.get_field(name)
        except Exception:
            return False
        if getattr(rel, "null", False):
            return True
        model = getattr(rel, "related_model", None)
        if model is None:
            return False
    return False


def shared_components(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook: a response or parameter written out alike in
    several operations (the error responses, paging and ordering parameters, filters shared
    by lists) is stated once under `components` and referred to with `$ref`. The contract is
    unchanged; the document is about a third of the size."""
    components = result.setdefault("components", {})
    operations = [
        op
        for item in result.get("paths", {}).values()
        for op in item.values()
        if isinstance(op, dict)
    ]
    _share(operations, "responses", components, _response_name)
    _share(operations, "parameters", components, _parameter_name)
    _share_security(operations, result)
    return result


def _share_security(operations: list[dict[str, Any]], result: dict[str, Any]) -> None:
    """The most common security requirement becomes the document's default; operations
    state theirs only where it differs."""
    counts: dict[str, int] = {}
    for op in operations:
        if "security" in op:
            text = _canonical(op["security"])
            counts[text] = counts.get(text, 0) + 1
    if not counts:
        return
    common = max(counts, key=lambda text: counts[text])
    result["security"] = json.loads(common)
    for op in operations:
        if "security" in op and _canonical(op["security"]) == common:
            del op["security"]
        elif "security" not in op:
            op["security"] = []


def _canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), default=str)


def _response_name(key: Any, obj: dict[str, Any]) -> str:
    if obj.get("description") == ERROR_DESCRIPTIONS.get(key):
        return f"Error{key}"
    refs = re.findall(r'"#/components/schemas/(\w+)"', _canonical(obj))
    return f"{refs[0] if refs else 'Response'}{key}"


def _parameter_name(_key: Any, obj: dict[str, Any]) -> str:
    name = re.sub(r"\W+", "_", str(obj.get("name", "p"))).strip("_")
    return f"{obj.get('in', 'query')}_{name}"


def _share(
    operations: list[dict[str, Any]],
    section: str,
    components: dict[str, Any],
    name_of: Any,
) -> None:
    """Replace each object of `section` used by two or more operations by a `$ref`."""
    entries = [
        (op, key)
        for op in operations
        for key in (
            op.get(section) or {} if section == "responses" else range(len(op.get(section) or []))
        )
    ]
    uses: dict[str, int] = {}
    for op, key in entries:
        uses[_canonical(op[section][key])] = uses.get(_canonical(op[section][key]), 0) + 1
    names: dict[str, str] = {}
    shared = components.setdefault(section, {})
    for op, key in entries:
        obj = op[section][key]
        text = _canonical(obj)
        if uses[text] < 2 or "$ref" in obj:
            continue
        if text not in names:
            base = name_of(key, obj)
            name, n = base, 1
            while name in shared:
                n += 1
                name = f"{base}{n}"
            shared[name] = obj
            names[text] = name
        op[section][key] = {"$ref": f"#/components/{section}/{names[text]}"}
    if not shared:
        del components[section]
