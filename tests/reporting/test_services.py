"""Rounds: open, remind once, report with validation, close and freeze."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import WebhookDelivery, WebhookSubscription
from portfolio.models import StatusReport
from portfolio.services import status_report_file
from reporting import selectors, services
from reporting.models import RoundNotice
from reporting.tasks import send_round_reminders
from tests.reporting.conftest import status

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailed_reps(rep_a: Any, rep_b: Any) -> tuple[Any, Any]:
    rep_a.email, rep_b.email = "a@example.no", "b@example.no"
    rep_a.save()
    rep_b.save()
    return rep_a, rep_b


def test_opening_makes_a_todo_per_active_measure_and_one_mail_per_owner(
    open_round: Any, small_portfolio: dict, mailed_reps: Any, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        round_ = open_round()
    codes = sorted(round_.tasks.values_list("measure__code", flat=True))
    # accepted measures (published or not) are asked; the draft is not
    assert codes == ["HV-ONE", "HV-TWO", "KS-HIDDEN", "KS-ONE"]
    assert round_.period.name == "T3 2020"
    assert (round_.period.start, round_.period.end) == (dt.date(2020, 9, 1), dt.date(2020, 12, 31))
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.no", "b@example.no"]
    ks_mail = next(m for m in mail.outbox if m.to == ["b@example.no"])
    assert "KS-ONE" in ks_mail.body and "KS-HIDDEN" in ks_mail.body and "HV-ONE" not in ks_mail.body
    assert RoundNotice.objects.filter(round=round_, kind="opened").count() == 2


def test_todos_show_for_the_owners_representatives_only(
    open_round: Any, rep_a: Any, rep_b: Any
) -> None:
    open_round()
    assert [t.measure.code for t in selectors.open_tasks_for(rep_a)] == ["HV-ONE", "HV-TWO"]
    assert [t.measure.code for t in selectors.open_tasks_for(rep_b)] == ["KS-HIDDEN", "KS-ONE"]


def test_only_the_office_opens_rounds(rep_a: Any, small_portfolio: dict) -> None:
    with pytest.raises(PermissionDenied):
        services.round_open(by=rep_a, kind="tertial", year=2020, number=3, deadline=dt.date.today())


def test_opening_refuses_a_past_deadline_and_a_second_round_naming_the_field(
    office_user: Any, open_round: Any
) -> None:
    with pytest.raises(ValidationError) as err:
        services.round_open(
            by=office_user,
            kind="quarter",
            year=2020,
            number=2,
            deadline=dt.date.today() - dt.timedelta(days=1),
        )
    assert "deadline" in err.value.message_dict
    open_round()
    with pytest.raises(ValidationError) as err:
        open_round()
    assert "number" in err.value.message_dict


def test_quarter_periods_are_named_k_and_cover_three_months() -> None:
    assert services.period_dates("quarter", 2021, 4) == (
        "K4 2021",
        dt.date(2021, 10, 1),
        dt.date(2021, 12, 31),
    )


def test_each_reminder_is_sent_once_and_only_to_actors_who_have_not_reported(
    open_round: Any,
    small_portfolio: dict,
    office_user: Any,
    mailed_reps: Any,
    django_capture_on_commit_callbacks,
) -> None:
    round_ = open_round(days=10)
    for m in ("b1", "hidden"):
        services.status_submit(
            round_=round_, measure=small_portfolio[m], by=office_user, data=status()
        )
    early = round_.deadline - dt.timedelta(days=5)
    assert services.reminders_send(round_=round_, today=early) == []
    soon = round_.deadline - dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.reminders_send(round_=round_, today=soon)
        again = services.reminders_send(round_=round_, today=soon)
    assert [(n.actor.short_name, n.kind, n.measures) for n in first] == [
        ("Helse Vest", "due_soon", 2)
    ]
    assert again == []
    assert [m.to for m in mail.outbox] == [["a@example.no"]]
    late = round_.deadline + dt.timedelta(days=1)
    assert [n.kind for n in services.reminders_send(round_=round_, today=late)] == ["overdue"]
    assert services.reminders_send(round_=round_, today=late) == []


def test_the_beat_task_reminds_once_however_often_it_runs(
    open_round: Any, small_portfolio: dict
) -> None:
    open_round(days=1)
    assert send_round_reminders() == 2
    assert send_round_reminders() == 0
    assert RoundNotice.objects.filter(kind="due_soon").count() == 2


def test_yellow_or_red_needs_a_narrative_and_all_four_lights_are_needed(
    open_round: Any, small_portfolio: dict, rep_a: Any
) -> None:
    round_ = open_round()
    a1 = small_portfolio["a1"]
    with pytest.raises(ValidationError) as err:
        services.status_submit(round_=round_, measure=a1, by=rep_a, data=status(cost="red"))
    assert list(err.value.message_dict) == ["commentary"]
    with pytest.raises(ValidationError) as err:
        services.status_submit(
            round_=round_, measure=a1, by=rep_a, data={"overall": "green", "cost": "not_reported"}
        )
    assert sorted(err.value.message_dict) == ["benefits", "cost", "schedule"]
    assert not StatusReport.objects.exists()
    report = services.status_submit(
        round_=round_,
        measure=a1,
        by=rep_a,
        data=status(
            cost="red",
            commentary="Dyrere lisenser.",
            forecast_end_date=dt.date(2022, 3, 31),
            cost_forecast=1_700_000,
        ),
    )
    assert (report.cost, report.forecast_end_date) == ("red", dt.date(2022, 3, 31))
    a1.refresh_from_db()
    assert a1.latest_status == report


def test_a_representative_reports_only_own_actors_measures(
    open_round: Any, small_portfolio: dict, rep_a: Any
) -> None:
    round_ = open_round()
    with pytest.raises(PermissionDenied):
        services.status_submit(
            round_=round_, measure=small_portfolio["b1"], by=rep_a, data=status()
        )


def test_closing_freezes_the_round_in_the_service_and_in_portfolio(
    open_round: Any, small_portfolio: dict, office_user: Any, rep_a: Any
) -> None:
    round_ = open_round()
    a1 = small_portfolio["a1"]
    services.status_submit(round_=round_, measure=a1, by=rep_a, data=status())
    services.round_close(round_=round_, by=office_user)
    with pytest.raises(ValidationError) as err:
        services.status_submit(round_=round_, measure=a1, by=rep_a, data=status(overall="green"))
    assert "round" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        status_report_file(measure=a1, period=round_.period, by=office_user, data=status())
    assert "period" in err.value.message_dict
    with pytest.raises(ValidationError):
        services.round_close(round_=round_, by=office_user)
    round_.refresh_from_db()
    assert round_.state == "closed" and round_.snapshot["round"]["name"] == "T3 2020"


def test_completion_per_actor_counts_late_and_missing(
    open_round: Any, small_portfolio: dict, office_user: Any
) -> None:
    round_ = open_round()
    for key in ("a1", "a2", "b1"):
        services.status_submit(
            round_=round_, measure=small_portfolio[key], by=office_user, data=status()
        )
    late = selectors.deadline_passed_at(round_.deadline) + dt.timedelta(hours=3)
    StatusReport.objects.filter(measure=small_portfolio["a2"]).update(created=late)
    rows = {r["actor"]: r for r in selectors.completion_by_actor(round_)}
    assert rows["Helse Vest"] | {} == {
        "actor": "Helse Vest",
        "asked": 2,
        "on_time": 1,
        "late": 1,
        "missing": 0,
        "percent": 100,
    }
    assert (rows["KS"]["on_time"], rows["KS"]["missing"], rows["KS"]["percent"]) == (1, 1, 50)


def test_webhooks_on_open_close_and_publish(
    open_round: Any, office_user: Any, small_portfolio: dict
) -> None:
    WebhookSubscription.objects.create(
        name="x",
        url="https://example.org/hook",
        secret="s",
        events=["reporting_round.opened", "reporting_round.closed", "portfolio_report.published"],
    )
    round_ = open_round()
    services.round_close(round_=round_, by=office_user)
    report = services.report_create(round_=round_, by=office_user, fields={"title": "Rapport"})
    services.report_publish(report=report, by=office_user)
    events = list(WebhookDelivery.objects.order_by("id").values_list("event", "payload"))
    assert [e for e, _p in events] == [
        "reporting_round.opened",
        "reporting_round.closed",
        "portfolio_report.published",
    ]
    assert events[0][1]["name"] == "T3 2020" and events[2][1]["title"] == "Rapport"


def test_a_report_needs_a_closed_round_and_a_published_report_is_final(
    open_round: Any, office_user: Any
) -> None:
    round_ = open_round()
    with pytest.raises(ValidationError):
        services.report_create(round_=round_, by=office_user, fields={"title": "Rapport"})
    services.round_close(round_=round_, by=office_user)
    report = services.report_create(round_=round_, by=office_user, fields={"title": "Rapport"})
    services.report_publish(report=report, by=office_user)
    with pytest.raises(ValidationError):
        services.report_update(report=report, by=office_user, fields={"decisions": "x"})
