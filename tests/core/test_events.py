"""core.events: subscribers hear the events they subscribed to, in order, with a copy of the payload."""

from __future__ import annotations

from core import events


def test_subscribers_hear_their_event_and_every_event_listeners(monkeypatch):
    monkeypatch.setattr(events, "_subscribers", events.defaultdict(list))
    heard: list[tuple[str, str, dict]] = []
    events.subscribe("measure.updated", lambda n, p: heard.append(("one", n, p)))
    events.subscribe("*", lambda n, p: heard.append(("all", n, p)))
    events.subscribe("suggestion.assessed", lambda n, p: heard.append(("other", n, p)))

    events.emit("measure.updated", {"id": 7})

    assert heard == [("one", "measure.updated", {"id": 7}), ("all", "measure.updated", {"id": 7})]


def test_subscribing_twice_calls_once_and_payload_is_a_copy(monkeypatch):
    monkeypatch.setattr(events, "_subscribers", events.defaultdict(list))
    seen = []

    def listener(name, payload):
        payload["changed"] = True
        seen.append(name)

    events.subscribe("x.happened", listener)
    events.subscribe("x.happened", listener)
    original = {"id": 1}
    events.emit("x.happened", original)

    assert seen == ["x.happened"]
    assert original == {"id": 1}


def test_every_logged_change_emits_model_changed_with_its_parent(
    db, monkeypatch, make_measure, actor_a
):
    monkeypatch.setattr(events, "_subscribers", events.defaultdict(list))
    heard = []
    events.subscribe("portfolio.budgetline.changed", lambda n, p: heard.append(p))
    measure = make_measure(actor_a, budget={2021: 1000})

    assert heard and heard[-1]["parent"] == "portfolio.measure"
    assert heard[-1]["parent_pk"] == measure.pk
    assert heard[-1]["action"] == "create"
