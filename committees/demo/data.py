"""Demo data of the council model in 2020 (Norwegian, as the committees write it): the
committees with their mandates and members, the national arena's agenda of 24 September 2020
(the seed) and the texts of outcomes and minutes."""

from __future__ import annotations

import datetime as dt

from committees.choices import CaseType, MemberRole

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
