"""`/api/schema/`, the OpenAPI document (its content is `core.api.schema`)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.views import SpectacularAPIView
from rest_framework.renderers import JSONRenderer


class CompactJsonRenderer(OpenApiJsonRenderer):
    """The OpenAPI document as compact JSON (drf-spectacular indents by 4 spaces unless the
    Accept header asks otherwise; compact is a third of the bytes)."""

    def get_indent(self, accepted_media_type: Any, renderer_context: Any) -> Any:
        return JSONRenderer.get_indent(self, accepted_media_type, renderer_context)


class CompactJsonRenderer2(CompactJsonRenderer):
    media_type = "application/json"


class SchemaView(SpectacularAPIView):
    """`/api/schema/`: JSON by default (`?format=yaml` or `Accept: application/yaml` for YAML)."""

    renderer_classes = [
        CompactJsonRenderer,
        CompactJsonRenderer2,
        OpenApiYamlRenderer,
        OpenApiYamlRenderer2,
    ]
