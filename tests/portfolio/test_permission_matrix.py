"""Role × action × (own / other actor's / published) over the UI and the API."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_measure, actor_a, actor_b, office_user, rep_a, rep_b):
    return {
        "own_draft": make_measure(actor_a, state="draft", published=False, code="OWN-DRAFT"),
        "other_draft": make_measure(actor_b, state="draft", published=False, code="OTHER-DRAFT"),
        "other_published": make_measure(actor_b, code="OTHER-PUB", budget={2020: 100}),
        "own_published": make_measure(actor_a, code="OWN-PUB", budget={2020: 50}),
    }


def _as(client, user):
    if user is not None:
        client.force_login(user)
    return client


# (viewer fixture, measure key, may see, may edit)
MATRIX = [
    ("rep_a", "own_draft", True, True),
    ("rep_a", "other_draft", False, False),
    ("rep_a", "other_published", True, False),
    ("rep_a", "own_published", True, True),
    ("rep_b", "own_draft", False, False),
    ("office_user", "own_draft", True, True),
    ("office_user", "other_published", True, True),
    (None, "own_draft", False, False),
    (None, "other_published", True, False),
]


@pytest.mark.parametrize("viewer,key,may_see,may_edit", MATRIX)
def test_ui_detail_and_edit(request, client, world, viewer, key, may_see, may_edit):
    user = request.getfixturevalue(viewer) if viewer else None
    measure = world[key]
    _as(client, user)
    assert client.get(f"/measures/{measure.pk}/").status_code == (200 if may_see else 404)
    edit = client.get(f"/measures/{measure.pk}/edit/")
    if may_edit:
        assert edit.status_code == 200
    else:
        assert edit.status_code in (302, 403, 404)


@pytest.mark.parametrize("viewer,key,may_see,may_edit", MATRIX)
def test_api_detail_and_patch(request, api, world, viewer, key, may_see, may_edit):
    user = request.getfixturevalue(viewer) if viewer else None
    measure = world[key]
    if user:
        api.force_authenticate(user)
    assert api.get(f"/api/v1/measures/{measure.pk}/").status_code == (200 if may_see else 404)
    patch = api.patch(f"/api/v1/measures/{measure.pk}/", {"name": "Changed"}, format="json")
    if may_edit:
        assert patch.status_code == 200, patch.json()
    else:
        assert patch.status_code in (401, 403, 404)
    measure.refresh_from_db()
    assert (measure.name == "Changed") == may_edit


@pytest.mark.parametrize("viewer", ["rep_a", "rep_b", None])
def test_lists_search_and_summaries_never_leak_other_actors_drafts(
    request, api, client, world, viewer
):
    user = request.getfixturevalue(viewer) if viewer else None
    if user:
        api.force_authenticate(user)
        client.force_login(user)
    own_actor = {"rep_a": "OWN-DRAFT", "rep_b": "OTHER-DRAFT"}.get(viewer)
    api_codes = {m["code"] for m in api.get("/api/v1/measures/?page_size=500").json()["results"]}
    search_codes = {m["code"] for m in api.get("/api/v1/measures/?q=DRAFT").json()["results"]}
    html = client.get("/measures/?page_size=500").content.decode()
    for draft in ("OWN-DRAFT", "OTHER-DRAFT"):
        visible = draft == own_actor
        assert (draft in api_codes) == visible
        assert (draft in search_codes) == visible
        assert (f">{draft}<" in html) == visible
    summary = api.get("/api/v1/portfolio/summary/?year=2020").json()
    assert summary["measures"] == 2


def test_representative_cannot_create_for_another_actor(api, rep_a, actor_b):
    api.force_authenticate(rep_a)
    r = api.post(
        "/api/v1/measures/", {"code": "X-9", "name": "x", "owner": actor_b.pk}, format="json"
    )
    assert r.status_code == 403


def test_representative_cannot_publish_or_accept_own_measure(api, rep_a, world):
    api.force_authenticate(rep_a)
    m = world["own_draft"]
    api.patch(f"/api/v1/measures/{m.pk}/", {"published": True}, format="json")
    m.refresh_from_db()
    assert m.published is False
    assert api.post(f"/api/v1/measures/{m.pk}/accept/", {}, format="json").status_code == 403


def test_actor_scoped_token_writes_only_its_actor(api, world, actor_a, make_user):
    from core.services import token_create
    from people import roles
    from portfolio.tokens import token_limit_to_actor

    user = make_user("robot", roles.INTEGRATOR)
    token, key = token_create(name="HV", user=user, scope="read_write", created_by=user)
    token_limit_to_actor(token=token, actor=actor_a)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert (
        api.patch(
            f"/api/v1/measures/{world['own_draft'].pk}/", {"name": "T"}, format="json"
        ).status_code
        == 200
    )
    assert (
        api.patch(
            f"/api/v1/measures/{world['other_published'].pk}/", {"name": "T"}, format="json"
        ).status_code
        == 403
    )
    assert api.get(f"/api/v1/measures/{world['other_draft'].pk}/").status_code == 404


def test_read_scoped_token_cannot_write(api, world, make_user):
    from core.services import token_create
    from people import roles

    user = make_user("reader", roles.INTEGRATOR)
    _token, key = token_create(name="R", user=user, scope="read", created_by=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/measures/").status_code == 200
    assert (
        api.patch(
            f"/api/v1/measures/{world['own_published'].pk}/", {"name": "T"}, format="json"
        ).status_code
        == 403
    )
