"""Fuzz the whole API from its own OpenAPI document (Schemathesis, all checks).

Every operation is called with generated valid and invalid input, as an integrator with a
read-write token and as an anonymous caller: no server error, every response as documented,
malformed input refused with a 4xx.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings

from config.wsgi import application

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture(autouse=True)
def _keep_test_connection() -> Any:
    """Calls go straight into the WSGI app, which would close the test transaction's
    connection at the end of each request (Django's test client disconnects this too)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


FUZZ = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@FUZZ
def test_api_honours_its_contract_for_an_integrator(
    case: Any, small_portfolio: dict[str, Any], integrator_key: str
) -> None:
    case.call_and_validate(headers={"Authorization": f"Token {integrator_key}"})


@schema.parametrize()
@FUZZ
def test_api_honours_its_contract_for_anonymous(case: Any, small_portfolio: dict[str, Any]) -> None:
    case.call_and_validate()
