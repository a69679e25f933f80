import pytest

pytestmark = pytest.mark.django_db


def test_office_gives_a_person_a_role_and_an_actor(client, office_user, actor_b):
    from django.contrib.auth import get_user_model

    client.force_login(office_user)
    r = client.post(
        "/people/new/",
        {
            "username": "ny",
            "full_name": "Nina Ny",
            "email": "ny@example.no",
            "roles": ["actor_representative"],
            "actors": [actor_b.pk],
            "is_active": "on",
        },
    )
    assert r.status_code == 302
    person = get_user_model().objects.get(username="ny")
    assert list(person.groups.values_list("name", flat=True)) == ["actor_representative"]
    assert list(person.actors.all()) == [actor_b]
    assert not person.has_usable_password()


def test_duplicate_username_is_refused_beside_the_field(client, office_user, rep_a):
    client.force_login(office_user)
    html = client.post("/people/new/", {"username": "rep_a", "is_active": "on"}).content.decode()
    assert 'id="id_username-error"' in html


@pytest.mark.parametrize("path", ["/people/", "/review/", "/status/", "/baselines/"])
def test_office_pages_are_closed_to_representatives(client, rep_a, path):
    client.force_login(rep_a)
    assert client.get(path).status_code == 403


def test_every_portfolio_model_is_in_the_admin():
    from django.apps import apps
    from django.contrib import admin

    missing = [
        m.__name__
        for m in apps.get_app_config("portfolio").get_models()
        if m not in admin.site._registry and m.__name__ != "BaselineMeasure"
    ]
    assert missing == []
