"""The April 2020 demo portfolio and one demo user per role (`load()`; safe to run again).
The data is in `portfolio.demo.data`; `load_demo()` also loads every other app's demo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from core.changelog import change_context
from core.models import IntegratorToken
from people import roles
from portfolio.choices import MeasureState, TargetGroupCode, TrafficLight
from portfolio.demo import data as d
from portfolio.models import (
    Actor,
    BudgetLine,
    Measure,
    NationalSolution,
    ReportingPeriod,
    Segment,
    StatusReport,
    StrategicGoal,
    TargetGroup,
)

DEMO_PASSWORD = "demo-portefolje-2020"
DEMO_TOKEN = "demo-integrator-token-not-for-production"
DEMO_USERS = [
    # username, full name, role, actor short name
    ("kontor", "Kari Kontor", roles.PORTFOLIO_OFFICE, None),
    ("aktor", "Arne Aktør (Helse Vest)", roles.ACTOR_REPRESENTATIVE, "Helse Vest"),
    ("aktor2", "Berit Aktør (KS)", roles.ACTOR_REPRESENTATIVE, "KS"),
    ("vurderer", "Vera Vurderer", roles.WORKING_GROUP, None),
    ("vurderer2", "Viggo Vurderer", roles.WORKING_GROUP, None),
    ("styring", "Siri Styring", roles.STEERING_GROUP, None),
    ("integrator", "Ivar Integrator", roles.INTEGRATOR, None),
]


def reference_data() -> None:
    for code in TargetGroupCode.values:
        TargetGroup.objects.get_or_create(code=code)
    for name, short, kind, orgno in d.ACTORS:
        Actor.objects.get_or_create(
            organisation_number=orgno, defaults={"name": name, "short_name": short, "kind": kind}
        )
    for name, desc, level, order in d.SEGMENTS:
        Segment.objects.get_or_create(
            name=name, defaults={"description": desc, "follow_up_level": level, "sort_order": order}
        )
    for code, name, area, parent in d.NATIONAL_SOLUTIONS:
        NationalSolution.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "area": area,
                "parent": NationalSolution.objects.get(code=parent) if parent else None,
            },
        )
    for code, name in d.STRATEGIC_GOALS:
        StrategicGoal.objects.get_or_create(code=code, defaults={"name": name})
    for name, start, end, due in d.REPORTING_PERIODS:
        ReportingPeriod.objects.get_or_create(
            name=name, defaults={"start": start, "end": end, "due": due}
        )


def budgets_2020() -> dict[str, Decimal]:
    """Split 1 568 MNOK by weight in whole thousands; the largest measure takes the rounding."""
    total_weight = sum(m[10] for m in d.MEASURES)
    amounts = {
        m[0]: Decimal(d.BUDGET_2020_NOK * m[10] // total_weight // 1000 * 1000) for m in d.MEASURES
    }
    largest = max(d.MEASURES, key=lambda m: m[10])[0]
    amounts[largest] += Decimal(d.BUDGET_2020_NOK) - sum(amounts.values())
    return amounts


def _budget_lines(measure: Measure, amount_2020: Decimal, end: dt.date) -> list[BudgetLine]:
    lines = [
        BudgetLine(
            measure=measure,
            year=2019,
            kind="investment",
            planned=amount_2020 * Decimal("0.9"),
            actual=amount_2020 * Decimal("0.85"),
        ),
        BudgetLine(measure=measure, year=2020, kind="investment", planned=amount_2020),
    ]
    for year in range(2021, 2026):
        if year <= end.year:
            lines.append(
                BudgetLine(
                    measure=measure,
                    year=year,
                    kind="investment",
                    planned=(amount_2020 * Decimal("0.8")).quantize(Decimal("1000")),
                )
            )
        else:
            lines.append(
                BudgetLine(
                    measure=measure,
                    year=year,
                    kind="operating",
                    planned=(amount_2020 * Decimal("0.15")).quantize(Decimal("1000")),
                )
            )
    return lines


def measures() -> int:
    actors = {a.short_name: a for a in Actor.objects.all()}
    segments = {s.name: s for s in Segment.objects.all()}
    solutions = {s.code: s for s in NationalSolution.objects.all()}
    groups = {g.code: g for g in TargetGroup.objects.all()}
    goals = list(StrategicGoal.objects.all())
    period = ReportingPeriod.objects.get(name="T1 2020")
    amounts = budgets_2020()
    lights = [
        TrafficLight.GREEN,
        TrafficLight.GREEN,
        TrafficLight.YELLOW,
        TrafficLight.GREEN,
        TrafficLight.RED,
    ]
    created = 0
    for i, row in enumerate(d.MEASURES):
        code, name, owner, partners, mtype, segment, phase, start, end, sols, _w, tg, purpose = row
        if Measure.objects.filter(code=code).exists():
            continue
        measure = Measure(
            code=code,
            name=name,
            purpose=purpose,
            owner=actors[owner],
            measure_type=mtype,
            segment=segments[segment],
            phase=phase,
            start_date=dt.date.fromisoformat(start),
            end_date=dt.date.fromisoformat(end),
            published=True,
            state=MeasureState.ACCEPTED,
            criterion_digitalisation_core=True,
            criterion_cross_actor=bool(partners),
            criterion_strategy=segment != "Innsikt",
            contact_name=f"Kontakt {owner}",
        )
        measure.full_clean()
        measure.save()
        measure.partners.set([actors[p] for p in partners])
        measure.national_solutions.set([solutions[s] for s in sols])
        measure.target_groups.set([groups[d.TARGET_CODES[c]] for c in tg])
        measure.strategic_goals.set([goals[i % len(goals)], goals[(i + 1) % len(goals)]])
        BudgetLine.objects.bulk_create(_budget_lines(measure, amounts[code], measure.end_date))
        report = StatusReport.objects.create(
            measure=measure,
            period=period,
            overall=lights[i % 5],
            cost=lights[(i + 1) % 5],
            schedule=lights[(i + 2) % 5],
            benefits=TrafficLight.GREEN,
            commentary="Rapportert for første tertial 2020.",
        )
        Measure.objects.filter(pk=measure.pk).update(latest_status=report)
        created += 1
    return created


def users() -> list[dict[str, Any]]:
    roles.ensure_groups()
    user_model = get_user_model()
    out = []
    for username, full_name, role, actor in DEMO_USERS:
        user, made = user_model.objects.get_or_create(username=username)
        if made:
            first, _, last = full_name.partition(" ")
            user.first_name, user.last_name = first, last
            user.email = f"{username}@example.no"
            user.set_password(DEMO_PASSWORD)
            user.is_staff = role == roles.PORTFOLIO_OFFICE
            user.save()
        user.groups.add(Group.objects.get(name=role))
        if actor:
            Actor.objects.get(short_name=actor).representatives.add(user)
        out.append({"username": username, "password": DEMO_PASSWORD, "role": role, "actor": actor})
    admin, made = user_model.objects.get_or_create(
        username="admin", defaults={"is_superuser": True, "is_staff": True}
    )
    if made:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    out.append({"username": "admin", "password": DEMO_PASSWORD, "role": "superuser", "actor": None})
    integrator = user_model.objects.get(username="integrator")
    IntegratorToken.objects.get_or_create(
        key_hash=IntegratorToken.hash_key(DEMO_TOKEN),
        defaults={
            "name": "Demo integrator",
            "user": integrator,
            "prefix": DEMO_TOKEN[:8],
            "scope": IntegratorToken.Scope.READ_WRITE,
        },
    )
    return out


@transaction.atomic
def load() -> dict[str, Any]:
    """The portfolio's demo: reference data, the April 2020 measures, one user per role."""
    with change_context(message="demodata"):
        reference_data()
        created = measures()
        logins = users()
    return {"measures_created": created, "logins": logins}


@transaction.atomic
def load_demo() -> dict[str, Any]:
    """Every app's demo: the portfolio's first, then each installed app's `demo.load()`."""
    with change_context(message="demodata"):
        result = load()
        extra = _load_app_demos()
    return {**result, **extra}


def _load_app_demos() -> dict[str, Any]:
    """Apps that build on the portfolio add their demo data through a `demo.load()` hook
    (found through the app registry; the portfolio imports none of them)."""
    results: dict[str, Any] = {}
    for app in apps.get_app_configs():
        if app.name in {"portfolio", "core"} or find_spec(f"{app.name}.demo") is None:
            continue
        results[app.label] = import_module(f"{app.name}.demo").load()
    return results
