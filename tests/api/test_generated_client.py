"""A client generated from /api/schema/ (openapi-python-client) works on the first try:
it lists, filters, creates and updates a measure, and a stale update is refused with 412."""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest

GENERATOR = shutil.which("openapi-python-client") or str(
    Path(sys.executable).with_name("openapi-python-client")
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not Path(GENERATOR).exists(), reason="openapi-python-client is not installed"
    ),
]


def generate_client(schema_url: str, tmp_path: Path) -> Any:
    schema = tmp_path / "schema.json"
    schema.write_bytes(urllib.request.urlopen(schema_url, timeout=30).read())  # noqa: S310
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"package_name_override": "ehelse_client", "post_hooks": []}))
    out = tmp_path / "ehelse_client"
    result = subprocess.run(
        [
            GENERATOR,
            "generate",
            "--path",
            str(schema),
            "--output-path",
            str(out),
            "--meta",
            "none",
            "--config",
            str(config),
            "--overwrite",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr
    sys.path.insert(0, str(tmp_path))
    importlib.invalidate_caches()
    return importlib.import_module("ehelse_client")


def test_a_generated_client_lists_filters_creates_and_updates_measures(
    live_server: Any,
    tmp_path: Path,
    small_portfolio: dict[str, Any],
    integrator_key: str,
    actor_a: Any,
) -> None:
    client_pkg = generate_client(f"{live_server.url}/api/schema/?format=json", tmp_path)
    try:
        from ehelse_client import AuthenticatedClient
        from ehelse_client.api.measures import (
            measures_create,
            measures_list,
            measures_partial_update,
            measures_retrieve,
        )
        from ehelse_client.models import MeasureRequest, PatchedMeasureRequest

        # Closed at the end: a kept-alive connection would keep a live-server thread, and its
        # database session, alive until the test database is dropped.
        with AuthenticatedClient(
            base_url=live_server.url, token=integrator_key, prefix="Token"
        ) as client:
            page = measures_list.sync(client=client)
            codes = {m.code for m in page.results}
            assert small_portfolio["published"].code in codes
            assert small_portfolio["unpublished"].code not in codes  # actor B's, not published

            mine = measures_list.sync(client=client, owner=[actor_a.pk], q="Test")
            assert {m.owner for m in mine.results} == {actor_a.pk}

            created = measures_create.sync_detailed(
                client=client,
                body=MeasureRequest(
                    code="GEN-1", name="From the generated client", owner=actor_a.pk
                ),
            )
            assert created.status_code == 201, created.content
            measure = created.parsed
            assert measure.state.value == "draft" and measure.version == 1

            read = measures_retrieve.sync_detailed(client=client, id=measure.id)
            etag = read.headers["etag"]
            updated = measures_partial_update.sync_detailed(
                client=client,
                id=measure.id,
                body=PatchedMeasureRequest(name="Renamed"),
                if_match=etag,
            )
            assert updated.status_code == 200, updated.content
            assert updated.parsed.name == "Renamed" and updated.parsed.version == 2

            stale = measures_partial_update.sync_detailed(
                client=client,
                id=measure.id,
                body=PatchedMeasureRequest(name="Lost update"),
                if_match=etag,
            )
            assert stale.status_code == 412
            assert json.loads(stale.content)["errors"][0]["code"] == "precondition_failed"
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.startswith("ehelse_client")]:
            del sys.modules[name]
        assert client_pkg
