"""A citizen submits, a near-copy follows, two assessors score, the steering group
prioritises, the office promotes: a draft measure linked both ways."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from core.services import history_for
from covid_intake.models import Suggestion
from portfolio.choices import MeasureState
from tests.covid_intake.conftest import full_scores

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Videokonsultasjon for alle fastleger",
    "description": "Gi alle fastleger en sikker løsning for videokonsultasjon integrert med timebok og journal.",
    "problem": "Pasienter kan ikke møte på legekontoret uten smitterisiko.",
    "submitter_name": "Kari Nordmann",
    "submitter_email": "kari@example.no",
    "submitter_organisation": "",
    "target_groups": [],
    "website": "",
}


def _submit(client: Any, data: dict[str, Any]) -> Any:
    return client.post("/intake/suggest/", data)


def test_citizen_gets_reference_receipt_mail_and_status(
    client: Any, categories: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = _submit(client, FORM | {"proposed_category": categories["video"].pk})
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.reference.startswith("K-")
    assert response["Location"].endswith(f"/intake/suggest/receipt/{suggestion.reference}/")
    receipt = client.get(response["Location"])
    assert suggestion.reference in receipt.content.decode()
    assert len(mail.outbox) == 1 and suggestion.reference in mail.outbox[0].subject
    assert mail.outbox[0].to == ["kari@example.no"]

    status = client.get("/intake/status/", {"reference": suggestion.reference.lower()})
    body = status.content.decode()
    assert status.status_code == 200 and "Received" in body
    assert "kari@example.no" not in body and FORM["title"] not in body


def test_receipt_is_only_shown_to_the_submitting_session(client: Any, make_suggestion: Any) -> None:
    other = make_suggestion()
    assert client.get(f"/intake/suggest/receipt/{other.reference}/").status_code == 404


def test_unknown_reference_on_status_page_says_not_found(client: Any, reference_data: None) -> None:
    response = client.get("/intake/status/", {"reference": "K-2020-9999"})
    assert response.status_code == 404


def test_whole_flow_to_a_draft_measure_linked_both_ways(
    client: Any,
    categories: Any,
    working_group: Any,
    assessors: list[Any],
    steering_user: Any,
    office_user: Any,
    rep_a: Any,
    rep_b: Any,
    actor_a: Any,
) -> None:
    _submit(client, FORM)
    _submit(
        client,
        FORM
        | {
            "description": FORM["description"].replace("en sikker", "ei sikker"),
            "submitter_name": "Per Hansen",
            "submitter_email": "per@example.no",
        },
    )
    original, copy = Suggestion.objects.order_by("id")

    client.force_login(office_user)
    page = client.get(f"/intake/suggestions/{copy.pk}/").content.decode()
    assert original.reference in page and "Likely duplicate" in page
    similar = client.get(f"/api/v1/intake/suggestions/{copy.pk}/similar/").json()
    assert similar["suggestions"][0]["label"] == original.reference
    assert similar["suggestions"][0]["likely_duplicate"] is True

    client.post(f"/intake/suggestions/{copy.pk}/merge/", {"duplicates": [original.pk]})
    original.refresh_from_db()
    assert original.status == "merged" and original.merged_into_id == copy.pk
    assert original.submitter_email == "kari@example.no"  # kept

    client.post(
        "/intake/suggestions/",
        {"selected": [copy.pk], "bulk_action": f"categorise:{categories['video'].pk}"},
    )
    client.post(
        "/intake/suggestions/",
        {"selected": [copy.pk], "bulk_action": f"assign:{working_group.pk}"},
    )
    copy.refresh_from_db()
    assert copy.status == "in_assessment" and copy.working_group == working_group

    for assessor, scores in zip(
        assessors, [full_scores(5, feasibility=5), full_scores(4, feasibility=1)], strict=True
    ):
        client.force_login(assessor)
        response = client.post(f"/intake/suggestions/{copy.pk}/assess/", scores | {"comment": "ok"})
        assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.status == "assessed"
    page = client.get(f"/intake/suggestions/{copy.pk}/").content.decode()
    assert 'id="disagreement"' in page

    client.force_login(steering_user)
    ranking = client.get("/intake/steering/").content.decode()
    assert copy.reference in ranking
    response = client.post(
        f"/intake/suggestions/{copy.pk}/decide/", {"outcome": "prioritised", "reason": ""}
    )
    assert response.status_code == 400 and "Give a reason" in response.content.decode()
    client.post(
        f"/intake/suggestions/{copy.pk}/decide/",
        {"outcome": "prioritised", "reason": "Stor nytte i 2020.", "proposed_owner": actor_a.pk},
    )
    copy.refresh_from_db()
    assert copy.status == "prioritised"

    client.force_login(office_user)
    response = client.post(f"/intake/suggestions/{copy.pk}/promote/", {"owner": actor_a.pk})
    assert response.status_code == 302
    copy.refresh_from_db()
    measure = copy.promoted_measure
    assert copy.status == "promoted"
    assert measure.state == MeasureState.DRAFT and not measure.published
    assert measure.owner == actor_a and measure.source_suggestion == copy
    assert copy.reference in measure.purpose

    client.force_login(rep_a)
    assert client.get(f"/measures/{measure.pk}/").status_code == 200
    client.force_login(rep_b)
    assert client.get(f"/measures/{measure.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/measures/{measure.pk}/").status_code == 404

    transitions = [c.message for c in history_for(copy) if c.action == "transition" and c.message]
    assert any("Categorised" in m for m in transitions)
    assert any("Assigned" in m for m in transitions)
    assert any("Decision" in m for m in transitions)
    assert any("Promoted" in m for m in transitions)
