"""Writes to the intake. Every workflow step is a service: permission check, full validation,
one transaction, and a "transition" row in the suggestion's history.

- `submission`: taking a suggestion in (form, mailbox, API);
- `triage`: categorise, assign, merge, overlaps with measures;
- `assessment`: the working group's scores;
- `decisions`: the steering group's decision and promotion to a measure.

Callers use `from covid_intake import services` and the names below."""

from covid_intake.services.assessment import assessment_complete, assessment_save
from covid_intake.services.decisions import decided, decision_make, suggestion_promote
from covid_intake.services.submission import suggestion_submit
from covid_intake.services.triage import (
    overlap_flag,
    overlap_remove,
    suggestion_triage,
    suggestions_assign,
    suggestions_categorise,
    suggestions_merge,
)

__all__ = [
    "assessment_complete",
    "assessment_save",
    "decided",
    "decision_make",
    "overlap_flag",
    "overlap_remove",
    "suggestion_promote",
    "suggestion_submit",
    "suggestion_triage",
    "suggestions_assign",
    "suggestions_categorise",
    "suggestions_merge",
]
