"""Writes for the council model. Each service checks the policy, validates (errors name the
field), and runs in one transaction: nothing partial is written. Effects leave as events
(core.events): `committee.agenda_published`, `committee.decision_recorded`,
`committee.minutes_published`.

- `committees`: committees and their members;
- `meetings`: meetings;
- `agenda`: agenda items, their material, publishing the agenda (case numbers);
- `outcomes`: a case's outcome and its effect on measures and suggestions;
- `minutes`: drafting, approving and publishing the minutes;
- `common`: the permission checks and field lists they share.
"""

from committees.services.agenda import (
    agenda_item_add,
    agenda_item_delete,
    agenda_item_update,
    agenda_publish,
)
from committees.services.committees import (
    committee_create,
    committee_update,
    membership_add,
    membership_remove,
)
from committees.services.common import local_datetime
from committees.services.meetings import meeting_create, meeting_update
from committees.services.minutes import minutes_approve, minutes_draft, minutes_publish
from committees.services.outcomes import decision_record

__all__ = [
    "agenda_item_add",
    "agenda_item_delete",
    "agenda_item_update",
    "agenda_publish",
    "committee_create",
    "committee_update",
    "decision_record",
    "local_datetime",
    "meeting_create",
    "meeting_update",
    "membership_add",
    "membership_remove",
    "minutes_approve",
    "minutes_draft",
    "minutes_publish",
]
