"""The generated access matrix: every page and every API operation, as every role, over two
actors' objects in every state. No answer may show a sentinel the role may not see, and every
write a role may not do is refused with nothing changed. Pages and operations are found in the
URLconf and the OpenAPI document, so a new one is covered without editing this file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.test.utils import override_settings

from tests.access import matrix
from tests.access.world import ROLES, SESSION_ROLES, World, build
from tests.conftest import FAST_HASHERS

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """Built once per module inside a transaction rolled back at the end (as the demo is)."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            world = build()
        yield world
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(_world: World, db: Any, settings: Any, tmp_path: Any) -> World:
    settings.MEDIA_ROOT = str(tmp_path)
    from django.core.cache import cache

    cache.clear()
    return _world


def test_the_matrix_finds_every_page_and_operation(world: World) -> None:
    """The enumeration itself: pages of every app and operations of every API."""
    pages = {t.path for t in matrix.ui_targets(world)}
    operations = {t.path for t in matrix.api_targets(world)}
    measure = world.objects["measure:b:draft"]
    item = world.objects["item:a:published"]
    suggestion = world.objects["suggestion:form"]
    for path in (
        "/measures/",
        f"/measures/{measure.pk}/",
        "/roadmap/",
        f"/roadmap/items/{item.pk}/",
        "/roadmap/export.csv",
        "/intake/suggestions/",
        f"/intake/suggestions/{suggestion.pk}/",
        "/scoring/",
        f"/public/measures/{measure.code}/",
        "/public/data/measures.xlsx",
    ):
        assert path in pages, path
    for path in (
        "/api/v1/measures/",
        f"/api/v1/measures/{measure.pk}/history/",
        "/api/v1/roadmap/items/",
        f"/api/v1/intake/suggestions/{suggestion.pk}/",
    ):
        assert path in operations, path
    assert len(pages) > 60 and len(operations) > 60


@pytest.mark.parametrize("role", SESSION_ROLES)
def test_no_page_shows_what_the_role_may_not_see(world: World, role: str) -> None:
    leaks = matrix.sweep_reads(world, role, matrix.ui_targets(world))
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize("role", ROLES)
def test_no_api_answer_shows_what_the_role_may_not_see(world: World, role: str) -> None:
    leaks = matrix.sweep_reads(world, role, matrix.api_targets(world))
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize("role", ROLES)
def test_every_forbidden_api_write_is_refused_and_changes_nothing(world: World, role: str) -> None:
    problems = matrix.sweep_writes(world, role, matrix.api_targets(world, write=True), api=True)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", SESSION_ROLES)
def test_every_forbidden_page_write_changes_nothing(world: World, role: str) -> None:
    problems = matrix.sweep_writes(world, role, matrix.ui_targets(world, write=True), api=False)
    assert not problems, "\n".join(problems)
    for message in mail.outbox:
        text = "\n".join([message.subject, message.body, *message.to])
        leaks = [s for s, roles in world.expected.items() if roles == {"office"} and s in text]
        assert not leaks, (message.to, leaks)


def test_a_deliberately_leaky_page_is_caught_without_editing_the_matrix(
    world: World, settings: Any
) -> None:
    """A throwaway page that lists every measure's name: the same sweep, unchanged, finds it
    (and only it) through the URLconf."""
    settings.ROOT_URLCONF = "tests.access.leaky_urls"
    leaks = matrix.sweep_reads(world, "anonymous", matrix.ui_targets(world))
    assert leaks
    assert {leak.split()[2] for leak in leaks} == {"/throwaway-leaky/"}
    draft = world.objects["measure:b:draft"]
    assert any(draft.name in leak for leak in leaks)


def test_the_write_check_sees_a_permitted_write(world: World) -> None:
    """The fingerprint changes when something is written (so "nothing changed" means it)."""
    measure = world.objects["measure:a:draft"]
    client = matrix.client_for(world, "rep_a")
    before = matrix.fingerprint()
    response = client.patch(
        f"/api/v1/measures/{measure.pk}/", {"name": "Nytt navn"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert matrix.fingerprint() != before


def test_the_rules_table_in_the_docs_is_what_the_policies_do(world: World) -> None:
    """docs/access.md holds the table computed from the policies; they may not diverge.
    (UPDATE_ACCESS_DOC=1 rewrites the table in the docs.)"""
    import os
    from pathlib import Path

    from tests.access import rules_table

    doc = Path(__file__).resolve().parents[2] / "docs" / "access.md"
    text = doc.read_text(encoding="utf-8")
    start = text.index(rules_table.BEGIN) + len(rules_table.BEGIN)
    end = text.index(rules_table.END)
    table = "\n" + rules_table.markdown(world) + "\n"
    if os.environ.get("UPDATE_ACCESS_DOC") == "1":
        doc.write_text(text[:start] + table + text[end:], encoding="utf-8")
        text = doc.read_text(encoding="utf-8")
    assert text[start:end] == table, "docs/access.md is out of date with the policies"


def test_the_policies_agree_with_the_expected_visibility(world: World) -> None:
    """The policies (as tabled) and the matrix's independent expectations say the same about
    who sees each sentinel-bearing object."""
    from tests.access import rules_table

    for label, key, see, _act, _verb in rules_table.rows(world):
        if key is None or see is None:
            continue
        obj = world.objects[key]
        sentinel = {
            "measure": lambda o: o.code,
            "item": lambda o: o.code,
            "dependency": lambda o: o.note,
            "challenge": lambda o: o.title,
            "plan": lambda o: o.note,
            "suggestion": lambda o: o.title,
        }[key.split(":")[0]](obj)
        if label.startswith("Link"):
            sentinel = obj.measure.code
        if label.startswith("Sender"):
            sentinel = obj.submitter_email
        seers = {r for r in ROLES if "see" in rules_table.cell(world, r, key, see, None, "")}
        assert seers == set(world.expected[sentinel]), label


def test_e_mails_and_webhook_payloads_carry_no_personal_data_or_staff_names(
    world: World,
) -> None:
    """Permitted writes that e-mail people and call webhooks: their messages and payloads
    carry no sender's personal data and no staff names (those are the office's eyes only)."""
    from core.models import WebhookDelivery

    office = matrix.client_for(world, "office")
    steering = matrix.client_for(world, "steering")
    submitted = world.objects["measure:a:submitted"]
    suggestion = world.objects["suggestion:form"]
    from covid_intake.models import Suggestion

    Suggestion.objects.filter(pk=suggestion.pk).update(status="assessed")
    mail.outbox.clear()
    assert (
        office.post(
            f"/api/v1/measures/{submitted.pk}/return/", {"comment": "Mer"}, "application/json"
        ).status_code
        == 200
    )
    decided = steering.post(
        f"/api/v1/intake/suggestions/{suggestion.pk}/decision/",
        {"outcome": "prioritised", "reason": "Viktig"},
        "application/json",
    )
    assert decided.status_code == 201, decided.content
    payloads = [str(d.payload) for d in WebhookDelivery.objects.all()]
    assert payloads
    messages = ["\n".join([m.subject, m.body, *m.to]) for m in mail.outbox]
    private = [s for s, roles in world.expected.items() if roles == {"office"}]
    for text in payloads + messages:
        assert not [s for s in private if s in text], text
