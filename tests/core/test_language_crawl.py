"""Crawl every page of the UI, as each role, in bokmål (the default) and in English.

The URL patterns are enumerated from the URLconf and filled with real ids from the demo data,
so a new page is crawled without editing this test. In bokmål a page fails on a raw choice value
or code (snake_case), a model name, an English sentence (English function words) or the English
original of a catalogue string; in English it fails on a bokmål catalogue translation.
Content typed by people (measure names, descriptions) is data and stays in its own language.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver

from core.message_check import catalog_entries, missing

pytestmark = pytest.mark.django_db

ROLE_USERS = {
    "anonymous": None,
    "actor_rep": "aktor",
    "assessor": "vurderer",
    "steering_group": "styring",
    "office": "kontor",
}
SKIP_PREFIXES = ("admin/", "api/", "i18n/")
SKIP_NAMES = {"logout"}
# English words that do not occur in bokmål: one of them in a bokmål page is English text.
ENGLISH_WORDS = {
    "the",
    "and",
    "of",
    "with",
    "which",
    "this",
    "that",
    "should",
    "been",
    "would",
    "their",
    "from",
    "national",
    "roll-out",
    "assessment",
    "criteria",
    "none",
    "yes",
    "true",
    "false",
}
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")  # pages write dd.mm.åååå
WORD = re.compile(r"[\wæøåÆØÅ-]+")


class _Text(HTMLParser):
    """The text a reader meets: text nodes plus title/alt/aria-label/placeholder. Text inside
    <code> is left out: it marks names the reader types or finds in a file (import columns,
    open-data fields), which stay machine names in any language."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "code"}:
            self._skip += 1
        for name, value in attrs:
            if name in {"title", "alt", "aria-label", "placeholder"} and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "code"} and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


def _patterns(resolver: Any = None, prefix: str = "", ns: str = "") -> list[tuple[str, Any]]:
    out = []
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            inner = f"{ns}{p.namespace}:" if p.namespace else ns
            out += _patterns(p, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern) and p.name:
            out.append((prefix + str(p.pattern), f"{ns}{p.name}", p))
    return out


def _sample_ids() -> dict[str, Any]:
    from core.models import IntegratorToken
    from covid_intake.models import Suggestion
    from portfolio.models import Actor, Measure, NationalSolution

    def first(model_label: str, **filters: Any) -> Any:
        model = apps.get_model(model_label)
        return model.objects.filter(**filters).order_by("pk").first()

    suggestion = Suggestion.objects.order_by("pk").first()
    published = Measure.objects.filter(published=True).order_by("pk").first()
    return {
        "measure": Measure.objects.filter(archived_at__isnull=True).order_by("pk").first(),
        "published": published,
        "token": IntegratorToken.objects.order_by("pk").first(),
        "webhook": first("core.WebhookSubscription"),
        "person": get_user_model().objects.filter(username="aktor").first(),
        "item": first("roadmap.RoadmapItem"),
        "suggestion": suggestion,
        "attachment": first("covid_intake.Attachment"),
        "model_version": first("scoring.ScoringModel"),
        "job": first("scoring.Job"),
        "scenario": first("scoring.Scenario"),
        "solution": NationalSolution.objects.order_by("pk").first(),
        "actor": Actor.objects.order_by("pk").first(),
    }


def _path_for(route: str, name: str, ids: dict[str, Any]) -> str | None:
    """Fill a route's parameters with a real object, or None to skip it."""
    if "(?P<" in route or route.endswith((".csv", ".svg", ".xlsx", ".json")):
        return None  # files, not pages
    kind = {
        "token-revoke": "token",
        "webhook-detail": "webhook",
        "person-edit": "person",
        "roadmap:item": "item",
        "covid_intake:attachment": "attachment",
        "scoring:model-activate": "model_version",
        "scoring:job-detail": "job",
    }.get(name)
    if kind is None:
        if name.startswith("covid_intake:"):
            kind = "suggestion"
        elif name.startswith("scoring:scenario"):
            kind = "scenario"
        else:
            kind = "measure"

    def value(m: re.Match[str]) -> str:
        param = m.group(2)
        if param == "pk":
            obj = ids.get(kind)
            if obj is None:
                raise LookupError(kind)
            return str(obj.pk)
        if param == "solution_code":
            return ids["solution"].code
        if param == "actor_pk":
            return str(ids["actor"].pk)
        if param == "reference":
            return ids["suggestion"].reference
        if param == "target":
            return "measure"
        if param == "object_id":
            return str(ids["measure"].pk)
        if param == "code":
            return ids["published"].code
        if param == "transition":
            raise LookupError(param)  # POST only
        raise LookupError(param)

    try:
        return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)
    except LookupError:
        return None


def _pages() -> list[str]:
    ids = _sample_ids()
    paths = []
    for route, name, _p in _patterns():
        if route.startswith(SKIP_PREFIXES) or name in SKIP_NAMES:
            continue
        path = _path_for(route, name, ids)
        if path:
            paths.append(path)
    return sorted(set(paths))


def _model_names() -> set[str]:
    """Model class names as codes (e.g. "budgetline"), except those that are bokmål words."""
    names = set()
    for app in ("core", "portfolio", "roadmap", "covid_intake", "scoring"):
        for model in apps.get_app_config(app).get_models():
            names.add(model._meta.model_name)
    return names - {"person", "segment", "scenario", "baseline", "webhook"}


def _catalog_pairs() -> list[tuple[str, str]]:
    return [(msgid, msgstr) for (_ctx, msgid), msgstr in catalog_entries().items() if msgstr]


def _client(client: Any, role: str, language: str) -> Any:
    from django.conf import settings

    username = ROLE_USERS[role]
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _crawl(client: Any) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in _pages():
        response = client.get(path)
        assert response.status_code < 500, f"{path}: {response.status_code}"
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        texts[path] = visible_text(response.content.decode())
    dump = os.environ.get("CRAWL_DUMP")  # a folder: write each page's text there, to read
    if dump:
        for path, text in texts.items():
            name = path.strip("/").replace("/", "_") or "index"
            (Path(dump) / f"{name}.txt").write_text(text, encoding="utf-8")
    return texts


def _phrase_in(phrase: str, text: str) -> bool:
    return re.search(rf"(?<![\wæøåÆØÅ]){re.escape(phrase)}(?![\wæøåÆØÅ])", text) is not None


def test_every_translatable_string_has_a_bokmal_translation() -> None:
    assert missing() == []
    empty = [msgid for (_c, msgid), msgstr in catalog_entries().items() if not msgstr]
    assert empty == []


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_pages_in_bokmal_show_no_code_and_no_english(
    client: Any, demo_portfolio: dict[str, Any], role: str
) -> None:
    texts = _crawl(_client(client, role, "nb"))
    assert len(texts) >= (3 if role == "anonymous" else 15), sorted(texts)
    models = _model_names()
    english = [
        msgid
        for msgid, msgstr in _catalog_pairs()
        if msgid != msgstr and len(msgid.split()) >= 3 and "%" not in msgid
    ]
    problems: list[str] = []
    for path, text in texts.items():
        for code in sorted(set(SNAKE.findall(text))):
            problems.append(f"{path}: code {code!r}")
        for iso in sorted(set(ISO_DATE.findall(text))):
            problems.append(f"{path}: ISO date {iso!r}")
        words = {w.lower() for w in WORD.findall(text)}
        for word in sorted(words & ENGLISH_WORDS):
            line = next(ln for ln in text.splitlines() if word in WORD.findall(ln.lower()))
            problems.append(f"{path}: English {word!r} in {line[:120]!r}")
        for model in sorted(words & models):
            problems.append(f"{path}: model name {model!r}")
        for msgid in english:
            if _phrase_in(msgid, text):
                problems.append(f"{path}: untranslated {msgid!r}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_pages_in_english_show_no_bokmal_interface_text(
    client: Any, demo_portfolio: dict[str, Any], role: str
) -> None:
    texts = _crawl(_client(client, role, "en"))
    assert len(texts) >= (3 if role == "anonymous" else 15), sorted(texts)
    norwegian = sorted(
        {
            msgstr
            for msgid, msgstr in _catalog_pairs()
            if msgid.lower() != msgstr.lower() and len(msgstr.split()) >= 3 and "%" not in msgstr
        }
    )
    problems = [
        f"{path}: bokmål {phrase!r}"
        for path, text in texts.items()
        for phrase in norwegian
        if _phrase_in(phrase, text)
    ]
    assert problems == [], "\n".join(problems)
