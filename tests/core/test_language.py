import pytest

pytestmark = pytest.mark.django_db


def test_pages_default_to_norwegian_even_for_english_browsers(client, settings):
    settings.LANGUAGE_CODE = "nb"
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="nb"' in html
    assert "Hopp til hovedinnhold" in html


def test_language_switch_gives_english(client, settings):
    settings.LANGUAGE_CODE = "nb"
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="en"' in html and "Skip to main content" in html


def test_api_errors_follow_accept_language(api, settings):
    settings.LANGUAGE_CODE = "nb"
    en = api.get("/api/v1/portfolio/summary/?year=abc", HTTP_ACCEPT_LANGUAGE="en").json()
    nb = api.get("/api/v1/portfolio/summary/?year=abc", HTTP_ACCEPT_LANGUAGE="nb").json()
    assert en["errors"][0]["field"] == nb["errors"][0]["field"] == "year"
    assert en["errors"][0]["message"] != nb["errors"][0]["message"]
