"""Demo data for the intake: 20 categories, two working groups, 337 suggestions of spring 2020
taken through the real services (so the history is real), including a near-duplicate pair,
assessments with a few strong disagreements, about 30 prioritised and a few promoted."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.changelog import change_context
from covid_intake import services
from covid_intake.choices import DecisionOutcome, SuggestionSource, SuggestionStatus
from covid_intake.criteria import CODES as CRITERIA
from covid_intake.demo import data as d
from covid_intake.models import Category, Suggestion, WorkingGroup
from portfolio.models import Actor, TargetGroup

S = SuggestionStatus
TG = {"c": "citizens", "h": "health_personnel", "a": "authorities"}
START = dt.datetime(2020, 3, 12, 8, 0, tzinfo=dt.UTC)
END = dt.datetime(2020, 5, 5, 16, 0, tzinfo=dt.UTC)
PROMOTE_TO = ["Helse Vest", "KS", "Helse Vest"]


def reference_data() -> tuple[list[Category], list[WorkingGroup]]:
    categories = []
    for order, (code, name, _n, _g) in enumerate(d.CATEGORIES, start=1):
        cat, _ = Category.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
        categories.append(cat)
    users = get_user_model().objects.filter(username__in=["vurderer", "vurderer2"])
    groups = []
    for name, description in d.WORKING_GROUPS:
        group, _ = WorkingGroup.objects.get_or_create(
            name=name, defaults={"description": description}
        )
        group.members.add(*users)
        groups.append(group)
    return categories, groups


def _plan(rng: random.Random) -> list[dict[str, Any]]:
    """What each suggestion says and how far it gets, before anything is written."""
    rows = []
    for code, _name, count, group_index in d.CATEGORIES:
        ideas = d.IDEAS[code]
        for i in range(count):
            title, desc, problem, tg = ideas[i % len(ideas)]
            variant = i // len(ideas)
            if variant:
                where = d.SETTINGS[(variant + i) % len(d.SETTINGS)]
                title = f"{title} {where}"
                desc = f"{desc} Forslaget gjelder særlig {where}. {rng.choice(d.EXTRA)}"
            rows.append(
                {
                    "category": code,
                    "group": group_index,
                    "title": title,
                    "description": desc,
                    "problem": problem,
                    "tg": tg,
                    "submitter": rng.choice(d.SUBMITTERS),
                }
            )
    rng.shuffle(rows)
    span = (END - START).total_seconds()
    times = sorted(START + dt.timedelta(seconds=rng.random() * span) for _ in rows)
    for row, when in zip(rows, times, strict=True):
        row["received_at"] = when
    # How far each gets: the oldest are decided, the newest still untouched.
    n = len(rows)
    for i, row in enumerate(rows):
        share = i / n
        if share < 0.09:
            row["target"] = S.PRIORITISED
        elif share < 0.21:
            row["target"] = S.NOT_PRIORITISED
        elif share < 0.24:
            row["target"] = S.POSTPONED
        elif share < 0.50:
            row["target"] = S.ASSESSED
        elif share < 0.72:
            row["target"] = S.IN_ASSESSMENT
        elif share < 0.90:
            row["target"] = S.TRIAGED
        else:
            row["target"] = S.RECEIVED
    return rows


def _scores(rng: random.Random, quality: int, disagree: bool) -> list[dict[str, int]]:
    out = []
    for k in range(2):
        row = {c: max(0, min(5, quality + rng.choice([-1, 0, 0, 1]))) for c in CRITERIA}
        if disagree:
            row["feasibility"] = 5 if k == 0 else 1
        out.append(row)
    return out


QUALITY = {S.PRIORITISED: 4, S.NOT_PRIORITISED: 1, S.POSTPONED: 3}
REASONS = {
    S.PRIORITISED: "Stor nytte for målgruppene, kan gjennomføres i 2020 og bygger på eksisterende løsninger.",
    S.NOT_PRIORITISED: "Begrenset nytte i pandemiarbeidet, eller overlapper tiltak som allerede er i gang.",
    S.POSTPONED: "Godt forslag, men kan ikke gi gevinst i 2020. Vurderes på nytt til høsten.",
}


@transaction.atomic
def load() -> dict[str, Any]:
    categories, groups = reference_data()
    result = {"categories": len(categories), "working_groups": len(groups)}
    if Suggestion.objects.filter(reference__startswith="K-2020-").exists():
        return result | {"suggestions_created": 0}
    user_model = get_user_model()
    office = user_model.objects.get(username="kontor")
    steering = user_model.objects.get(username="styring")
    assessors = list(user_model.objects.filter(username__in=["vurderer", "vurderer2"]))
    by_code = {c.code: c for c in categories}
    target_groups = {t.code: t for t in TargetGroup.objects.all()}
    rng = random.Random(2020)
    plan = _plan(rng)
    created: list[tuple[Suggestion, dict[str, Any]]] = []
    with change_context(message="demodata"):
        for i, row in enumerate(plan):
            name, org = row["submitter"]
            s = services.suggestion_submit(
                fields={
                    "title": row["title"],
                    "description": row["description"],
                    "problem": row["problem"],
                    "submitter_name": name,
                    "submitter_email": f"{name.split()[0].lower()}.{i}@example.no",
                    "submitter_organisation": org,
                    "proposed_category": by_code[row["category"]] if i % 3 else None,
                },
                source=SuggestionSource.MAILBOX if i % 4 == 0 else SuggestionSource.FORM,
                target_groups=[target_groups[TG[c]] for c in row["tg"]],
                received_at=row["received_at"],
                message_id=f"<demo-{i}@innspill.example.no>" if i % 4 == 0 else None,
                by=office if i % 4 == 0 else None,
                send_receipt=False,
            )
            created.append((s, row))
        # The near-duplicate pair: a later, slightly reworded copy of the first suggestion.
        first, first_row = created[0]
        copy = services.suggestion_submit(
            fields={
                "title": first.title,
                "description": first.description.replace(".", " raskt.", 1),
                "problem": first.problem,
                "submitter_name": "Tone Vik",
                "submitter_email": "tone.vik@example.no",
                "submitter_organisation": "",
            },
            target_groups=list(first.target_groups.all()),
            received_at=min(first.received_at + dt.timedelta(days=3), timezone.now()),
            send_receipt=False,
        )
        _advance(created, by_code, groups, office, steering, assessors, rng)
    return result | {"suggestions_created": len(created) + 1, "near_duplicate": copy.reference}


def _advance(
    created: list[tuple[Suggestion, dict[str, Any]]],
    by_code: dict[str, Category],
    groups: list[WorkingGroup],
    office: Any,
    steering: Any,
    assessors: list[Any],
    rng: random.Random,
) -> None:
    promoted = 0
    actors = {a.short_name: a for a in Actor.objects.filter(short_name__in=PROMOTE_TO)}
    for i, (s, row) in enumerate(created):
        target = row["target"]
        if target == S.RECEIVED:
            continue
        services.suggestions_categorise(
            suggestions=[s], category=by_code[row["category"]], by=office
        )
        if target == S.TRIAGED:
            continue
        services.suggestions_assign(suggestions=[s], working_group=groups[row["group"]], by=office)
        quality = QUALITY.get(target, rng.choice([2, 3, 3, 4]))
        scores = _scores(rng, quality, disagree=i % 13 == 0)
        if target == S.IN_ASSESSMENT:
            if i % 2:
                services.assessment_save(
                    suggestion=s, by=assessors[0], scores=scores[0], comment=""
                )
            continue
        for assessor, row_scores in zip(assessors, scores, strict=True):
            services.assessment_save(
                suggestion=s,
                by=assessor,
                scores=row_scores,
                comment="Uenig om gjennomførbarheten." if i % 13 == 0 else "",
            )
        s.refresh_from_db()
        if target == S.ASSESSED:
            continue
        owner = None
        if target == S.PRIORITISED and promoted < len(PROMOTE_TO):
            owner = actors.get(PROMOTE_TO[promoted])
        services.decision_make(
            suggestion=s,
            outcome=DecisionOutcome(target),
            reason=REASONS[target],
            by=steering,
            proposed_owner=owner,
        )
        if owner is not None:
            services.suggestion_promote(suggestion=s, owner=owner, by=office)
            promoted += 1
