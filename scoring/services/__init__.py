"""Writes of the scoring app (one module per kind of thing written):

- `versions`: scoring model versions (criteria and weights) and activating one;
- `jobs`: recompute and optimiser jobs (request, run, resume a silent one);
- `scenarios`: naming and committing an optimiser scenario.
"""

from scoring.services.jobs import (
    BUSY,
    HEARTBEAT_SECONDS,
    JOB_FINISHED,
    JOB_QUEUED,
    STALE_AFTER,
    enqueue,
    jobs_requeue_stale,
    optimise_request,
    optimise_run,
    recompute_object,
    recompute_request,
    recompute_run,
)
from scoring.services.scenarios import scenario_commit, scenario_save
from scoring.services.versions import scoring_model_activate, scoring_model_create

__all__ = [
    "BUSY",
    "HEARTBEAT_SECONDS",
    "JOB_FINISHED",
    "JOB_QUEUED",
    "STALE_AFTER",
    "enqueue",
    "jobs_requeue_stale",
    "optimise_request",
    "optimise_run",
    "recompute_object",
    "recompute_request",
    "recompute_run",
    "scenario_commit",
    "scenario_save",
    "scoring_model_activate",
    "scoring_model_create",
]
