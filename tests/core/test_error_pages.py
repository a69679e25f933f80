"""The application's own 403, 404 and 500 pages: bokmål, inside the site layout; the 500 page
works without the database and without context processors; a favicon."""

import pytest
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _bokmal(settings):
    settings.LANGUAGE_CODE = "nb"


def test_404_in_bokmal_inside_the_layout(client):
    response = client.get("/finnes-ikke/", HTTP_ACCEPT_LANGUAGE="nb")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'class="site-header"' in html and "Fant ikke siden" in html
    assert 'rel="icon"' in html


def test_403_in_bokmal_inside_the_layout(client, rep_a, make_measure, actor_b):
    measure = make_measure(actor_b)
    client.force_login(rep_a)
    response = client.get(f"/measures/{measure.pk}/edit/", HTTP_ACCEPT_LANGUAGE="nb")
    html = response.content.decode()
    assert response.status_code == 403
    assert 'class="site-header"' in html and "Ingen tilgang" in html


def test_500_needs_neither_database_nor_context_processors(settings, django_assert_num_queries):
    from django.utils import translation

    from core.views import server_error

    settings.TEMPLATES[0]["OPTIONS"]["context_processors"] = ["no.such.processor"]
    request = RequestFactory().get("/measures/")
    with translation.override("nb"), django_assert_num_queries(0):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert 'class="site-header"' in html and "Noe gikk galt" in html


def test_500_under_the_api_answers_in_the_error_shape(db):
    from core.views import server_error

    response = server_error(RequestFactory().get("/api/v1/measures/"))
    assert response.status_code == 500
    import json

    assert json.loads(response.content)["errors"][0]["code"] == "server_error"
