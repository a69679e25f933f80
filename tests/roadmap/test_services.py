"""Services: cycles refused with the cycle named, ranks kept, cross-actor marked, permissions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from roadmap import selectors, services
from roadmap.models import RoadmapItem
from tests.roadmap.conftest import Office

pytestmark = pytest.mark.django_db


def _ranks_are_topological() -> bool:
    from roadmap.models import Dependency

    return all(
        d.predecessor.topo_rank < d.successor.topo_rank
        for d in Dependency.objects.select_related("predecessor", "successor")
    )


def test_dependency_closing_a_cycle_is_refused_naming_the_items(actor_a, make_item):
    a, b, c = (make_item(actor_a, name=n) for n in "ABC")
    services.dependency_add(by=Office(), predecessor=a, successor=b)
    services.dependency_add(by=Office(), predecessor=b, successor=c)
    with pytest.raises(ValidationError) as exc:
        services.dependency_add(by=Office(), predecessor=c, successor=a)
    assert exc.value.message_dict["predecessor"] == [
        "This dependency would close a cycle: C → A → B → C."
    ]


def test_adding_against_the_rank_order_reorders_without_false_cycles(actor_a, make_item):
    items = [make_item(actor_a) for _ in range(6)]
    # Edges added "backwards" relative to creation order force rank swaps.
    for p, s in [(5, 4), (4, 3), (3, 2), (0, 5), (2, 1)]:
        services.dependency_add(by=Office(), predecessor=items[p], successor=items[s])
        for item in items:
            item.refresh_from_db()
    assert _ranks_are_topological()
    with pytest.raises(ValidationError):
        services.dependency_add(by=Office(), predecessor=items[1], successor=items[0])


def test_relations_may_run_both_ways(actor_a, make_item):
    a, b = make_item(actor_a), make_item(actor_a)
    services.dependency_add(by=Office(), predecessor=a, successor=b, kind="overlap")
    services.dependency_add(by=Office(), predecessor=b, successor=a, kind="overlap")


def test_dependency_between_actors_is_marked_cross_actor(actor_a, actor_b, make_item):
    dep = services.dependency_add(
        by=Office(), predecessor=make_item(actor_a), successor=make_item(actor_b)
    )
    assert dep.cross_actor
    same = services.dependency_add(
        by=Office(), predecessor=make_item(actor_a), successor=make_item(actor_a)
    )
    assert not same.cross_actor


def test_representative_cannot_edit_another_actors_item(rep_a, actor_b, make_item):
    item = make_item(actor_b)
    with pytest.raises(PermissionDenied):
        services.item_update(item=item, by=rep_a, fields={"name": "Mine now"})


def test_representative_items_start_unpublished_and_hidden_from_others(rep_a, rep_b, actor_a):
    import datetime as dt

    from roadmap.models import RoadmapItem

    fields = {
        "code": "REP-1",
        "name": "Draft plan",
        "actor": actor_a,
        "planned_start": dt.date(2021, 1, 1),
        "planned_end": dt.date(2021, 2, 1),
    }
    # Asking to publish is refused, naming the field, and nothing is written.
    with pytest.raises(ValidationError) as exc:
        services.item_create(by=rep_a, fields={**fields, "published": True})
    assert list(exc.value.message_dict) == ["published"]
    assert not RoadmapItem.objects.filter(code="REP-1").exists()
    item = services.item_create(by=rep_a, fields=fields)
    assert not item.published
    assert selectors.items_visible_to(rep_a).filter(pk=item.pk).exists()
    assert not selectors.items_visible_to(rep_b).filter(pk=item.pk).exists()


def test_duration_follows_the_planned_dates(actor_a, make_item):
    item = make_item(actor_a, start="2021-01-01", end="2021-01-31")
    assert item.duration_days == 30
    with pytest.raises(ValidationError) as exc:
        services.item_update(item=item, by=Office(), fields={"duration_days": 3})
    assert "duration_days" in exc.value.message_dict


def test_measure_prerequisites_come_from_finish_to_start_dependencies(
    roadmap_demo_with_measures,
):
    pairs = selectors.measure_prerequisites()
    code = dict(
        __import__("portfolio.models", fromlist=["Measure"]).Measure.objects.values_list(
            "id", "code"
        )
    )
    named = {(code[m], code[p]) for m, p in pairs}
    assert ("HV-PLL-PILOT", "EH-SFM") in named
    assert ("HV-PLL-PILOT", "NHN-KJ-KOMM") in named
    assert ("HMN-HP-ERESEPT", "EH-SFM") in named


def test_demo_load_is_idempotent(roadmap_demo):
    from roadmap import demo

    before = RoadmapItem.objects.count()
    assert demo.load() == {"items": 0, "dependencies": 0, "adoption_plans": 0, "challenges": 0}
    assert RoadmapItem.objects.count() == before
    assert _ranks_are_topological()
