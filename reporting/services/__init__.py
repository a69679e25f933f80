"""Writes for reporting rounds and reports: permission (reporting.policies), full
validation, one transaction. Effects leave as events (core.events): `reporting_round.opened`,
`reporting_round.closed`, `portfolio_report.published` (webhooks hear them) and
`round_notice.recorded` (reporting.subscribers sends the e-mail after commit).

- `rounds`: opening and closing rounds, status reports in a round;
- `notices`: the round's e-mails and reminders;
- `reports`: the portfolio report of a closed round;
- `events`: the payloads of the events.
"""

from reporting.services.notices import next_reminder, reminders_send
from reporting.services.reports import (
    REPORT_FIELDS,
    baseline_data,
    report_create,
    report_publish,
    report_update,
)
from reporting.services.rounds import period_dates, round_close, round_open, status_submit

__all__ = [
    "REPORT_FIELDS",
    "baseline_data",
    "next_reminder",
    "period_dates",
    "reminders_send",
    "report_create",
    "report_publish",
    "report_update",
    "round_close",
    "round_open",
    "status_submit",
]
