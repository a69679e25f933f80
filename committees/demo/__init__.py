"""Demo: the council model of 2020 — the national e-health council, NUIT, NUFA and the
directorate's national arena — with members from the demo actors, the arena's agenda of
24 September 2020 item by item (the seed), and a NUIT meeting that recommends the demo
scenario's prioritised list. Safe to rerun: what exists is left as it is.

`data` holds the committees, members, agenda and texts; `meetings` makes the meetings
through the services, as the secretariat would."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from committees import services
from committees.demo.data import COMMITTEES
from committees.demo.meetings import arena_meeting, council_draft_meeting, nuit_meeting
from committees.models import Committee, Membership
from core.changelog import change_context
from portfolio.models import Actor


class _System(AnonymousUser):
    """The demo loader acts as the office when the office user is missing."""

    is_superuser = True
    is_authenticated = True  # type: ignore[assignment]


def _committees(by: Any) -> dict[str, Committee]:
    User = get_user_model()  # noqa: N806
    out = {}
    for spec in COMMITTEES:
        committee = Committee.objects.filter(slug=spec["slug"]).first()
        if committee is None:
            start, end = spec["valid"]
            committee = services.committee_create(
                by=by,
                fields={
                    "slug": spec["slug"],
                    "short_name": spec["short_name"],
                    "name": spec["name"],
                    "description": spec["description"],
                    "mandate": spec["mandate"],
                    "mandate_valid_from": dt.date.fromisoformat(start),
                    "mandate_valid_to": dt.date.fromisoformat(end) if end else None,
                },
            )
        for person, actor, organisation, role in spec["members"]:
            if Membership.objects.filter(
                committee=committee, person_name=person, role=role
            ).exists():
                continue
            username = {"Kari Kontor": "kontor", "Siri Styring": "styring"}.get(person)
            services.membership_add(
                committee=committee,
                by=by,
                fields={
                    "person_name": person,
                    "actor": Actor.objects.filter(short_name=actor).first() if actor else None,
                    "organisation": organisation,
                    "role": role,
                    "user": User.objects.filter(username=username).first() if username else None,
                },
            )
        out[spec["slug"]] = committee
    return out


def load() -> dict[str, Any]:
    User = get_user_model()  # noqa: N806
    by = User.objects.filter(username="kontor").first() or _System()
    with change_context(user=by if getattr(by, "pk", None) else None, message="demo data"):
        committees = _committees(by)
        arena = arena_meeting(committees["nasjonal-arena"], by)
        nuit = nuit_meeting(committees["nuit"], by)
        council_draft_meeting(committees["e-helseradet"], by)
    return {"committees": len(committees), "arena_meeting": arena.pk, "nuit_meeting": nuit.pk}
