import pytest

pytestmark = pytest.mark.django_db

# The form asks each entry criterion as an explicit yes/no (issue 14).
CRITERIA_ANSWERED = {
    "criterion_digitalisation_core": "False",
    "criterion_cross_actor": "False",
    "criterion_strategy": "False",
}


def test_two_patches_with_same_etag_exactly_one_wins(api, office_user, make_measure, actor_a):
    m = make_measure(actor_a)
    api.force_authenticate(office_user)
    etag = api.get(f"/api/v1/measures/{m.pk}/")["ETag"]
    first = api.patch(f"/api/v1/measures/{m.pk}/", {"name": "A"}, format="json", HTTP_IF_MATCH=etag)
    second = api.patch(
        f"/api/v1/measures/{m.pk}/", {"name": "B"}, format="json", HTTP_IF_MATCH=etag
    )
    assert (first.status_code, second.status_code) == (200, 412)
    assert second.json()["errors"][0]["code"] == "precondition_failed"
    assert first["ETag"] != etag
    m.refresh_from_db()
    assert m.name == "A"


def test_second_browser_form_shows_conflict_and_keeps_input(
    client, office_user, make_measure, actor_a
):
    m = make_measure(actor_a, purpose="Original")
    client.force_login(office_user)
    base = {
        "code": m.code,
        "owner": actor_a.pk,
        "measure_type": "project",
        "phase": "idea",
        "budget-TOTAL_FORMS": "0",
        "budget-INITIAL_FORMS": "0",
        "version": m.version,
        **CRITERIA_ANSWERED,
    }
    assert (
        client.post(
            f"/measures/{m.pk}/edit/", {**base, "name": "Saved first", "purpose": "P1"}
        ).status_code
        == 302
    )
    r = client.post(
        f"/measures/{m.pk}/edit/", {**base, "name": "Typed second", "purpose": "My long text"}
    )
    html = r.content.decode()
    assert r.status_code == 409
    assert 'id="conflict"' in html and "name" in html and "purpose" in html
    assert "My long text" in html and "Typed second" in html
    m.refresh_from_db()
    assert m.name == "Saved first"
    # saving again deliberately overwrites with the version shown in the conflict
    again = {**base, "name": "Typed second", "purpose": "My long text", "version": m.version}
    assert client.post(f"/measures/{m.pk}/edit/", again).status_code == 302
    m.refresh_from_db()
    assert m.name == "Typed second"


def test_history_records_field_changes_with_old_and_new(api, office_user, make_measure, actor_a):
    m = make_measure(actor_a, name="Old name")
    api.force_authenticate(office_user)
    api.patch(
        f"/api/v1/measures/{m.pk}/",
        {
            "name": "New name",
            "budget_lines": [{"year": 2021, "kind": "operating", "planned": "10.00"}],
        },
        format="json",
    )
    history = api.get(f"/api/v1/measures/{m.pk}/history/").json()["results"]
    update = next(h for h in history if "name" in h["changes"])
    assert update["changes"]["name"] == ["Old name", "New name"] and update["user"] == "office"
    assert any(h["object_type"] == "budgetline" and h["action"] == "create" for h in history)


def test_editing_a_measure_keeps_untouched_budget_lines(client, office_user, make_measure, actor_a):
    m = make_measure(actor_a, budget={2020: 1000, 2021: 2000})
    client.force_login(office_user)
    page = client.get(f"/measures/{m.pk}/edit/").content.decode()
    assert 'name="budget-INITIAL_FORMS" value="2"' in page
    form = {
        "code": m.code,
        "name": "Renamed",
        "owner": actor_a.pk,
        "measure_type": "project",
        "phase": "idea",
        "version": m.version,
        "budget-TOTAL_FORMS": "2",
        "budget-INITIAL_FORMS": "2",
        **CRITERIA_ANSWERED,
    }
    for i, year in enumerate((2020, 2021)):
        form |= {
            f"budget-{i}-year": year,
            f"budget-{i}-kind": "investment",
            f"budget-{i}-funding_source": "own",
            f"budget-{i}-planned": str(1000 * (i + 1)) + ".00",
        }
    assert client.post(f"/measures/{m.pk}/edit/", form).status_code == 302
    assert sorted(m.budget_lines.values_list("year", flat=True)) == [2020, 2021]
