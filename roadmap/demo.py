"""The 2020 roadmap (veikart): PLL, Akson, national solutions' milestones 2021–2025, the
regions' record-system modernisation and some municipalities' adoption plans. Safe to rerun."""

from __future__ import annotations

import datetime as dt
from typing import Any

from portfolio.models import Actor, Measure, NationalSolution
from roadmap import services
from roadmap.models import AdoptionPlan, Challenge, Dependency, RoadmapItem

D, T = "decided", "tentative"

# code, name, kind, actor, solution, measure, phase, start, end, decided/tentative
ITEMS = [
    # The PLL programme: 4 depends on 1–3.
    (
        "PLL-SFM",
        "SFM og leverandørenes integrasjoner",
        "delivery",
        "E-helse",
        "sfm",
        "EH-SFM",
        "execution",
        "2018-06-01",
        "2021-07-01",
        D,
    ),
    (
        "PLL-HP-ERESEPT",
        "Helseplattformen på e-resept via SFM",
        "delivery",
        "Helse Midt-Norge",
        "e-resept",
        "HMN-HP-ERESEPT",
        "execution",
        "2021-07-01",
        "2022-06-01",
        D,
    ),
    (
        "PLL-KJ-KOMM",
        "Kjernejournal i sykehjem og hjemmetjeneste",
        "delivery",
        "NHN",
        "kjernejournal",
        "NHN-KJ-KOMM",
        "execution",
        "2019-09-01",
        "2022-03-01",
        D,
    ),
    (
        "PLL-PILOT",
        "PLL- og multidoseutprøving i Helse Vest / Bergen",
        "delivery",
        "Helse Vest",
        "pll",
        "HV-PLL-PILOT",
        "planning",
        "2022-06-01",
        "2023-06-01",
        T,
    ),
    (
        "PLL-ROLLOUT",
        "PLL nasjonal utbredelse",
        "delivery",
        "E-helse",
        "pll",
        "EH-PLL",
        "planning",
        "2023-06-01",
        "2024-12-31",
        T,
    ),
    (
        "PLL-BERGEN",
        "Bergen kommune tar i bruk PLL og multidose",
        "delivery",
        "Bergen",
        "pll",
        "BERGEN-LEGEMIDDEL",
        "planning",
        "2023-09-01",
        "2024-06-01",
        T,
    ),
    # Akson's stages.
    (
        "AKSON-KVU",
        "Akson konseptvalgutredning og KS1",
        "phase",
        "KS",
        None,
        "KS-AKSON",
        "concept",
        "2018-01-01",
        "2018-12-31",
        D,
    ),
    (
        "AKSON-CHOICE",
        "Akson: regjeringens konseptvalg",
        "milestone",
        "KS",
        None,
        "KS-AKSON",
        "concept",
        "2019-06-01",
        "2019-06-01",
        D,
    ),
    (
        "AKSON-PRE",
        "Akson forprosjekt og KS2",
        "phase",
        "KS",
        None,
        "KS-AKSON",
        "planning",
        "2020-01-01",
        "2020-12-31",
        D,
    ),
    (
        "AKSON-LOI",
        "Akson: intensjonserklæringer fra 185 kommuner",
        "milestone",
        "KS",
        None,
        "KS-AKSON",
        "planning",
        "2020-10-01",
        "2020-10-01",
        D,
    ),
    (
        "AKSON-INVEST",
        "Akson: investeringsbeslutning",
        "milestone",
        "KS",
        None,
        "KS-AKSON",
        "planning",
        "2021-06-01",
        "2021-06-01",
        T,
    ),
    (
        "AKSON-JOURNAL",
        "Akson kommunal journal: anskaffelse og første kommuner",
        "phase",
        "KS",
        "kjernejournal",
        "KS-AKSON",
        "execution",
        "2021-06-01",
        "2025-12-31",
        T,
    ),
    # National solutions' milestones 2021–2025.
    (
        "NS-HELSEID",
        "HelseID i alle nasjonale løsninger",
        "milestone",
        "NHN",
        "helseid",
        "NHN-HELSEID",
        "execution",
        "2021-12-31",
        "2021-12-31",
        D,
    ),
    (
        "NS-VKP",
        "Velferdsteknologisk knutepunkt i produksjon",
        "milestone",
        "NHN",
        "vkp",
        "NHN-VKP",
        "execution",
        "2021-07-01",
        "2021-07-01",
        D,
    ),
    (
        "NS-DHO",
        "Digital hjemmeoppfølging: nasjonal utbredelse",
        "delivery",
        "E-helse",
        "dho",
        "EH-DHO",
        "execution",
        "2021-07-01",
        "2023-12-31",
        T,
    ),
    (
        "NS-DOKDEL",
        "Dokumentdeling tilgjengelig for kommunene",
        "milestone",
        "NHN",
        "dokumentdeling",
        "NHN-DOKDEL",
        "execution",
        "2022-12-31",
        "2022-12-31",
        T,
    ),
    (
        "NS-HN-PLATT",
        "Helsenorge på ny plattform",
        "milestone",
        "NHN",
        "helsenorge",
        "NHN-HN-PLATT",
        "execution",
        "2022-12-31",
        "2022-12-31",
        D,
    ),
    (
        "NS-MULTIDOSE",
        "Elektronisk multidose i alle regioner",
        "milestone",
        "E-helse",
        "multidose",
        None,
        "planning",
        "2024-12-31",
        "2024-12-31",
        T,
    ),
    (
        "NS-SPRAK",
        "SNOMED CT i bruk i journalsystemene",
        "milestone",
        "E-helse",
        "felles-sprak",
        "EH-SPRAK",
        "execution",
        "2025-12-31",
        "2025-12-31",
        T,
    ),
    (
        "NS-GRUNNDATA",
        "Modernisert grunndata i produksjon",
        "milestone",
        "NHN",
        "grunndata",
        "NHN-GRUNNDATA",
        "execution",
        "2021-12-31",
        "2021-12-31",
        D,
    ),
    # The regions' record-system modernisation.
    (
        "EPJ-HMN-HP",
        "Helseplattformen: innføring i Midt-Norge",
        "delivery",
        "Helse Midt-Norge",
        None,
        "HMN-HP",
        "execution",
        "2017-01-01",
        "2022-05-01",
        D,
    ),
    (
        "EPJ-HSO-RKL",
        "Regional klinisk løsning (Helse Sør-Øst)",
        "delivery",
        "Helse Sør-Øst",
        None,
        "HSO-RKL",
        "execution",
        "2013-01-01",
        "2021-12-31",
        D,
    ),
    (
        "EPJ-HV-DIPS",
        "Oppgradering til DIPS Arena (Helse Vest)",
        "delivery",
        "Helse Vest",
        None,
        "HV-DIPS-ARENA",
        "execution",
        "2018-01-01",
        "2021-12-31",
        D,
    ),
    (
        "EPJ-HN-KURVE",
        "Elektronisk kurve og medikasjon (Helse Nord)",
        "delivery",
        "Helse Nord",
        "multidose",
        "HN-ELEKTRONISK",
        "execution",
        "2017-01-01",
        "2021-12-31",
        D,
    ),
    (
        "EPJ-TRD-HP",
        "Helseplattformen i Trondheim kommune",
        "delivery",
        "Trondheim",
        "e-resept",
        "TRD-HP-KOMM",
        "execution",
        "2018-01-01",
        "2022-05-01",
        D,
    ),
    (
        "KJ-TRD",
        "Kjernejournal i hjemmetjenesten i Trondheim",
        "delivery",
        "Trondheim",
        "kjernejournal",
        None,
        "planning",
        "2021-09-01",
        "2022-06-01",
        T,
    ),
]

# predecessor, successor, kind, lag, note
DEPENDENCIES = [
    (
        "PLL-SFM",
        "PLL-HP-ERESEPT",
        "delivers_capability",
        0,
        "Helseplattformen forskriver gjennom SFM.",
    ),
    (
        "PLL-SFM",
        "PLL-PILOT",
        "finish_to_start",
        0,
        "Utprøvingen trenger SFM i leverandørenes systemer.",
    ),
    (
        "PLL-HP-ERESEPT",
        "PLL-PILOT",
        "finish_to_start",
        0,
        "14 % av befolkningen bruker Helseplattformen.",
    ),
    (
        "PLL-KJ-KOMM",
        "PLL-PILOT",
        "finish_to_start",
        0,
        "Sykehjem og hjemmetjeneste ser listen i Kjernejournal.",
    ),
    ("EPJ-HV-DIPS", "PLL-PILOT", "finish_to_start", 0, "Utprøvingen går i DIPS Arena."),
    ("PLL-PILOT", "PLL-ROLLOUT", "finish_to_start", 0, ""),
    ("PLL-PILOT", "PLL-BERGEN", "adopts_solution", 0, ""),
    (
        "EPJ-HMN-HP",
        "PLL-HP-ERESEPT",
        "finish_to_finish",
        0,
        "E-resept settes i drift sammen med Helseplattformen.",
    ),
    (
        "EPJ-HMN-HP",
        "EPJ-TRD-HP",
        "finish_to_finish",
        0,
        "Kommunen og St. Olavs hospital går i drift samtidig.",
    ),
    (
        "PLL-KJ-KOMM",
        "KJ-TRD",
        "finish_to_start",
        0,
        "Planlagt før den nasjonale utbredelsen når Trondheim.",
    ),
    ("AKSON-KVU", "AKSON-CHOICE", "finish_to_start", 0, "KS1 før konseptvalget."),
    ("AKSON-CHOICE", "AKSON-PRE", "finish_to_start", 0, ""),
    ("AKSON-CHOICE", "AKSON-LOI", "finish_to_start", 0, ""),
    ("AKSON-PRE", "AKSON-INVEST", "finish_to_start", 0, "KS2 før investeringsbeslutningen."),
    ("AKSON-LOI", "AKSON-INVEST", "finish_to_start", 0, ""),
    ("AKSON-INVEST", "AKSON-JOURNAL", "finish_to_start", 0, ""),
    (
        "NS-DOKDEL",
        "AKSON-JOURNAL",
        "finish_to_finish",
        0,
        "Akson deler dokumenter gjennom den nasjonale tjenesten.",
    ),
    ("NS-HELSEID", "NS-DOKDEL", "delivers_capability", 0, ""),
    ("NS-VKP", "NS-DHO", "delivers_capability", 0, ""),
    ("PLL-ROLLOUT", "NS-MULTIDOSE", "finish_to_start", 0, ""),
    ("EPJ-HN-KURVE", "NS-MULTIDOSE", "finish_to_start", 0, ""),
    (
        "AKSON-JOURNAL",
        "EPJ-TRD-HP",
        "overlap",
        0,
        "Begge dekker kommunale journalbehov i Midt-Norge.",
    ),
    ("PLL-SFM", "NS-HN-PLATT", "competes_for_resources", 0, "Samme driftsteam i NHN."),
]

# actor, solution, planned date, decided/tentative, status, item code
ADOPTION_PLANS = [
    ("Bergen", "pll", "2023-09-01", T, "planned", "PLL-BERGEN"),
    ("Bergen", "multidose", "2023-09-01", T, "planned", "PLL-BERGEN"),
    ("Oslo", "kjernejournal", "2021-06-01", D, "in_progress", None),
    ("Oslo", "vkp", "2021-09-01", T, "planned", None),
    ("Trondheim", "e-resept", "2022-06-01", D, "in_progress", "EPJ-TRD-HP"),
    ("Trondheim", "kjernejournal", "2021-09-01", T, "planned", "KJ-TRD"),
    ("Tromsø", "dho", "2021-03-01", D, "in_progress", None),
    ("Tromsø", "kjernejournal", "2022-01-01", T, "planned", None),
    ("Stavanger", "vkp", "2021-06-01", D, "planned", None),
    ("Helse Vest", "pll", "2022-06-01", T, "planned", "PLL-PILOT"),
    ("Helse Midt-Norge", "sfm", "2022-06-01", D, "in_progress", "PLL-HP-ERESEPT"),
    ("Helse Sør-Øst", "pll", "2024-06-01", T, "planned", None),
    ("Helse Nord", "pll", "2024-09-01", T, "planned", None),
    ("Helse Nord", "multidose", "2022-01-01", D, "in_progress", "EPJ-HN-KURVE"),
]

# item code, title, severity, mitigation
CHALLENGES = [
    (
        "PLL-SFM",
        "Leverandørenes kapasitet til å integrere med SFM",
        "high",
        "Finansiering av leverandørintegrasjon; felles testmiljø.",
    ),
    (
        "PLL-PILOT",
        "Multidoseapotekene er ikke klare",
        "medium",
        "Tidlig avtale med apotekene i Bergen.",
    ),
    (
        "PLL-HP-ERESEPT",
        "Innføringen av Helseplattformen kan bli forsinket",
        "medium",
        "Følge innføringsplanen månedlig.",
    ),
    (
        "AKSON-INVEST",
        "Finansieringsmodell med kommunene ikke avklart",
        "high",
        "Forhandlinger ledet av KS.",
    ),
]


class _System:
    """Demo data is written as the office."""

    is_superuser = True
    is_authenticated = True
    pk = None


def load() -> dict[str, Any]:
    by = _System()
    actors = {a.short_name: a for a in Actor.objects.all()}
    solutions = {s.code: s for s in NationalSolution.objects.all()}
    measures = {m.code: m for m in Measure.objects.all()}
    items = {i.code: i for i in RoadmapItem.objects.all()}
    created = {"items": 0, "dependencies": 0, "adoption_plans": 0, "challenges": 0}
    for code, name, kind, actor, sol, measure, phase, start, end, decision in ITEMS:
        if code in items:
            continue
        items[code] = services.item_create(
            by=by,
            fields={
                "code": code,
                "name": name,
                "kind": kind,
                "actor": actors[actor],
                "national_solution": solutions.get(sol) if sol else None,
                "measure": measures.get(measure) if measure else None,
                "phase": phase,
                "planned_start": dt.date.fromisoformat(start),
                "planned_end": dt.date.fromisoformat(end),
                "decision": decision,
                "published": True,
            },
        )
        created["items"] += 1
    for pred, succ, kind, lag, note in DEPENDENCIES:
        p, s = items[pred], items[succ]
        if Dependency.objects.filter(predecessor=p, successor=s, kind=kind).exists():
            continue
        services.dependency_add(
            by=by, predecessor=p, successor=s, kind=kind, lag_days=lag, note=note
        )
        created["dependencies"] += 1
    for actor, sol, date, decision, status, item in ADOPTION_PLANS:
        if AdoptionPlan.objects.filter(
            actor=actors[actor], national_solution=solutions[sol]
        ).exists():
            continue
        services.adoption_plan_save(
            by=by,
            fields={
                "actor": actors[actor],
                "national_solution": solutions[sol],
                "planned_date": dt.date.fromisoformat(date),
                "decision": decision,
                "status": status,
                "item": items.get(item) if item else None,
                "published": True,
            },
        )
        created["adoption_plans"] += 1
    for code, title, severity, mitigation in CHALLENGES:
        if Challenge.objects.filter(item=items[code], title=title).exists():
            continue
        services.challenge_save(
            by=by,
            fields={
                "item": items[code],
                "title": title,
                "severity": severity,
                "mitigation": mitigation,
            },
        )
        created["challenges"] += 1
    return created
