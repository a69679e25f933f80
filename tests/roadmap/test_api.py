"""The roadmap API: CRUD with the rules, analysis endpoints, permissions, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roadmap.models import Dependency

pytestmark = pytest.mark.django_db
URL = "/api/v1/roadmap/"


def test_cycle_is_a_400_naming_the_cycle(api, office_user, actor_a, make_item):
    a, b, c = (make_item(actor_a, name=n) for n in ("SFM", "Helseplattformen", "PLL trial"))
    api.force_authenticate(office_user)
    for p, s in [(a, b), (b, c)]:
        assert (
            api.post(f"{URL}dependencies/", {"predecessor": p.pk, "successor": s.pk}).status_code
            == 201
        )
    response = api.post(f"{URL}dependencies/", {"predecessor": c.pk, "successor": a.pk})
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["field"] == "predecessor"
    assert "PLL trial → SFM → Helseplattformen → PLL trial" in body["errors"][0]["message"]
    assert Dependency.objects.count() == 2


def test_cross_actor_is_set_by_the_server(api, office_user, actor_a, actor_b, make_item):
    api.force_authenticate(office_user)
    response = api.post(
        f"{URL}dependencies/",
        {
            "predecessor": make_item(actor_a).pk,
            "successor": make_item(actor_b).pk,
            "cross_actor": False,
        },
    )
    assert response.status_code == 201 and response.json()["cross_actor"] is True


def test_impact_of_sfm_slipping_90_days(api, roadmap_demo):
    sfm = roadmap_demo["PLL-SFM"]
    response = api.get(f"{URL}items/{sfm.pk}/impact/?slip_days=90")
    assert response.status_code == 200
    body = response.json()
    moved = {m["code"]: m["end_shift_days"] for m in body["moved"]}
    assert moved["PLL-HP-ERESEPT"] == 90 and moved["PLL-PILOT"] == 90
    assert "PLL-KJ-KOMM" not in moved
    assert {a["short_name"] for a in body["affected_actors"]} >= {"Helse Midt-Norge", "Helse Vest"}


@pytest.mark.parametrize("value", ["", "abc", "0", "-5", "2.5"])
def test_impact_needs_a_positive_whole_number_of_days(api, roadmap_demo, value):
    sfm = roadmap_demo["PLL-SFM"]
    response = api.get(f"{URL}items/{sfm.pk}/impact/?slip_days={value}")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "slip_days"


def test_critical_path_endpoint_names_the_pll_chain(api, roadmap_demo):
    pll = roadmap_demo["PLL-PILOT"].national_solution
    body = api.get(f"{URL}critical-path/?national_solution={pll.parent_id}").json()
    critical_path = [row for row in body["results"] if row["path"] == 0]
    codes = [row["code"] for row in critical_path]
    assert codes[:3] == ["PLL-SFM", "PLL-HP-ERESEPT", "PLL-PILOT"]
    assert all(row["slack_days"] == 0 for row in critical_path)


def test_violations_endpoint_reports_the_trondheim_plan(api, roadmap_demo):
    rows = api.get(f"{URL}violations/").json()["results"]
    assert [(r["predecessor"]["code"], r["successor"]["code"], r["days_short"]) for r in rows] == [
        ("PLL-KJ-KOMM", "KJ-TRD", 181)
    ]


def test_adoption_plans_filter_by_actor_and_solution(api, roadmap_demo):
    from portfolio.models import Actor, NationalSolution

    bergen = Actor.objects.get(short_name="Bergen")
    rows = api.get(f"{URL}adoption-plans/?actor={bergen.pk}").json()["results"]
    assert {r["national_solution_code"] for r in rows} == {"pll", "multidose"}
    eresept = NationalSolution.objects.get(code="e-resept")
    rows = api.get(f"{URL}adoption-plans/?national_solution={eresept.pk}").json()["results"]
    assert {r["national_solution_code"] for r in rows} >= {"pll", "sfm", "e-resept"}


def test_anonymous_cannot_write(api, actor_a, make_item):
    item = make_item(actor_a)
    assert api.post(f"{URL}items/", {"code": "X"}).status_code in (401, 403)
    assert api.patch(f"{URL}items/{item.pk}/", {"name": "x"}).status_code in (401, 403)
    assert api.post(f"{URL}dependencies/", {}).status_code in (401, 403)


def test_representative_cannot_edit_another_actors_item(api, rep_a, actor_a, actor_b, make_item):
    theirs = make_item(actor_b)
    api.force_authenticate(rep_a)
    response = api.patch(f"{URL}items/{theirs.pk}/", {"name": "Taken over"}, format="json")
    assert response.status_code == 403
    mine = make_item(actor_a)
    response = api.patch(f"{URL}items/{mine.pk}/", {"name": "Renamed"}, format="json")
    assert response.status_code == 200 and response.json()["name"] == "Renamed"


def test_representative_may_depend_on_another_actors_item(api, rep_a, actor_a, actor_b, make_item):
    api.force_authenticate(rep_a)
    theirs, mine = make_item(actor_b), make_item(actor_a)
    response = api.post(f"{URL}dependencies/", {"predecessor": theirs.pk, "successor": mine.pk})
    assert response.status_code == 201
    other = make_item(actor_b)
    response = api.post(f"{URL}dependencies/", {"predecessor": theirs.pk, "successor": other.pk})
    assert response.status_code == 403


def test_item_create_validates_dates(api, office_user, actor_a):
    api.force_authenticate(office_user)
    response = api.post(
        f"{URL}items/",
        {
            "code": "NEW-1",
            "name": "New",
            "actor": actor_a.pk,
            "planned_start": "2021-05-01",
            "planned_end": "2021-01-01",
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "planned_end"


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("endpoint", ["items", "dependencies", "adoption-plans", "challenges"])
def test_list_query_count_does_not_grow_with_page_size(api, roadmap_demo, endpoint):
    assert _count(api, f"{URL}{endpoint}/?page_size=2") == _count(
        api, f"{URL}{endpoint}/?page_size=100"
    )


def test_schema_documents_the_custom_endpoints(api):
    schema = api.get("/api/schema/?format=json").json()
    assert "/api/v1/roadmap/items/{id}/impact/" in schema["paths"]
    assert "/api/v1/roadmap/critical-path/" in schema["paths"]
