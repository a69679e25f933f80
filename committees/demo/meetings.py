"""The demo meetings: the national arena of 24 September 2020 with its outcome and published
minutes, NUIT's meeting of 15 October 2020 recommending the demo scenario's list, and a draft
meeting of the national e-health council."""

from __future__ import annotations

import datetime as dt
from typing import Any

from committees import services
from committees.choices import Effect
from committees.demo.data import (
    APPR,
    ARENA_DAY,
    ARENA_DHO_OUTCOME,
    ARENA_ITEMS,
    ARENA_MINUTES,
    DISC,
    INFO,
    NUIT_DAY,
    NUIT_OUTCOME,
    REC,
)
from committees.models import Committee, Meeting
from portfolio.models import Baseline, Measure
from roadmap.models import RoadmapItem
from scoring.demo import DEMO_SCENARIO
from scoring.models import Scenario


def at(day: dt.date, hhmm: str) -> dt.datetime:
    return services.local_datetime(day, dt.time.fromisoformat(hhmm))


def material_of(spec: dict[str, list[str]]) -> dict[str, Any]:
    return {
        "measures": Measure.objects.filter(code__in=spec.get("measures", [])),
        "roadmap_items": RoadmapItem.objects.filter(code__in=spec.get("roadmap_items", [])),
    }


def arena_meeting(committee: Committee, by: Any) -> Meeting:
    start = at(ARENA_DAY, "12:00")
    meeting = Meeting.objects.filter(committee=committee, starts_at=start).first()
    if meeting is not None:
        return meeting
    meeting = services.meeting_create(
        committee=committee,
        by=by,
        fields={
            "title": "Nasjonal arena for samarbeid med fag- og interesseorganisasjoner",
            "starts_at": start,
            "ends_at": at(ARENA_DAY, "14:30"),
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
                    "starts_at": at(ARENA_DAY, s),
                    "ends_at": at(ARENA_DAY, e),
                    "case_type": kind,
                },
                material=material_of(material),
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
            "starts_at": at(day, "12:00"),
            "ends_at": at(day, "14:00"),
            "online_url": "https://example.no/nasjonal-arena-desember",
        },
    )
    services.agenda_item_add(
        meeting=nxt,
        by=by,
        fields={
            "title": "Godkjenning av referat fra møtet 24. september 2020",
            "presenter": "Karl Vestli",
            "starts_at": at(day, "12:00"),
            "ends_at": at(day, "12:10"),
            "case_type": APPR,
        },
    )
    services.minutes_approve(meeting=meeting, by=by, at_meeting=nxt)
    services.minutes_publish(meeting=meeting, by=by)
    return meeting


def nuit_meeting(committee: Committee, by: Any) -> Meeting:
    start = at(NUIT_DAY, "09:00")
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
            "ends_at": at(NUIT_DAY, "11:30"),
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
                "starts_at": at(NUIT_DAY, s),
                "ends_at": at(NUIT_DAY, e),
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


def council_draft_meeting(committee: Committee, by: Any) -> Meeting:
    day = dt.date(2020, 11, 26)
    start = at(day, "10:00")
    meeting = Meeting.objects.filter(committee=committee, starts_at=start).first()
    if meeting is None:
        meeting = services.meeting_create(
            committee=committee,
            by=by,
            fields={"title": "Møte i Nasjonalt e-helseråd", "starts_at": start,
                    "ends_at": at(day, "15:00"), "place": "Oslo"},
        )  # fmt: skip
        services.agenda_item_add(
            meeting=meeting,
            by=by,
            fields={
                "title": "Porteføljerapport og prioriteringer for 2021",
                "presenter": "Ingrid Halvorsen",
                "starts_at": at(day, "10:00"),
                "ends_at": at(day, "11:00"),
                "case_type": DISC,
            },
        )
    return meeting
