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
        "SFM and vendors' integrations",
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
        "Helseplattformen on e-prescription via SFM",
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
        "Kjernejournal in nursing homes and home care",
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
        "PLL and multidose trial in Helse Vest / Bergen",
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
        "PLL national roll-out",
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
        "Bergen municipality adopts PLL and multidose",
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
        "Akson concept study and KS1",
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
        "Akson: government concept choice",
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
        "Akson pre-project and KS2",
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
        "Akson: letters of intent from 185 municipalities",
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
        "Akson: investment decision",
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
        "Akson municipal record: procurement and first municipalities",
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
        "HelseID in all national solutions",
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
        "Welfare technology hub in production",
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
        "Digital home follow-up: national roll-out",
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
        "Document sharing available to municipalities",
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
        "Helsenorge on the new platform",
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
        "Electronic multidose in all regions",
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
        "SNOMED CT in use in the record systems",
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
        "Modernised master data in production",
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
        "Helseplattformen: introduction in Central Norway",
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
        "Regional clinical solution (Helse Sør-Øst)",
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
        "DIPS Arena upgrade (Helse Vest)",
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
        "Electronic chart and medication (Helse Nord)",
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
        "Helseplattformen in Trondheim municipality",
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
        "Kjernejournal in Trondheim home care",
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
        "Helseplattformen prescribes through SFM.",
    ),
    ("PLL-SFM", "PLL-PILOT", "finish_to_start", 0, "The trial needs SFM in the vendors' systems."),
    (
        "PLL-HP-ERESEPT",
        "PLL-PILOT",
        "finish_to_start",
        0,
        "14 % of the population is on Helseplattformen.",
    ),
    (
        "PLL-KJ-KOMM",
        "PLL-PILOT",
        "finish_to_start",
        0,
        "Nursing homes and home care see the list in Kjernejournal.",
    ),
    ("EPJ-HV-DIPS", "PLL-PILOT", "finish_to_start", 0, "The trial runs in DIPS Arena."),
    ("PLL-PILOT", "PLL-ROLLOUT", "finish_to_start", 0, ""),
    ("PLL-PILOT", "PLL-BERGEN", "adopts_solution", 0, ""),
    (
        "EPJ-HMN-HP",
        "PLL-HP-ERESEPT",
        "finish_to_finish",
        0,
        "E-prescription goes live with Helseplattformen.",
    ),
    (
        "EPJ-HMN-HP",
        "EPJ-TRD-HP",
        "finish_to_finish",
        0,
        "The municipality and St. Olavs go live together.",
    ),
    (
        "PLL-KJ-KOMM",
        "KJ-TRD",
        "finish_to_start",
        0,
        "Planned before the national roll-out reaches Trondheim.",
    ),
    ("AKSON-KVU", "AKSON-CHOICE", "finish_to_start", 0, "KS1 before the concept choice."),
    ("AKSON-CHOICE", "AKSON-PRE", "finish_to_start", 0, ""),
    ("AKSON-CHOICE", "AKSON-LOI", "finish_to_start", 0, ""),
    ("AKSON-PRE", "AKSON-INVEST", "finish_to_start", 0, "KS2 before the investment decision."),
    ("AKSON-LOI", "AKSON-INVEST", "finish_to_start", 0, ""),
    ("AKSON-INVEST", "AKSON-JOURNAL", "finish_to_start", 0, ""),
    (
        "NS-DOKDEL",
        "AKSON-JOURNAL",
        "finish_to_finish",
        0,
        "Akson shares documents through the national service.",
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
        "Both serve municipal record needs in Central Norway.",
    ),
    ("PLL-SFM", "NS-HN-PLATT", "competes_for_resources", 0, "Same NHN operations team."),
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
        "Vendors' capacity to integrate with SFM",
        "high",
        "Funding for vendor integration; joint test environment.",
    ),
    (
        "PLL-PILOT",
        "Multidose pharmacies not ready",
        "medium",
        "Early agreement with the pharmacies in Bergen.",
    ),
    (
        "PLL-HP-ERESEPT",
        "Helseplattformen introduction may slip",
        "medium",
        "Follow the introduction plan monthly.",
    ),
    (
        "AKSON-INVEST",
        "Financing model with the municipalities not agreed",
        "high",
        "Negotiations led by KS.",
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
