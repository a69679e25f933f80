"""A NUIT case linking a scenario: recording "recommends the prioritised list" marks the
scenario's measures recommended by NUIT on the meeting's date, on the measure page, in its
history, in the list filters (UI and API) and in the public overview."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from committees import services
from committees.choices import CaseType, Effect
from committees.models import MeasureRecommendation
from core.models import WebhookDelivery
from core.services import history_for
from core.webhooks import subscription_create
from scoring.models import Scenario
from tests.committees.conftest import at

DAY = dt.date(2020, 10, 15)
MARK = "Recommended by NUIT on 15.10.2020"


@pytest.fixture
def measures(make_measure: Any, actor_a: Any, actor_b: Any) -> dict[str, Any]:
    return {
        "in_public": make_measure(actor_a, code="REC-PUB", published=True),
        "in_unpublished": make_measure(actor_b, code="REC-HIDDEN", published=False),
        "left_out": make_measure(actor_a, code="NOT-REC", published=True),
    }


@pytest.fixture
def scenario(measures: dict[str, Any]) -> Scenario:
    selected = [measures["in_public"].pk, measures["in_unpublished"].pk]
    return Scenario.objects.create(name="Prioritert liste 2021", saved=True,
                                   result={"selected": selected})  # fmt: skip


@pytest.fixture
def case(nuit: Any, make_meeting: Any, office_user: Any, scenario: Scenario) -> Any:
    meeting = make_meeting(nuit, DAY, "09:00", "11:30")
    item = services.agenda_item_add(
        meeting=meeting,
        by=office_user,
        fields={"title": "Prioritert liste 2021", "case_type": CaseType.RECOMMENDATION,
                "starts_at": at(DAY, "09:45"), "ends_at": at(DAY, "10:45")},
        material={"scenarios": [scenario]},
    )  # fmt: skip
    services.agenda_publish(meeting=meeting, by=office_user)
    return item


@pytest.fixture
def recorded(case: Any, office_user: Any) -> Any:
    return services.decision_record(
        item=case,
        by=office_user,
        text="NUIT anbefaler den prioriterte listen.",
        effect=Effect.RECOMMEND_SCENARIO,
    )


def test_the_scenarios_measures_are_marked_and_no_others(recorded: Any, measures: Any) -> None:
    marked = set(MeasureRecommendation.objects.values_list("measure__code", flat=True))
    assert marked == {"REC-PUB", "REC-HIDDEN"}
    rec = MeasureRecommendation.objects.get(measure=measures["in_public"])
    assert (rec.committee.short_name, rec.recommended_on) == ("NUIT", DAY)
    assert recorded.scenario.name == "Prioritert liste 2021"


def test_the_mark_shows_on_the_measure_page(
    recorded: Any, measures: Any, office_user: Any, client: Any
) -> None:
    client.force_login(office_user)
    page = client.get(f"/measures/{measures['in_public'].pk}/").content.decode()
    assert MARK in page
    other = client.get(f"/measures/{measures['left_out'].pk}/").content.decode()
    assert "Recommended by" not in other


def test_the_mark_is_in_the_measures_history(recorded: Any, measures: Any) -> None:
    messages = [c.message for c in history_for(measures["in_public"])]
    assert any("Recommended by NUIT on 15.10.2020" in m and "1/20" in m for m in messages)


def test_the_measure_list_filters_on_the_recommending_committee(
    recorded: Any, nuit: Any, nufa: Any, office_user: Any, client: Any
) -> None:
    client.force_login(office_user)
    response = client.get(f"/measures/?recommended_by={nuit.pk}")
    codes = {m.code for m in response.context["measures"]}
    assert codes == {"REC-PUB", "REC-HIDDEN"}
    assert 'name="recommended_by"' in response.content.decode()
    none = client.get(f"/measures/?recommended_by={nufa.pk}")
    assert list(none.context["measures"]) == []


def test_the_measure_api_filters_on_the_recommending_committee(
    recorded: Any, nuit: Any, api: Any, office_user: Any
) -> None:
    api.force_authenticate(office_user)
    data = api.get(f"/api/v1/measures/?recommended_by={nuit.pk}").json()
    assert {m["code"] for m in data["results"]} == {"REC-PUB", "REC-HIDDEN"}


def test_the_public_overview_shows_published_recommended_measures_only(
    recorded: Any, client: Any
) -> None:
    page = client.get("/public/").content.decode()
    section = page[page.index('id="public-recommendations"') :]
    assert "REC-PUB" in section and MARK in section
    assert "REC-HIDDEN" not in page
    detail = client.get("/public/measures/REC-PUB/").content.decode()
    assert MARK in detail


def test_recording_a_decision_sends_a_webhook(case: Any, office_user: Any) -> None:
    subscription_create(name="Hook", url="https://example.org/hook",
                        events=["committee.decision_recorded"], created_by=office_user)  # fmt: skip
    services.decision_record(item=case, by=office_user, text="Anbefalt.",
                             effect=Effect.RECOMMEND_SCENARIO)  # fmt: skip
    delivery = WebhookDelivery.objects.get(event="committee.decision_recorded")
    assert delivery.payload["case"] == "1/20"
    assert delivery.payload["committee"] == "NUIT"
    assert len(delivery.payload["measures"]) == 2


def test_an_information_case_has_no_structured_effect(
    nuit: Any, make_meeting: Any, office_user: Any
) -> None:
    meeting = make_meeting(nuit, DAY, "09:00", "11:30", items=[("Status", "09:00", "09:30")])
    services.agenda_publish(meeting=meeting, by=office_user)
    with pytest.raises(ValidationError) as exc:
        services.decision_record(item=meeting.items.get(), by=office_user, text="Tatt til orientering.",
                                 effect=Effect.RECOMMEND_MEASURES)  # fmt: skip
    assert set(exc.value.message_dict) == {"effect"}
    assert not MeasureRecommendation.objects.exists()


def test_outcomes_wait_for_the_published_agenda(
    nuit: Any, make_meeting: Any, office_user: Any
) -> None:
    meeting = make_meeting(nuit, DAY, "09:00", "11:30", items=[("Status", "09:00", "09:30")])
    with pytest.raises(ValidationError) as exc:
        services.decision_record(item=meeting.items.get(), by=office_user, text="For tidlig.")
    assert "agenda_item" in exc.value.message_dict


def test_a_case_has_one_outcome(recorded: Any, case: Any, office_user: Any) -> None:
    with pytest.raises(ValidationError):
        services.decision_record(item=case, by=office_user, text="Igjen.")
    assert MeasureRecommendation.objects.count() == 2


# --- a decision on a suggestion goes through the intake's decision flow -----------------


@pytest.fixture
def assessed_suggestion(reference_data: Any) -> Any:
    from covid_intake.choices import SuggestionStatus
    from covid_intake.models import Suggestion

    return Suggestion.objects.create(reference="K-2020-0001", title="Smittesporing",
                                     description="App for smittesporing.",
                                     status=SuggestionStatus.ASSESSED)  # fmt: skip


@pytest.fixture
def suggestion_case(
    nuit: Any, make_meeting: Any, office_user: Any, assessed_suggestion: Any
) -> Any:
    meeting = make_meeting(nuit, DAY, "09:00", "11:30")
    item = services.agenda_item_add(
        meeting=meeting, by=office_user,
        fields={"title": "Innspill om smittesporing", "case_type": CaseType.DECISION,
                "starts_at": at(DAY, "09:00"), "ends_at": at(DAY, "09:30")},
        material={"suggestions": [assessed_suggestion]},
    )  # fmt: skip
    services.agenda_publish(meeting=meeting, by=office_user)
    return item


def test_a_suggestion_decision_uses_the_intake_flow(
    suggestion_case: Any, assessed_suggestion: Any, make_user: Any
) -> None:
    from people import roles

    secretary = make_user("secretary_steering", roles.PORTFOLIO_OFFICE)
    from django.contrib.auth.models import Group

    secretary.groups.add(Group.objects.get_or_create(name=roles.STEERING_GROUP)[0])
    secretary = type(secretary).objects.get(pk=secretary.pk)
    services.decision_record(item=suggestion_case, by=secretary, text="Prioriteres.",
                             effect=Effect.DECIDE_SUGGESTION, suggestion_outcome="prioritised")  # fmt: skip
    assessed_suggestion.refresh_from_db()
    assert assessed_suggestion.status == "prioritised"
    intake_decision = assessed_suggestion.decisions.get()
    assert "NUIT" in intake_decision.reason and "1/20" in intake_decision.reason


def test_the_intakes_rule_on_who_decides_still_holds(
    suggestion_case: Any, assessed_suggestion: Any, office_user: Any
) -> None:
    from committees.models import Decision

    with pytest.raises(PermissionDenied):
        services.decision_record(item=suggestion_case, by=office_user, text="Prioriteres.",
                                 effect=Effect.DECIDE_SUGGESTION, suggestion_outcome="prioritised")  # fmt: skip
    assessed_suggestion.refresh_from_db()
    assert assessed_suggestion.status == "assessed"
    assert not Decision.objects.exists()
