"""roadmap.graph on small known graphs, without a database."""

import pytest

from roadmap import graph as g
from roadmap.graph import Edge, Node

# The PLL example (days from an arbitrary day 0): 1 SFM, 2 Helseplattformen on
# e-prescription via SFM, 3 Kjernejournal to municipalities, 4 the PLL trial (needs 1–3),
# 5 national roll-out. Actors: 10 E-helse, 20 Helse Midt-Norge, 30 NHN, 40 Helse Vest.
PLL_NODES = [
    Node(1, start=0, duration=100, actor=10),
    Node(2, start=0, duration=50, actor=20),
    Node(3, start=0, duration=120, actor=30),
    Node(4, start=0, duration=60, actor=40),
    Node(5, start=0, duration=30, actor=10),
]
PLL_EDGES = [
    Edge(1, 2),
    Edge(1, 4),
    Edge(2, 4),
    Edge(3, 4),
    Edge(4, 5),
]


def pll() -> g.Schedule:
    return g.schedule(g.build(PLL_NODES, PLL_EDGES))


def test_pll_earliest_dates_follow_the_prerequisites():
    rows = pll().as_rows()
    assert {i: (r["earliest_start"], r["earliest_end"]) for i, r in rows.items()} == {
        1: (0, 100),
        2: (100, 150),
        3: (0, 120),
        4: (150, 210),
        5: (210, 240),
    }


def test_pll_slack_and_latest_dates():
    rows = pll().as_rows()
    assert {i: r["slack"] for i, r in rows.items()} == {1: 0, 2: 0, 3: 30, 4: 0, 5: 0}
    assert rows[3]["latest_start"] == 30 and rows[3]["latest_end"] == 150


def test_pll_critical_path_runs_through_sfm_and_helseplattformen():
    assert g.critical_path(pll()) == [1, 2, 4, 5]


def test_pll_sfm_slipping_90_days_moves_everything_after_it():
    result = g.propagate_slip(pll(), 1, 90)
    assert [(m.id, m.start_shift, m.end_shift) for m in result.moved] == [
        (2, 90, 90),
        (4, 90, 90),
        (5, 90, 90),
    ]
    assert result.affected_actors == [10, 20, 40]


def test_slack_absorbs_part_of_a_slip():
    result = g.propagate_slip(pll(), 3, 50)
    assert [(m.id, m.end_shift) for m in result.moved] == [(4, 20), (5, 20)]
    assert g.propagate_slip(pll(), 3, 30).moved == []


def test_start_to_start_successor_does_not_move_when_the_finish_slips():
    sched = g.schedule(g.build([Node(1, 0, 10), Node(2, 0, 5)], [Edge(1, 2, g.START_TO_START, 3)]))
    assert sched.es[sched.graph.pos[2]] == 3
    assert g.propagate_slip(sched, 1, 20).moved == []


def test_finish_to_finish_and_lag():
    sched = g.schedule(
        g.build(
            [Node(1, 0, 10), Node(2, 0, 4), Node(3, 0, 1)],
            [Edge(1, 2, g.FINISH_TO_FINISH, 2), Edge(2, 3, g.FINISH_TO_START, 5)],
        )
    )
    rows = sched.as_rows()
    assert rows[2]["earliest_end"] == 12 and rows[2]["earliest_start"] == 8
    assert rows[3]["earliest_start"] == 17
    assert g.critical_path(sched) == [1, 2, 3]


def test_relations_are_not_scheduled():
    sched = g.schedule(g.build([Node(1, 0, 10), Node(2, 0, 5)], [Edge(1, 2, g.OVERLAP)]))
    assert sched.es[sched.graph.pos[2]] == 0
    assert g.critical_paths(sched) == []


def test_each_group_of_linked_items_has_its_own_critical_path():
    nodes = [Node(1, 0, 10), Node(2, 0, 10), Node(3, 0, 100), Node(4, 0, 100), Node(5, 0, 500)]
    sched = g.schedule(g.build(nodes, [Edge(1, 2), Edge(3, 4)]))
    assert g.critical_paths(sched) == [[3, 4], [1, 2]]
    assert not sched.is_critical(sched.graph.pos[5])


def test_planned_start_is_kept_when_later_than_the_prerequisites():
    sched = g.schedule(g.build([Node(1, 0, 10), Node(2, 30, 5)], [Edge(1, 2)]))
    assert sched.as_rows()[2]["earliest_start"] == 30
    assert sched.as_rows()[1]["slack"] == 20
    assert g.critical_path(sched) == [2]


def test_violations_name_items_planned_before_their_prerequisite_ends():
    nodes = [Node(1, 0, 100), Node(2, 50, 10), Node(3, 200, 10)]
    found = g.violations(nodes, [Edge(1, 2), Edge(1, 3, lag=150), Edge(2, 3)])
    assert [(v.predecessor, v.successor, v.days_short) for v in found] == [(1, 2, 50), (1, 3, 50)]


def test_cycle_is_detected_and_named_in_order():
    assert g.find_cycle([1, 2, 3, 4], [Edge(1, 2), Edge(2, 3), Edge(3, 1), Edge(3, 4)]) == [
        1,
        2,
        3,
    ]
    assert g.find_cycle([1, 2, 3], [Edge(1, 2), Edge(2, 3)]) is None
    with pytest.raises(g.CycleError) as exc:
        g.schedule(g.build([Node(i, 0, 1) for i in (1, 2, 3)], [Edge(2, 3), Edge(3, 2)]))
    assert exc.value.cycle == [2, 3]
    assert "2 → 3 → 2" in str(exc.value)


def test_path_between_finds_the_cycle_a_new_edge_would_close():
    edges = [Edge(1, 2), Edge(2, 3), Edge(3, 4)]
    assert g.path_between(edges, 2, 4) == [2, 3, 4]
    assert g.path_between(edges, 4, 1) is None


def test_layered_layout_puts_each_item_right_of_its_prerequisites():
    layout = g.layered_layout([1, 2, 3, 4, 5], PLL_EDGES)
    assert {i: layer for i, (layer, _row) in layout.items()} == {1: 0, 3: 0, 2: 1, 4: 2, 5: 3}
    rows = {layout[1][1], layout[3][1]}
    assert rows == {0, 1}


def test_large_chain_runs_without_recursion_limits():
    n = 20_000
    nodes = [Node(i, 0, 1) for i in range(n)]
    edges = [Edge(i, i + 1) for i in range(n - 1)]
    sched = g.schedule(g.build(nodes, edges))
    assert len(g.critical_path(sched)) == n
    assert len(g.propagate_slip(sched, 0, 1).moved) == n - 1


def test_vectorised_slip_gives_the_same_answer_as_the_heap():
    import random

    rng = random.Random(4)
    n = 400
    nodes = [Node(i, rng.randint(0, 30), rng.randint(0, 20), actor=i % 7) for i in range(n)]
    kinds = [g.FINISH_TO_START, g.START_TO_START, g.FINISH_TO_FINISH, g.ADOPTS_SOLUTION]
    edges = {(i, min(n - 1, i + rng.randint(1, 15))): rng.choice(kinds) for i in range(n - 1)}
    sched = g.schedule(
        g.build(nodes, [Edge(a, b, k, rng.randint(0, 5)) for (a, b), k in edges.items()])
    )
    for item in (0, 5, 50, 200):
        heap = g.propagate_slip(sched, item, 40)
        flat = g._slip_everywhere(sched, {sched.graph.pos[item]: 40})
        assert heap.moved == flat.moved
        assert heap.affected_actors == flat.affected_actors
