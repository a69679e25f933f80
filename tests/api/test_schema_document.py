"""The OpenAPI document: compact JSON by default (YAML on request), shared responses and
parameters stated once under `components`, gzip-compressed for clients that accept it."""

from __future__ import annotations

import gzip
import json

import pytest

pytestmark = pytest.mark.django_db


def _refs(node: object) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(_refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node))
    return set()


def test_schema_states_shared_parts_once_and_every_ref_resolves(client):
    response = client.get("/api/schema/")
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert b"\n    " not in response.content  # compact, not indented
    schema = json.loads(response.content)
    errors = schema["components"]["responses"]
    assert {"Error401", "Error403", "Error429"} <= set(errors)
    retrieve = schema["paths"]["/api/v1/measures/{id}/"]["get"]["responses"]
    assert retrieve["401"] == {"$ref": "#/components/responses/Error401"}
    for ref in _refs(schema):
        section, name = ref.removeprefix("#/components/").split("/")
        assert name in schema["components"][section], ref
    # every operation still documents 401, 403 and 429, by reference or in full
    for item in schema["paths"].values():
        for operation in item.values():
            assert {"401", "403", "429"} <= set(operation["responses"])


def test_schema_is_compressed_for_clients_that_accept_it(client):
    plain = client.get("/api/schema/")
    packed = client.get("/api/schema/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 5


def test_yaml_on_request(client):
    response = client.get("/api/schema/?format=yaml")
    assert response.status_code == 200 and response.content.startswith(b"openapi:")
