import pytest

pytestmark = pytest.mark.django_db


def test_filters_by_actor_phase_year_solution_target_group_and_text(demo_portfolio, api):
    from portfolio.models import Actor, NationalSolution

    def codes(query: str) -> set[str]:
        results = api.get(f"/api/v1/measures/?page_size=100&{query}").json()["results"]
        return {m["code"] for m in results}

    hv = Actor.objects.get(short_name="Helse Vest")
    pll = NationalSolution.objects.get(code="pll")
    assert codes(f"owner={hv.pk}") == {"HV-PLL-PILOT", "HV-ALLEMOTER", "HV-DIPS-ARENA"}
    assert "EH-PLL" in codes(f"national_solution={pll.pk}")
    assert codes("q=Akson") == {"KS-AKSON"}
    assert codes("phase=closing") == {"HN-FIKS"}
    assert len(codes("year=2020")) == 52
    assert "HDIR-KUHR" in codes("target_group=authorities")
    assert "HDIR-KUHR" not in codes("target_group=citizens")


def test_ordering_and_pagination(demo_portfolio, api):
    data = api.get("/api/v1/measures/?ordering=-code&page_size=10").json()
    assert data["count"] == 52 and len(data["results"]) == 10
    codes = [m["code"] for m in data["results"]]
    assert codes == sorted(codes, reverse=True)


def test_cursor_pagination_reads_everything_once(demo_portfolio, api):
    seen, url = [], "/api/v1/measures/?paging=cursor&page_size=20"
    while url:
        data = api.get(url).json()
        seen += [m["id"] for m in data["results"]]
        url = data["next"]
    assert len(seen) == len(set(seen)) == 52


def test_anonymous_cannot_write(api, actor_a):
    r = api.post(
        "/api/v1/measures/", {"code": "X-1", "name": "x", "owner": actor_a.pk}, format="json"
    )
    assert r.status_code in (401, 403)


def test_token_auth_reads_and_writes_are_attributed(api, integrator_token, actor_a):
    from core.models import ObjectChange

    token, key = integrator_token
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    r = api.post(
        "/api/v1/measures/",
        {"code": "TOK-1", "name": "Via token", "owner": actor_a.pk},
        format="json",
    )
    assert r.status_code == 403  # integrators write only with an actor-scoped or office mandate
    assert not ObjectChange.objects.filter(object_repr__startswith="TOK-1").exists()


def test_revoked_token_is_refused(api, integrator_token):
    from core.services import token_revoke

    token, key = integrator_token
    token_revoke(token=token)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/measures/").status_code == 401
