"""The seed: the national arena's agenda of 24 September 2020, reproduced from the demo data."""

from __future__ import annotations

from typing import Any

from committees.models import Committee, Meeting, Membership
from portfolio.demo import load_demo

# Typed from /work/shared/seed (the agenda table), not from the demo module.
SEED = [
    ("Velkommen og kort presentasjon av deltakerne", "Karl Vestli", "12:00", "12:10"),
    ("Orientering fra Direktoratet for e-helse", "Karl Vestli", "12:10", "12:30"),
    ("Akson: Helhetlig samhandling og felles kommunal journal", "Karl Vestli og Bjarte Aksnes",
     "12:30", "13:00"),
    ("Status digitalisering av legemiddelområdet", "Robert Nystuen", "13:00", "13:15"),
    ("Veikart for utvikling og innføring av nasjonale e-helseløsninger",
     "Elin Høyvik Kindingstad", "13:15", "14:00"),
    ("Anbefaling av konsept for datadeling for digital hjemmeoppfølging (DHO)",
     "Thor Steffensen", "14:00", "14:30"),
]  # fmt: skip


def _arena_meeting() -> Meeting:
    arena = Committee.objects.get(slug="nasjonal-arena")
    return Meeting.objects.get(committee=arena, starts_at__date="2020-09-24")


def test_the_arena_agenda_of_24_september_2020_is_the_seed(demo_portfolio: Any) -> None:
    meeting = _arena_meeting()
    assert (f"{meeting.local_start:%d.%m.%Y %H:%M}", f"{meeting.local_end:%H:%M}") == (
        "24.09.2020 12:00",
        "14:30",
    )
    items = list(meeting.items.order_by("position"))
    got = [(i.title, i.presenter, f"{i.local_start:%H:%M}", f"{i.local_end:%H:%M}") for i in items]
    assert got == SEED
    assert [i.case_label for i in items] == ["1/20", "2/20", "3/20", "4/20", "5/20", "6/20"]
    assert items[-1].case_type == "recommendation"
    assert "Helsedataprogrammet" in items[1].description


def test_the_arena_agenda_reads_the_same_on_the_public_page(
    demo_portfolio: Any, client: Any
) -> None:
    meeting = _arena_meeting()
    page = client.get(f"/public/committees/meetings/{meeting.pk}/").content.decode()
    for title, presenter, start, end in SEED:
        assert title in page and presenter in page and start in page and end in page


def test_the_demo_has_the_three_committees_and_the_arena_with_members(demo_portfolio: Any) -> None:
    slugs = set(Committee.objects.values_list("slug", flat=True))
    assert {"e-helseradet", "nuit", "nufa", "nasjonal-arena"} <= slugs
    nuit = Committee.objects.get(slug="nuit")
    assert nuit.mandate and nuit.mandate_valid_from and nuit.mandate_valid_to
    roles = set(Membership.objects.filter(committee=nuit).values_list("role", flat=True))
    assert roles == {"chair", "member", "observer", "secretariat"}
    assert Membership.objects.filter(committee=nuit, actor__isnull=False).count() >= 8


def test_loading_the_demo_twice_changes_nothing(demo_portfolio: Any) -> None:
    before = (Meeting.objects.count(), Membership.objects.count(), _arena_meeting().items.count())
    load_demo()
    assert (
        Meeting.objects.count(),
        Membership.objects.count(),
        _arena_meeting().items.count(),
    ) == before
