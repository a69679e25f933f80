"""The access matrix's world: two actors' objects in every state, every role, and which role
may see each sentinel string.

Every name, code and piece of personal data below carries a unique sentinel (ZQ…Q) so that a
response can be searched for it. The expectations (`EXPECTED`) are written here from the rules
of the register as the issue states them, independently of the code under test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

ROLES = (
    "anonymous",
    "rep_a",
    "rep_b",
    "assessor",
    "steering",
    "office",
    "token_ro",
    "token_rw",
    "token_a",
)
SESSION_ROLES = ("anonymous", "rep_a", "rep_b", "assessor", "steering", "office")
TOKEN_ROLES = ("token_ro", "token_rw", "token_a")
EVERYONE = frozenset(ROLES)
OFFICE_ONLY = frozenset({"office"})

# measure states: (key, state, published, archived)
STATES = (
    ("draft", "draft", False, False),
    ("submitted", "submitted", False, False),
    ("returned", "returned", False, False),
    ("rejected", "rejected", False, False),
    ("unpublished", "accepted", False, False),
    ("published", "accepted", True, False),
    ("archived", "accepted", True, True),
)

STAFF_NAME = "zqstaff01q"  # the office user's user name: the office's eyes only


def owners(actor: str) -> frozenset[str]:
    """Who may see an actor's unpublished things: the office, its representative and a token
    limited to it (token_a is limited to actor a)."""
    return frozenset({"office", f"rep_{actor}"} | ({"token_a"} if actor == "a" else set()))


@dataclass
class World:
    users: dict[str, Any] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # token role -> clear key
    objects: dict[str, Any] = field(default_factory=dict)  # "measure:a:draft" -> object
    expected: dict[str, frozenset[str]] = field(default_factory=dict)  # sentinel -> roles
    writers: dict[str, frozenset[str]] = field(default_factory=dict)  # object key -> roles
    tokens: dict[str, Any] = field(default_factory=dict)  # token role -> IntegratorToken

    def caller(self, role: str) -> tuple[Any, Any]:
        """(user, token) of a role, as the policies take them."""
        from django.contrib.auth.models import AnonymousUser

        if role == "anonymous":
            return AnonymousUser(), None
        if role in self.tokens:
            token = self.tokens[role]
            return token.user, token
        return self.users[role], None

    def sentinel(self, text: str, roles: frozenset[str]) -> str:
        assert text not in self.expected, text
        self.expected[text] = roles
        return text


def build() -> World:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from core.changelog import change_context
    from core.models import IntegratorToken, WebhookEvent, WebhookSubscription
    from core.services import token_create
    from covid_intake.choices import SuggestionSource, SuggestionStatus
    from covid_intake.models import Suggestion, WorkingGroup
    from people import roles
    from portfolio.demo import reference_data
    from portfolio.models import Actor, BudgetLine, Measure, NationalSolution
    from portfolio.tokens import token_limit_to_actor
    from roadmap.models import AdoptionPlan, Challenge, Dependency, RoadmapItem

    roles.ensure_groups()
    reference_data()
    w = World()
    actors = {
        "a": Actor.objects.get(short_name="Helse Vest"),
        "b": Actor.objects.get(short_name="KS"),
    }

    def user(name: str, role: str | None, actor: Any = None) -> Any:
        u = get_user_model().objects.create_user(username=name, password="pw")
        if role:
            u.groups.add(Group.objects.get(name=role))
        if actor is not None:
            actor.representatives.add(u)
        return u

    w.users = {
        "office": user(STAFF_NAME, roles.PORTFOLIO_OFFICE),
        "rep_a": user("matrix-rep-a", roles.ACTOR_REPRESENTATIVE, actors["a"]),
        "rep_b": user("matrix-rep-b", roles.ACTOR_REPRESENTATIVE, actors["b"]),
        "assessor": user("matrix-assessor", roles.WORKING_GROUP),
        "steering": user("matrix-steering", roles.STEERING_GROUP),
        "integrator": user("matrix-integrator", roles.INTEGRATOR),
    }
    integrator = w.users["integrator"]
    for role, scope, actor in (
        ("token_ro", "read", None),
        ("token_rw", "read_write", None),
        ("token_a", "read_write", actors["a"]),
    ):
        token, w.keys[role] = token_create(
            name=f"matrix {role}",
            user=integrator,
            scope=scope,
            created_by=integrator,
            rate_limit="1000000/hour",
        )
        token_limit_to_actor(token=token, actor=actor)
    WebhookSubscription.objects.create(
        name="matrix", url="https://example.org/hook", secret="s", events=list(WebhookEvent.values)
    )

    office = w.users["office"]
    w.expected[STAFF_NAME] = OFFICE_ONLY
    solution = NationalSolution.objects.order_by("pk").first()
    n = 0
    with change_context(user=office):
        for x, actor in actors.items():
            for key, state, published, archived in STATES:
                n += 1
                public = published and not archived
                seen = EVERYONE if public else owners(x)
                m = Measure.objects.create(
                    code=w.sentinel(f"ZQM{n:02d}Q", seen),
                    name=w.sentinel(f"ZQN{n:02d}Q measure", seen),
                    owner=actor,
                    state=state,
                    published=published,
                    archived_at=dt.datetime(2020, 5, 1, tzinfo=dt.UTC) if archived else None,
                )
                BudgetLine.objects.create(
                    measure=m, year=2020, kind="investment", planned=Decimal(1000 + n)
                )
                if public:  # a later change by the office: its name must stay private
                    m.purpose = "Oppdatert formål"
                    m.save()
                w.objects[f"measure:{x}:{key}"] = m
                w.writers[f"measure:{x}:{key}"] = owners(x)

            # Roadmap: a published item linked to an UNPUBLISHED measure, an unpublished item
            # linked to a draft, a dependency between them, plans and a challenge.
            pub = RoadmapItem.objects.create(
                code=w.sentinel(f"ZQI{x.upper()}1Q", EVERYONE),
                name=w.sentinel(f"ZQJ{x.upper()}1Q item", EVERYONE),
                actor=actor,
                measure=w.objects[f"measure:{x}:unpublished"],
                planned_start=dt.date(2021, 1, 1),
                planned_end=dt.date(2021, 6, 1),
                duration_days=151,
                published=True,
            )
            hidden = RoadmapItem.objects.create(
                code=w.sentinel(f"ZQI{x.upper()}2Q", owners(x)),
                name=w.sentinel(f"ZQJ{x.upper()}2Q item", owners(x)),
                actor=actor,
                measure=w.objects[f"measure:{x}:draft"],
                planned_start=dt.date(2021, 2, 1),
                planned_end=dt.date(2021, 8, 1),
                duration_days=181,
                published=False,
            )
            for item in (pub, hidden):
                RoadmapItem.objects.filter(pk=item.pk).update(topo_rank=item.pk)
            w.objects[f"dependency:{x}"] = Dependency.objects.create(
                predecessor=hidden,
                successor=pub,
                kind="finish_to_start",
                note=w.sentinel(f"ZQD{x.upper()}1Q", owners(x)),
            )
            w.objects[f"challenge:{x}"] = Challenge.objects.create(
                item=hidden, title=w.sentinel(f"ZQC{x.upper()}1Q risk", owners(x)), severity="high"
            )
            w.objects[f"plan:{x}"] = AdoptionPlan.objects.create(
                actor=actor,
                national_solution=solution,
                planned_date=dt.date(2022, 1, 1),
                note=w.sentinel(f"ZQA{x.upper()}1Q", owners(x)),
                published=False,
            )
            w.objects[f"item:{x}:published"] = pub
            w.objects[f"item:{x}:hidden"] = hidden
            w.writers[f"item:{x}:published"] = owners(x)
            w.writers[f"item:{x}:hidden"] = owners(x)

        group = WorkingGroup.objects.create(name="Matrix working group")
        group.members.add(w.users["assessor"])
        seers = {
            "form": frozenset({"office", "steering", "assessor"}),
            "api": frozenset({"office", "steering", "token_ro", "token_rw", "token_a"}),
        }
        for i, (key, source) in enumerate(
            (("form", SuggestionSource.FORM), ("api", SuggestionSource.API)), start=1
        ):
            s = Suggestion.objects.create(
                reference=f"K-2020-{9000 + i}",
                title=w.sentinel(f"ZQS{i}Q suggestion", seers[key]),
                description="Beskrivelse",
                submitter_name=w.sentinel(f"ZQPN{i}Q Person", OFFICE_ONLY),
                submitter_email=w.sentinel(f"zqpe{i}q@example.no", OFFICE_ONLY),
                submitter_organisation=w.sentinel(f"ZQPO{i}Q AS", OFFICE_ONLY),
                source=source,
                status=SuggestionStatus.IN_ASSESSMENT
                if key == "form"
                else SuggestionStatus.RECEIVED,
                working_group=group if key == "form" else None,
                received_at=dt.datetime(2020, 4, i, tzinfo=dt.UTC),
            )
            s.submitter_name = s.submitter_name + " "  # a change of personal data in history
            s.save()
            w.objects[f"suggestion:{key}"] = s
            w.writers[f"suggestion:{key}"] = frozenset({"office", "steering", "assessor"})
    w.tokens = {
        t.name.split()[-1]: t for t in IntegratorToken.objects.filter(name__startswith="matrix")
    }
    for x, actor in actors.items():
        w.objects[f"actor:{x}"] = actor
        w.writers[f"actor:{x}"] = OFFICE_ONLY
    return w
