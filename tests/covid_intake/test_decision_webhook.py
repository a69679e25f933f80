import pytest

pytestmark = pytest.mark.django_db


def test_a_decision_emits_suggestion_decided(office_user, make_user):
    from core.models import WebhookDelivery, WebhookSubscription
    from covid_intake.models import Suggestion
    from covid_intake.services import decision_make
    from people import roles

    WebhookSubscription.objects.create(
        url="https://example.no/hook",
        secret="s",
        events=["suggestion.decided"],
        created_by=office_user,
    )
    suggestion = Suggestion.objects.create(
        reference="K-2020-9999", title="SMS-varsling", description="d", status="assessed"
    )
    steering = make_user("steer", roles.STEERING_GROUP)
    decision_make(suggestion=suggestion, outcome="prioritised", reason="Stor nytte", by=steering)
    delivery = WebhookDelivery.objects.get(event="suggestion.decided")
    assert delivery.payload["outcome"] == "prioritised" and delivery.payload["id"] == suggestion.pk
