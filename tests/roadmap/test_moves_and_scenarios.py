"""Moving an item with a preview (the what-if's computation), saving with its version, and
named scenarios compared with the plan and applied in one step.

The expected consequences are computed here by a plain fixed-point relaxation over the
demo's items and dependencies, independently of roadmap.graph."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from core.models import ObjectChange

pytestmark = pytest.mark.django_db

FS = {"finish_to_start", "delivers_capability", "adopts_solution"}


def oracle(changes: dict[int, tuple[int, int]]) -> dict[int, tuple[int, int]]:
    """{item id: (start shift, end shift)} of every other item the changes push later."""
    from roadmap.models import Dependency, RoadmapItem

    items = {i.pk: i for i in RoadmapItem.objects.all()}
    edges = [
        (d.predecessor_id, d.successor_id, d.kind, d.lag_days)
        for d in Dependency.objects.filter(kind__in=[*FS, "start_to_start", "finish_to_finish"])
    ]
    dur = {k: (i.end - i.start).days for k, i in items.items()}

    def relax(es: dict[int, int], floor: dict[int, int], extra: dict[int, int]) -> dict[int, int]:
        while True:
            changed = False
            for p, s, kind, lag in edges:
                p_start, p_end = es[p], es[p] + dur[p] + extra.get(p, 0)
                if kind == "start_to_start":
                    need = p_start + lag
                elif kind == "finish_to_finish":
                    need = p_end + lag - dur[s]
                else:
                    need = p_end + lag
                if need > es[s]:
                    es[s] = need
                    changed = True
            if not changed:
                return es

    base = relax({k: i.start.toordinal() for k, i in items.items()}, {}, {})
    extra = {k: e - s for k, (s, e) in changes.items()}
    after = dict(base)
    for k, (s, _e) in changes.items():
        after[k] = base[k] + s
    after = relax(after, base, extra)
    return {
        k: (after[k] - base[k], after[k] - base[k])
        for k in items
        if k not in changes and after[k] != base[k]
    }


ROW = re.compile(
    r'<tr><th scope="row"><a href="/roadmap/items/(\d+)/">[^<]*</a></th><td>[^<]*</td>'
    r'<td class="num">(-?\d+)</td><td class="num">(-?\d+)</td>'
    r"<td>([\d.]+)</td><td>([\d.]+)</td>"
)


def moved_rows(html: str) -> dict[int, tuple[int, int, str, str]]:
    table = html.split('id="moved-items"')[1].split("</table>")[0]
    return {int(m[0]): (int(m[1]), int(m[2]), m[3], m[4]) for m in ROW.findall(table)}


def fragment(html: str, marker: str, end: str) -> str:
    return html.split(marker)[1].split(end)[0]


def _d(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d.%m.%Y").date()


def _preview(client: Any, item: Any, start: int, end: int) -> tuple[str, dict[str, str]]:
    response = client.get(
        f"/roadmap/items/{item.pk}/move/?start_days={start}&end_days={end}&version={item.version}"
    )
    assert response.status_code == 200, response.content.decode()[:500]
    html = response.content.decode()
    form = fragment(html, 'id="move-save"', "</form>")
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
    return html, fields


# Move preview ------------------------------------------------------------------------------


def test_preview_of_a_slip_equals_the_what_if(client, office_user, roadmap_demo):
    sfm = roadmap_demo["PLL-SFM"]
    client.force_login(office_user)
    html, _fields = _preview(client, sfm, 0, 90)
    what_if = client.get(f"/roadmap/what-if/?item={sfm.pk}&slip_days=90").content.decode()
    assert moved_rows(html) == moved_rows(what_if)
    assert moved_rows(html)  # the demo's SFM pushes the PLL programme
    assert fragment(html, 'id="affected-actors"', "</ul>") == fragment(
        what_if, 'id="affected-actors"', "</ul>"
    )


def test_preview_of_moving_sfm_90_days_names_the_items_and_actors_that_move(
    client, office_user, roadmap_demo
):
    from roadmap.models import RoadmapItem

    sfm = roadmap_demo["PLL-SFM"]
    client.force_login(office_user)
    html, fields = _preview(client, sfm, 90, 90)
    expected = oracle({sfm.pk: (90, 90)})
    rows = moved_rows(html)
    assert {k: (v[0], v[1]) for k, v in rows.items()} == expected
    names = set(RoadmapItem.objects.filter(pk__in=expected).values_list("name", flat=True))
    assert "Helseplattformen på e-resept via SFM" in names
    actors = fragment(html, 'id="affected-actors"', "</ul>")
    for item in RoadmapItem.objects.filter(pk__in=expected).select_related("actor"):
        assert item.actor.name in actors
    assert fields["version"] == str(sfm.version) and fields["signature"]
    assert 'id="critical-change"' in html


def test_saving_a_move_changes_exactly_the_previewed_dates(client, office_user, roadmap_demo):
    from roadmap.models import RoadmapItem

    sfm = roadmap_demo["PLL-SFM"]
    client.force_login(office_user)
    before = {i.pk: (i.start, i.end) for i in RoadmapItem.objects.all()}
    html, fields = _preview(client, sfm, 90, 90)
    rows = moved_rows(html)
    response = client.post(f"/roadmap/items/{sfm.pk}/move/", fields)
    assert response.status_code == 302
    after = {i.pk: (i.start, i.end) for i in RoadmapItem.objects.all()}
    day = dt.timedelta(days=90)
    assert after[sfm.pk] == (before[sfm.pk][0] + day, before[sfm.pk][1] + day)
    for pk, (_s, _e, new_start, new_end) in rows.items():
        assert after[pk] == (_d(new_start), _d(new_end))
    unchanged = set(before) - set(rows) - {sfm.pk}
    assert all(after[pk] == before[pk] for pk in unchanged)
    changes = ObjectChange.objects.filter(object_id__in=[str(k) for k in [sfm.pk, *rows]])
    changes = changes.filter(content_type__model="roadmapitem", action="update")
    assert len({c.request_id for c in changes}) == 1 and changes.count() == len(rows) + 1


def test_a_concurrent_edit_is_reported_as_a_conflict_never_overwritten(
    client, office_user, make_user, roadmap_demo
):
    from people import roles
    from roadmap import services
    from roadmap.models import RoadmapItem

    sfm = roadmap_demo["PLL-SFM"]
    client.force_login(office_user)
    _html, fields = _preview(client, sfm, 90, 90)
    # A second window (another office user) edits the same item meanwhile.
    other = make_user("office2", roles.PORTFOLIO_OFFICE)
    services.item_update(
        item=RoadmapItem.objects.get(pk=sfm.pk),
        by=other,
        fields={"planned_end": dt.date(2021, 8, 1)},
        expected_version=sfm.version,
    )
    theirs = RoadmapItem.objects.get(pk=sfm.pk)
    response = client.post(f"/roadmap/items/{sfm.pk}/move/", fields)
    assert response.status_code == 409
    assert 'id="conflict"' in response.content.decode()
    now = RoadmapItem.objects.get(pk=sfm.pk)
    assert (now.start, now.end, now.version) == (theirs.start, theirs.end, theirs.version)


def test_consequences_changed_since_the_preview_are_not_saved(client, office_user, roadmap_demo):
    from roadmap import services
    from roadmap.models import RoadmapItem

    sfm = roadmap_demo["PLL-SFM"]
    client.force_login(office_user)
    html, fields = _preview(client, sfm, 90, 90)
    pushed = RoadmapItem.objects.get(pk=next(iter(moved_rows(html))))
    services.item_update(
        item=pushed,
        by=office_user,
        fields={
            "planned_start": pushed.planned_start + dt.timedelta(days=400),
            "planned_end": pushed.planned_end + dt.timedelta(days=400),
        },
    )
    before = RoadmapItem.objects.get(pk=sfm.pk)
    response = client.post(f"/roadmap/items/{sfm.pk}/move/", fields)
    assert response.status_code == 409
    assert 'id="consequences-changed"' in response.content.decode()
    assert RoadmapItem.objects.get(pk=sfm.pk).start == before.start


def test_a_move_by_zero_days_is_refused_beside_the_field(client, office_user, roadmap_demo):
    sfm = roadmap_demo["PLL-SFM"]
    client.force_login(office_user)
    response = client.get(f"/roadmap/items/{sfm.pk}/move/?start_days=0&end_days=0&version=1")
    assert response.status_code == 400
    assert 'id="id_start_days-error"' in response.content.decode()


# Scenarios ---------------------------------------------------------------------------------


def test_a_saved_scenario_shows_the_same_differences_as_the_what_if(client, rep_a, roadmap_demo):
    sfm = roadmap_demo["PLL-SFM"]
    client.force_login(rep_a)
    response = client.post(
        "/roadmap/scenarios/", {"name": "SFM late", "item": sfm.pk, "slip_days": 90}
    )
    assert response.status_code == 302
    compare = client.get(response["Location"]).content.decode()
    what_if = client.get(f"/roadmap/what-if/?item={sfm.pk}&slip_days=90").content.decode()
    assert moved_rows(compare) == moved_rows(what_if) != {}
    assert {k: (v[0], v[1]) for k, v in moved_rows(compare).items()} == oracle({sfm.pk: (0, 90)})
    assert fragment(compare, 'id="affected-actors"', "</ul>") == fragment(
        what_if, 'id="affected-actors"', "</ul>"
    )
    assert 'id="plan-title"' in compare and 'id="scenario-title"' in compare
    assert "apply-scenario" not in compare  # a representative does not apply


def test_a_scenario_with_two_slips_pushes_what_both_push(client, office_user, roadmap_demo):
    from roadmap import services

    sfm, kj = roadmap_demo["PLL-SFM"], roadmap_demo["PLL-KJ-KOMM"]
    scenario = services.scenario_create(
        by=office_user, name="Two late", slips=[(sfm, 30), (kj, 200)]
    )
    client.force_login(office_user)
    html = client.get(f"/roadmap/scenarios/{scenario.pk}/").content.decode()
    got = {k: (v[0], v[1]) for k, v in moved_rows(html).items()}
    assert got == oracle({sfm.pk: (0, 30), kj.pk: (0, 200)}) != {}


def test_applying_a_scenario_is_one_atomic_change(client, office_user, roadmap_demo):
    from roadmap import services
    from roadmap.models import RoadmapItem, RoadmapScenario

    sfm = roadmap_demo["PLL-SFM"]
    scenario = services.scenario_create(by=office_user, name="SFM late", slips=[(sfm, 90)])
    client.force_login(office_user)
    rows = moved_rows(client.get(f"/roadmap/scenarios/{scenario.pk}/").content.decode())
    before = {i.pk: (i.start, i.end) for i in RoadmapItem.objects.all()}
    last = ObjectChange.objects.order_by("-id").values_list("id", flat=True).first()
    assert client.post(f"/roadmap/scenarios/{scenario.pk}/apply/").status_code == 302
    after = {i.pk: (i.start, i.end) for i in RoadmapItem.objects.all()}
    assert after[sfm.pk] == (before[sfm.pk][0], before[sfm.pk][1] + dt.timedelta(days=90))
    for pk, (_s, _e, new_start, new_end) in rows.items():
        assert after[pk] == (_d(new_start), _d(new_end))
    assert all(after[k] == before[k] for k in set(before) - set(rows) - {sfm.pk})
    new_rows = ObjectChange.objects.filter(id__gt=last)
    assert len({r.request_id for r in new_rows}) == 1
    assert new_rows.count() == len(rows) + 2  # the items and one row for the scenario
    scenario_rows = new_rows.filter(content_type__model="roadmapscenario")
    assert scenario_rows.count() == 1 and scenario_rows[0].action == "bulk"
    assert sfm.code in scenario_rows[0].changes
    assert RoadmapScenario.objects.get(pk=scenario.pk).applied_at is not None
    # Applying twice is refused.
    assert client.post(f"/roadmap/scenarios/{scenario.pk}/apply/").status_code == 302
    assert {i.pk: (i.start, i.end) for i in RoadmapItem.objects.all()} == after


def test_applying_is_all_or_nothing(office_user, roadmap_demo, monkeypatch):
    from django.core.exceptions import ValidationError

    from roadmap import services
    from roadmap.models import RoadmapItem, RoadmapScenario

    sfm = roadmap_demo["PLL-SFM"]
    scenario = services.scenario_create(by=office_user, name="SFM late", slips=[(sfm, 90)])
    before = {i.pk: (i.start, i.end, i.version) for i in RoadmapItem.objects.all()}
    calls = {"n": 0}
    real = RoadmapItem.full_clean

    def failing(self: Any, *args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise ValidationError({"planned_end": "boom"})
        real(self, *args, **kwargs)

    monkeypatch.setattr(RoadmapItem, "full_clean", failing)
    with pytest.raises(ValidationError):
        services.scenario_apply(by=office_user, scenario=scenario)
    assert calls["n"] == 3
    assert {i.pk: (i.start, i.end, i.version) for i in RoadmapItem.objects.all()} == before
    assert RoadmapScenario.objects.get(pk=scenario.pk).applied_at is None


def test_only_the_office_applies_a_scenario(client, rep_a, roadmap_demo):
    from roadmap import services
    from roadmap.models import RoadmapScenario

    scenario = services.scenario_create(
        by=rep_a, name="Mine", slips=[(roadmap_demo["PLL-SFM"], 10)]
    )
    client.force_login(rep_a)
    assert client.post(f"/roadmap/scenarios/{scenario.pk}/apply/").status_code == 403
    assert RoadmapScenario.objects.get(pk=scenario.pk).applied_at is None


# The measure's page ------------------------------------------------------------------------


def test_measure_page_shows_its_roadmap_items_with_slack_and_critical_marking(
    client, office_user, roadmap_demo_with_measures
):
    from roadmap import graph, selectors
    from roadmap.models import Dependency, RoadmapItem

    sfm = roadmap_demo_with_measures["PLL-SFM"]
    client.force_login(office_user)
    html = client.get(f"/measures/{sfm.measure_id}/").content.decode()
    panel = fragment(html, 'id="measure-roadmap"', "</section>")
    mine = RoadmapItem.objects.filter(measure_id=sfm.measure_id)
    for item in mine:
        assert f'href="/roadmap/items/{item.pk}/"' in panel
    sched = graph.schedule(
        graph.build(
            [selectors.node_of(i) for i in RoadmapItem.objects.all()],
            [selectors.edge_of(d) for d in Dependency.objects.all()],
        )
    )
    on_path = {i for p in graph.critical_paths(sched) for i in p}
    # The panel loads only the items linked to the measure's; slack and the critical path
    # must be those of the whole roadmap, for every measure with items.
    measures = set(RoadmapItem.objects.exclude(measure=None).values_list("measure", flat=True))
    assert len(measures) > 3
    checked = 0
    for measure_id in measures:
        panel = fragment(
            client.get(f"/measures/{measure_id}/").content.decode(),
            'id="measure-roadmap"',
            "</section>",
        )
        for item in RoadmapItem.objects.filter(measure_id=measure_id):
            row = fragment(panel, f'href="/roadmap/items/{item.pk}/"', "</tr>")
            slack = sched.slack(sched.graph.pos[item.pk])
            assert f'<td class="num">{slack}</td>' in row
            assert ("▶" in row) == (item.pk in on_path)
            assert item.start.strftime("%d.%m.%Y") in row
            checked += 1
    assert checked >= len(measures) and sfm.pk in on_path


def test_a_scenario_is_seen_by_its_author_and_the_office_only(
    client, rep_a, rep_b, office_user, roadmap_demo
):
    from roadmap import services

    scenario = services.scenario_create(
        by=rep_a, name="Private thoughts", slips=[(roadmap_demo["PLL-SFM"], 10)]
    )
    client.force_login(rep_b)
    assert client.get(f"/roadmap/scenarios/{scenario.pk}/").status_code == 404
    assert "Private thoughts" not in client.get("/roadmap/scenarios/").content.decode()
    client.force_login(office_user)
    assert client.get(f"/roadmap/scenarios/{scenario.pk}/").status_code == 200


def test_the_move_form_works_without_javascript_from_the_items_page(
    client, office_user, roadmap_demo
):
    sfm = roadmap_demo["PLL-SFM"]
    client.force_login(office_user)
    page = client.get(f"/roadmap/items/{sfm.pk}/").content.decode()
    assert f'href="/roadmap/items/{sfm.pk}/move/"' in page
    form = client.get(f"/roadmap/items/{sfm.pk}/move/").content.decode()
    assert 'name="start_days"' in form and 'name="version"' in form
    # The GET form without a version (a bookmarked link) previews against the current one.
    html = client.get(f"/roadmap/items/{sfm.pk}/move/?start_days=7&end_days=7").content.decode()
    assert 'id="move-preview"' in html
