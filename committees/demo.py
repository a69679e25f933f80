"""Demo: the council model of 2020 — the national e-health council, NUIT, NUFA and the
directorate's national arena — with members from the demo actors, the arena's agenda of
24 September 2020 item by item (the seed), and a NUIT meeting that recommends the demo
scenario's prioritised list. Safe to rerun: what exists is left as it is."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from committees import services
from committees.choices import CaseType, Effect, MemberRole
from committees.models import Committee, Meeting, Membership
from core.changelog import change_context
from portfolio.models import Actor, Baseline, Measure

C, M, OBS, S = MemberRole.CHAIR, MemberRole.MEMBER, MemberRole.OBSERVER, MemberRole.SECRETARIAT
INFO, DISC, APPR, REC = (
    CaseType.INFORMATION,
    CaseType.DISCUSSION,
    CaseType.APPROVAL,
    CaseType.RECOMMENDATION,
)
HOD = "Helse- og omsorgsdepartementet"

COMMITTEES = [
    {
        "slug": "e-helseradet",
        "short_name": "E-helserådet",
        "name": "Nasjonalt e-helseråd",
        "description": "Rådet gir strategiske råd om e-helseutviklingen i Norge.",
        "mandate": (
            "Nasjonalt e-helseråd skal gi råd om strategisk retning for e-helseutviklingen, "
            "bidra til forankring av nasjonale e-helsetiltak i sektoren og gi råd om "
            "prioritering av den nasjonale e-helseporteføljen."
        ),
        "valid": ("2020-01-01", "2023-12-31"),
        "members": [
            ("Ingrid Halvorsen", "E-helse", "", C),
            ("Per Arne Solberg", "Helse Sør-Øst", "", M),
            ("Marte Eide", "Helse Vest", "", M),
            ("Jon Olav Strand", "Helse Midt-Norge", "", M),
            ("Hanne Nilsen", "Helse Nord", "", M),
            ("Tor Kristian Aas", "KS", "", M),
            ("Lise Moen", "Oslo", "", M),
            ("Anders Bakke", "Hdir", "", M),
            ("Silje Haugen", "FHI", "", M),
            ("Eirik Lund", "", HOD, OBS),
            ("Kari Kontor", "E-helse", "", S),
        ],
    },
    {
        "slug": "nuit",
        "short_name": "NUIT",
        "name": "Prioriteringsutvalget (NUIT)",
        "description": "Nasjonalt utvalg for prioritering av IKT-tiltak i helse- og omsorgssektoren.",
        "mandate": (
            "NUIT skal gi råd om prioritering av nasjonale e-helsetiltak og behandle "
            "porteføljerapporten om lag tre ganger i året som grunnlag for drøfting av "
            "kursendringer og reprioriteringer i den nasjonale e-helseporteføljen."
        ),
        "valid": ("2020-01-01", "2022-12-31"),
        "members": [
            ("Bjørn Sørensen", "E-helse", "", C),
            ("Camilla Dahl", "Helse Sør-Øst", "", M),
            ("Geir Rasmussen", "Helse Vest", "", M),
            ("Nina Berntsen", "Helse Midt-Norge", "", M),
            ("Ole Martin Hansen", "Helse Nord", "", M),
            ("Ragnhild Lie", "KS", "", M),
            ("Stian Johansen", "Bergen", "", M),
            ("Siri Styring", "NHN", "", M),
            ("Trine Fossum", "Hdir", "", M),
            ("Eirik Lund", "", HOD, OBS),
            ("Kari Kontor", "E-helse", "", S),
        ],
    },
    {
        "slug": "nufa",
        "short_name": "NUFA",
        "name": "Fagutvalget (NUFA)",
        "description": "Nasjonalt fagutvalg for e-helse.",
        "mandate": (
            "NUFA skal gi faglige råd om nasjonale e-helsetiltak, standarder, arkitektur og "
            "informasjonssikkerhet, og behandle porteføljerapporten."
        ),
        "valid": ("2020-01-01", "2022-12-31"),
        "members": [
            ("Heidi Kristiansen", "E-helse", "", C),
            ("Morten Vik", "Helse Sør-Øst", "", M),
            ("Anne Grete Myklebust", "Helse Vest", "", M),
            ("Kjetil Bjerke", "Trondheim", "", M),
            ("Ellen Sandvik", "Tromsø", "", M),
            ("Rune Holm", "Nasjonal IKT", "", M),
            ("Kari Kontor", "E-helse", "", S),
        ],
    },
    {
        "slug": "nasjonal-arena",
        "short_name": "Nasjonal arena",
        "name": "Nasjonal arena for samarbeid med fag- og interesseorganisasjoner",
        "description": "Direktoratets arena for dialog med fag- og interesseorganisasjoner.",
        "mandate": (
            "Arenaen skal sikre at fag- og interesseorganisasjonene blir orientert om og kan "
            "gi innspill til nasjonale e-helsetiltak, veikart og porteføljestyring."
        ),
        "valid": ("2020-01-01", None),
        "members": [
            ("Karl Vestli", "E-helse", "", C),
            ("Astrid Nygård", "", "Den norske legeforening", M),
            ("Liv Sæther", "", "Norsk Sykepleierforbund", M),
            ("Kristian Berge", "", "Fagforbundet", M),
            ("Maria Lunde", "", "Funksjonshemmedes Fellesorganisasjon (FFO)", M),
            ("Henrik Nordby", "", "Norsk Psykologforening", M),
            ("Kari Kontor", "E-helse", "", S),
        ],
    },
]

# The seed: the national arena's agenda, 24 September 2020.
ARENA_DAY = dt.date(2020, 9, 24)
ARENA_ITEMS = [
    # title, description, presenter, start, end, case type, material
    ("Velkommen og kort presentasjon av deltakerne", "", "Karl Vestli", "12:00", "12:10", INFO, {}),
    (
        "Orientering fra Direktoratet for e-helse",
        "- Ny e-helseorganisering – hva har skjedd siden sist?\n"
        "- E-helseloven inklusiv Porteføljestyring 2.0\n"
        "- Nasjonal e-helseportefølje, inklusiv «Koronaporteføljen»\n"
        "- Helsedataprogrammet",
        "Karl Vestli",
        "12:10",
        "12:30",
        INFO,
        {},
    ),
    (
        "Akson: Helhetlig samhandling og felles kommunal journal",
        "",
        "Karl Vestli og Bjarte Aksnes",
        "12:30",
        "13:00",
        INFO,
        {"measures": ["KS-AKSON"]},
    ),
    (
        "Status digitalisering av legemiddelområdet",
        "",
        "Robert Nystuen",
        "13:00",
        "13:15",
        INFO,
        {"measures": ["EH-PLL", "EH-SFM"]},
    ),
    (
        "Veikart for utvikling og innføring av nasjonale e-helseløsninger",
        "",
        "Elin Høyvik Kindingstad",
        "13:15",
        "14:00",
        DISC,
        {"roadmap_items": ["PLL-SFM", "PLL-PILOT", "PLL-ROLLOUT"]},
    ),
    (
        "Anbefaling av konsept for datadeling for digital hjemmeoppfølging (DHO)",
        "",
        "Thor Steffensen",
        "14:00",
        "14:30",
        REC,
        {"measures": ["EH-DHO"]},
    ),
]
ARENA_DHO_OUTCOME = (
    "Arenaen støtter anbefalingen: en trinnvis tilnærming i tett samarbeid med de lokale "
    "prosjektene, der nasjonale spesifikasjoner og komponenter for datadeling etableres "
    "gradvis basert på beste praksis."
)
ARENA_MINUTES = (
    "Direktoratet orienterte om ny e-helseorganisering, forslaget til e-helselov og "
    "Porteføljestyring 2.0, den nasjonale e-helseporteføljen med «Koronaporteføljen» og "
    "Helsedataprogrammet.\n\nDeltakerne drøftet veikartet og ba om å bli involvert i det "
    "videre arbeidet med innføringsplanene.\n\nArenaen støttet anbefalingen om konsept for "
    "datadeling for digital hjemmeoppfølging."
)

NUIT_DAY = dt.date(2020, 10, 15)
NUIT_OUTCOME = "NUIT anbefaler den prioriterte listen i scenariet «{name}»."


class _System(AnonymousUser):
    """The demo loader acts as the office when the office user is missing."""

    is_superuser = True
    is_authenticated = True  # type: ignore[assignment]


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    return services.local_datetime(day, dt.time.fromisoformat(hhmm))


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


def _material(spec: dict[str, list[str]]) -> dict[str, Any]:
    from roadmap.models import RoadmapItem

    return {
        "measures": Measure.objects.filter(code__in=spec.get("measures", [])),
        "roadmap_items": RoadmapItem.objects.filter(code__in=spec.get("roadmap_items", [])),
    }


def _arena(committee: Committee, by: Any) -> Meeting:
    start = _at(ARENA_DAY, "12:00")
    meeting = Meeting.objects.filter(committee=committee, starts_at=start).first()
    if meeting is not None:
        return meeting
    meeting = services.meeting_create(
        committee=committee,
        by=by,
        fields={
            "title": "Nasjonal arena for samarbeid med fag- og interesseorganisasjoner",
            "starts_at": start,
            "ends_at": _at(ARENA_DAY, "14:30"),
            "place": "Direktoratet for e-helse, Oslo",
        },
    )
    items = []
    for i, (title, text, presenter, s, e, kind, material) in enumerate(ARENA_ITEMS, start=1):
        items.append(
            services.agenda_item_add(
                meeting=meeting,
                by=by,
                fields={
                    "position": i,
                    "title": title,
                    "description": text,
                    "presenter": presenter,
                    "starts_at": _at(ARENA_DAY, s),
                    "ends_at": _at(ARENA_DAY, e),
                    "case_type": kind,
                },
                material=_material(material),
            )
        )
    services.agenda_publish(meeting=meeting, by=by)
    services.decision_record(item=items[-1], by=by, text=ARENA_DHO_OUTCOME)
    services.minutes_draft(
        meeting=meeting,
        by=by,
        text=ARENA_MINUTES,
        present="Representanter for fag- og interesseorganisasjonene og Direktoratet for e-helse.",
    )
    # The next arena meeting (still a draft) approves the minutes; then they are published.
    day = dt.date(2020, 12, 10)
    nxt = services.meeting_create(
        committee=committee,
        by=by,
        fields={
            "title": "Nasjonal arena for samarbeid med fag- og interesseorganisasjoner",
            "starts_at": _at(day, "12:00"),
            "ends_at": _at(day, "14:00"),
            "online_url": "https://example.no/nasjonal-arena-desember",
        },
    )
    services.agenda_item_add(
        meeting=nxt,
        by=by,
        fields={
            "title": "Godkjenning av referat fra møtet 24. september 2020",
            "presenter": "Karl Vestli",
            "starts_at": _at(day, "12:00"),
            "ends_at": _at(day, "12:10"),
            "case_type": APPR,
        },
    )
    services.minutes_approve(meeting=meeting, by=by, at_meeting=nxt)
    services.minutes_publish(meeting=meeting, by=by)
    return meeting


def _nuit(committee: Committee, by: Any) -> Meeting:
    from scoring.demo import DEMO_SCENARIO
    from scoring.models import Scenario

    start = _at(NUIT_DAY, "09:00")
    meeting = Meeting.objects.filter(committee=committee, starts_at=start).first()
    if meeting is not None:
        return meeting
    scenario = Scenario.objects.filter(name=DEMO_SCENARIO).first()
    baseline = Baseline.objects.order_by("-as_of").first()
    meeting = services.meeting_create(
        committee=committee,
        by=by,
        fields={
            "title": "Møte i NUIT",
            "starts_at": start,
            "ends_at": _at(NUIT_DAY, "11:30"),
            "place": "Direktoratet for e-helse, Oslo",
            "online_url": "https://example.no/nuit-oktober",
        },
    )
    specs = [
        ("Godkjenning av innkalling og dagsorden", "Bjørn Sørensen", "09:00", "09:05", APPR, {}),
        (
            "Nasjonal e-helseportefølje – status",
            "Kari Kontor",
            "09:05",
            "09:45",
            INFO,
            {"baselines": [baseline] if baseline else []},
        ),
        (
            "Prioritert liste for den nasjonale e-helseporteføljen 2021",
            "Kari Kontor",
            "09:45",
            "10:45",
            REC,
            {"scenarios": [scenario] if scenario else []},
        ),
        ("Eventuelt", "Bjørn Sørensen", "10:45", "11:00", INFO, {}),
    ]
    items = [
        services.agenda_item_add(
            meeting=meeting,
            by=by,
            fields={
                "position": i,
                "title": title,
                "presenter": presenter,
                "starts_at": _at(NUIT_DAY, s),
                "ends_at": _at(NUIT_DAY, e),
                "case_type": kind,
            },
            material=material,
        )
        for i, (title, presenter, s, e, kind, material) in enumerate(specs, start=1)
    ]
    services.agenda_publish(meeting=meeting, by=by)
    if scenario is not None and scenario.selected_ids:
        services.decision_record(
            item=items[2],
            by=by,
            text=NUIT_OUTCOME.format(name=scenario.name),
            effect=Effect.RECOMMEND_SCENARIO,
            scenario=scenario,
        )
    services.minutes_draft(
        meeting=meeting,
        by=by,
        text="NUIT drøftet porteføljens status og anbefalte den prioriterte listen for 2021.",
        present="Medlemmene av NUIT; Helse- og omsorgsdepartementet som observatør.",
    )
    return meeting


def _council_draft(committee: Committee, by: Any) -> Meeting:
    day = dt.date(2020, 11, 26)
    start = _at(day, "10:00")
    meeting = Meeting.objects.filter(committee=committee, starts_at=start).first()
    if meeting is None:
        meeting = services.meeting_create(
            committee=committee,
            by=by,
            fields={"title": "Møte i Nasjonalt e-helseråd", "starts_at": start,
                    "ends_at": _at(day, "15:00"), "place": "Oslo"},
        )  # fmt: skip
        services.agenda_item_add(
            meeting=meeting,
            by=by,
            fields={
                "title": "Porteføljerapport og prioriteringer for 2021",
                "presenter": "Ingrid Halvorsen",
                "starts_at": _at(day, "10:00"),
                "ends_at": _at(day, "11:00"),
                "case_type": DISC,
            },
        )
    return meeting


def load() -> dict[str, Any]:
    User = get_user_model()  # noqa: N806
    by = User.objects.filter(username="kontor").first() or _System()
    with change_context(user=by if getattr(by, "pk", None) else None, message="demo data"):
        committees = _committees(by)
        arena = _arena(committees["nasjonal-arena"], by)
        nuit = _nuit(committees["nuit"], by)
        _council_draft(committees["e-helseradet"], by)
    return {"committees": len(committees), "arena_meeting": arena.pk, "nuit_meeting": nuit.pk}
