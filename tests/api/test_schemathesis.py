"""Fuzz the whole API from its own OpenAPI document (Schemathesis, all checks).

Every operation is called with generated valid and invalid input, as an integrator with a
read-write token and as an anonymous caller: no server error, every response as documented,
malformed input refused with a 4xx. Phases: the coverage phase (every boundary and
missing/extra value the schema defines, as explicit examples), generated examples, and a
stateful phase that chains operations (create, then read, update, delete what was created).

Each run uses a fresh seed, printed in the header of the pytest report
(`fuzz seed: N`); `FUZZ_SEED=N make test` replays a failure. FUZZ_EXAMPLES sets the number
of generated examples per operation (default 10, to keep CI within a few minutes).
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from hypothesis import seed as hypothesis_seed

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
SEED = int(os.environ.get("FUZZ_SEED") or 0) or None  # set once per run in tests/api/conftest.py
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES") or 10)
if SEED is not None:
    schema.config.seed = SEED
schema.config.phases.coverage.enabled = True

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=False,
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


def test_api_honours_its_contract_across_chained_operations(
    small_portfolio: dict[str, Any], integrator_key: str
) -> None:
    """Stateful phase: Schemathesis follows the links between operations (a created object's
    id into its read, update and delete) with the integrator's token, all checks on."""
    chained = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    # Headers in the configuration count as the caller's real credentials for the auth checks.
    chained.config.update(headers={"Authorization": f"Token {integrator_key}"})
    if SEED is not None:
        chained.config.seed = SEED

    class Workflow(chained.as_state_machine()):  # type: ignore[misc]
        pass

    if SEED is not None:
        hypothesis_seed(SEED)(Workflow)  # run_state_machine_as_test reads the class's seed
    Workflow.run(
        settings=settings(
            max_examples=max(EXAMPLES, 5),
            stateful_step_count=6,
            deadline=None,
            database=None,
            derandomize=False,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
    )
