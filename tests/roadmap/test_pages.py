"""The roadmap pages as a new user meets them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_timeline_renders_with_the_pll_critical_path_marked(client, roadmap_demo):
    response = client.get("/roadmap/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "g-bar--critical" in html and "▶ SFM og leverandørenes integrasjoner" in html
    assert 'id="critical-path"' in html
    cp = html.split('id="critical-path"')[1].split("</ol>")[0]
    assert cp.index("SFM") < cp.index("Helseplattformen på e-resept") < cp.index("PLL- og")
    assert "(tentative)" in html and "g-today" in html
    assert 'id="schedule-table"' in html


def test_timeline_per_solution_and_per_actor(client, roadmap_demo):
    assert "PLL nasjonal utbredelse" in client.get("/roadmap/solutions/e-resept/").content.decode()
    actor = roadmap_demo["AKSON-KVU"].actor
    html = client.get(f"/roadmap/actors/{actor.pk}/").content.decode()
    assert "Akson konseptvalgutredning" in html and "PLL nasjonal utbredelse" not in html


def test_what_if_sfm_slips_90_days_lists_moved_items_and_actors(client, roadmap_demo):
    sfm = roadmap_demo["PLL-SFM"]
    response = client.get(f"/roadmap/what-if/?item={sfm.pk}&slip_days=90")
    html = response.content.decode()
    moved = html.split('id="moved-items"')[1].split("</table>")[0]
    assert "Helseplattformen på e-resept via SFM" in moved
    assert "PLL- og multidoseutprøving" in moved and "PLL nasjonal utbredelse" in moved
    assert "Kjernejournal i sykehjem" not in moved
    actors = html.split('id="affected-actors"')[1].split("</ul>")[0]
    assert "Helse Vest RHF" in actors and "Helse Midt-Norge RHF" in actors


def test_what_if_rejects_bad_days_beside_the_field(client, roadmap_demo):
    sfm = roadmap_demo["PLL-SFM"]
    html = client.get(f"/roadmap/what-if/?item={sfm.pk}&slip_days=abc").content.decode()
    assert 'id="id_slip_days-error"' in html


def test_cycle_error_is_shown_beside_the_field(client, office_user, roadmap_demo):
    client.force_login(office_user)
    response = client.post(
        "/roadmap/dependencies/new/",
        {
            "predecessor": roadmap_demo["PLL-ROLLOUT"].pk,
            "successor": roadmap_demo["PLL-SFM"].pk,
            "kind": "finish_to_start",
            "lag_days": 0,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    error = html.split('id="id_predecessor-error"')[1].split("</p>")[0]
    assert "would close a cycle" in error and "PLL nasjonal utbredelse → SFM" in error
    assert 'aria-describedby="id_predecessor-error"' in html


def test_adding_a_dependency_through_the_form(client, office_user, roadmap_demo):
    client.force_login(office_user)
    response = client.post(
        "/roadmap/dependencies/new/",
        {
            "predecessor": roadmap_demo["NS-GRUNNDATA"].pk,
            "successor": roadmap_demo["PLL-ROLLOUT"].pk,
            "kind": "finish_to_start",
            "lag_days": 0,
        },
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        "/roadmap/graph/",
        "/roadmap/phases/",
        "/roadmap/adoption/",
        "/roadmap/municipalities/",
        "/roadmap/violations/",
    ],
)
def test_other_views_render_with_a_table(client, roadmap_demo, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "<table" in response.content.decode()


def test_municipalities_view_lists_only_municipalities(client, roadmap_demo):
    html = client.get("/roadmap/municipalities/").content.decode()
    matrix = html.split('id="adoption-matrix"')[1].split("</table>")[0]
    assert "Bergen" in matrix and "Helse Vest" not in matrix


def test_exports(client, roadmap_demo):
    svg = client.get("/roadmap/export.svg")
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert b"".join(svg.streaming_content).decode().startswith('<?xml version="1.0"')
    response = client.get("/roadmap/export.csv")
    csv = b"".join(response.streaming_content).decode().splitlines()
    assert csv[0].startswith("code,name,kind,actor")
    assert any(line.startswith("PLL-SFM,") and ",yes," in line for line in csv)


def test_timeline_query_count_does_not_grow_with_items(client, roadmap_demo, make_item):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/roadmap/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    actor = roadmap_demo["PLL-SFM"].actor
    for _ in range(5):
        make_item(actor)
    assert count() == before
