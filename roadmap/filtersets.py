"""One FilterSet per model, shared by the REST API and the roadmap pages."""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.api.filters import IntegerFilter
from core.filter_ui import date_from, date_until
from core.policy import VisibleChoicesFilterSetMixin, caller
from portfolio.choices import ActorKind, Phase
from portfolio.models import Actor, Measure, NationalSolution
from roadmap import policies
from roadmap.choices import AdoptionStatus, Decision, DependencyKind, ItemKind, Severity
from roadmap.models import AdoptionPlan, Challenge, Dependency, RoadmapItem


def _with_components(value: list[NationalSolution]) -> list[int]:
    """A solution and its parts: "E-resept" also finds SFM, PLL and multidose."""
    ids = {s.pk for s in value}
    ids |= set(NationalSolution.objects.filter(parent__in=ids).values_list("pk", flat=True))
    return sorted(ids)


def _actors(user: Any, token: Any) -> QuerySet[Actor]:
    return Actor.objects.all()


def _solutions(user: Any, token: Any) -> QuerySet[NationalSolution]:
    return NationalSolution.objects.all()


class RoadmapItemFilterSet(VisibleChoicesFilterSetMixin, filters.FilterSet):
    """Measure options are the measures the caller may see; with more than a few hundred
    options a pick list (measure, actor, national solution) gives way to its text search
    (`measure_q`, `actor_q`, `national_solution_q`). The actor and solution searches are
    shown only then (the API accepts them always)."""

    visible_choices = {
        "measure": policies.visible_measures,
        "actor": _actors,
        "national_solution": _solutions,
    }
    searches = {"actor": "actor_q", "national_solution": "national_solution_q"}

    q = filters.CharFilter(method="search", label=_("Search"))
    kind = filters.MultipleChoiceFilter(choices=ItemKind.choices, label=_("Kind"))
    actor = filters.ModelMultipleChoiceFilter(queryset=Actor.objects.all(), label=_("Actor"))
    actor_kind = filters.MultipleChoiceFilter(
        field_name="actor__kind", choices=ActorKind.choices, label=_("Actor kind")
    )
    national_solution = filters.ModelMultipleChoiceFilter(
        queryset=NationalSolution.objects.all(),
        method="filter_solution",
        label=_("National solution (with its parts)"),
    )
    actor_q = filters.CharFilter(method="search_actor", label=_("Actor (name contains)"))
    national_solution_q = filters.CharFilter(
        method="search_solution", label=_("National solution (code or name contains)")
    )
    measure = filters.ModelMultipleChoiceFilter(queryset=Measure.objects.none(), label=_("Measure"))
    measure_q = filters.CharFilter(
        method="search_measure", label=_("Measure (code or name contains)")
    )
    decision = filters.ChoiceFilter(choices=Decision.choices, label=_("Decided or tentative"))
    phase = filters.MultipleChoiceFilter(choices=Phase.choices, label=_("Phase"))
    published = filters.BooleanFilter(label=_("Published"))
    starts_after = date_from("planned_start", _("Starts on or after"))
    ends_before = date_until("planned_end", _("Ends on or before"))

    class Meta:
        model = RoadmapItem
        fields = [
            "q",
            "kind",
            "actor",
            "actor_kind",
            "national_solution",
            "actor_q",
            "national_solution_q",
            "measure",
            "measure_q",
            "decision",
            "phase",
            "published",
            "starts_after",
            "ends_before",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for choice, search in self.searches.items():
            if choice not in self.large_choices:
                self.filters[search].extra["widget"] = forms.HiddenInput

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(description__icontains=value)
        )

    def search_actor(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return qs
        return qs.filter(Q(actor__short_name__icontains=value) | Q(actor__name__icontains=value))

    def search_solution(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return qs
        solutions = NationalSolution.objects.filter(
            Q(code__icontains=value) | Q(name__icontains=value)
        )
        return qs.filter(national_solution__in=_with_components(list(solutions)))

    def filter_solution(self, qs: QuerySet, name: str, value: list[NationalSolution]) -> QuerySet:
        return qs.filter(national_solution__in=_with_components(value)) if value else qs

    def search_measure(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        """Items linked to a measure the caller may see whose code or name contains the text."""
        if not value:
            return qs
        measures = policies.visible_measures(*caller(self.request)).filter(
            Q(code__icontains=value) | Q(name__icontains=value)
        )
        return qs.filter(measure__in=measures)


class DependencyFilterSet(filters.FilterSet):
    kind = filters.MultipleChoiceFilter(choices=DependencyKind.choices, label=_("Kind"))
    cross_actor = filters.BooleanFilter(label=_("Cross-actor"))
    predecessor = IntegerFilter(field_name="predecessor_id", label=_("Predecessor"))
    successor = IntegerFilter(field_name="successor_id", label=_("Successor"))
    item = IntegerFilter(method="filter_item", label=_("Either item"))
    actor = filters.ModelChoiceFilter(
        queryset=Actor.objects.all(), method="filter_actor", label=_("Actor of either item")
    )

    class Meta:
        model = Dependency
        fields = ["kind", "cross_actor", "predecessor", "successor", "item", "actor"]

    def filter_item(self, qs: QuerySet, name: str, value: int) -> QuerySet:
        return qs.filter(Q(predecessor_id=value) | Q(successor_id=value))

    def filter_actor(self, qs: QuerySet, name: str, value: Actor) -> QuerySet:
        if not value:
            return qs
        return qs.filter(Q(predecessor__actor=value) | Q(successor__actor=value))


class AdoptionPlanFilterSet(filters.FilterSet):
    actor = filters.ModelMultipleChoiceFilter(queryset=Actor.objects.all(), label=_("Actor"))
    actor_kind = filters.MultipleChoiceFilter(
        field_name="actor__kind", choices=ActorKind.choices, label=_("Actor kind")
    )
    national_solution = filters.ModelMultipleChoiceFilter(
        queryset=NationalSolution.objects.all(),
        method="filter_solution",
        label=_("National solution (with its parts)"),
    )
    decision = filters.ChoiceFilter(choices=Decision.choices, label=_("Decided or tentative"))
    status = filters.MultipleChoiceFilter(choices=AdoptionStatus.choices, label=_("Status"))
    planned_after = date_from("planned_date", _("Planned on or after"))
    planned_before = date_until("planned_date", _("Planned on or before"))

    class Meta:
        model = AdoptionPlan
        fields = [
            "actor",
            "actor_kind",
            "national_solution",
            "decision",
            "status",
            "planned_after",
            "planned_before",
        ]

    def filter_solution(self, qs: QuerySet, name: str, value: list[NationalSolution]) -> QuerySet:
        return qs.filter(national_solution__in=_with_components(value)) if value else qs


class ChallengeFilterSet(filters.FilterSet):
    item = IntegerFilter(field_name="item_id", label=_("Roadmap item"))
    actor = filters.ModelMultipleChoiceFilter(
        field_name="item__actor", queryset=Actor.objects.all(), label=_("Actor")
    )
    severity = filters.MultipleChoiceFilter(choices=Severity.choices, label=_("Severity"))
    resolved = filters.BooleanFilter(label=_("Resolved"))

    class Meta:
        model = Challenge
        fields = ["item", "actor", "severity", "resolved"]
