"""Two concurrent additions that are each acyclic but together close a cycle: the second
waits for the first (an advisory lock on PostgreSQL) and then sees its edge and refuses."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from roadmap import services
from roadmap.models import Dependency, RoadmapItem
from tests.roadmap.conftest import Office

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs two concurrent writers; SQLite admits one writer at a time anyway",
    ),
]


def test_two_concurrent_additions_cannot_close_a_cycle_together(actor_a, make_item):
    a, b = make_item(actor_a), make_item(actor_a)
    first_added = threading.Event()
    second_started = threading.Event()
    outcome: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                services.dependency_add(by=Office(), predecessor=a, successor=b)
                first_added.set()
                second_started.wait(5)
                # hold the transaction open a moment so the second runs its check meanwhile
                threading.Event().wait(0.5)
            outcome["first"] = "added"
        finally:
            connections.close_all()

    def second() -> None:
        first_added.wait(5)
        second_started.set()
        try:
            items = RoadmapItem.objects.in_bulk([a.pk, b.pk])
            services.dependency_add(by=Office(), predecessor=items[b.pk], successor=items[a.pk])
            outcome["second"] = "added"
        except ValidationError as exc:
            outcome["second"] = str(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert outcome["first"] == "added"
    assert "cycle" in str(outcome["second"])
    assert Dependency.objects.count() == 1
