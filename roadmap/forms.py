from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from portfolio.forms import StyledFormMixin
from roadmap.choices import DependencyKind
from roadmap.models import RoadmapItem


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: RoadmapItem) -> str:
        return f"{obj.name} ({obj.actor.short_name})"


class DependencyForm(StyledFormMixin, forms.Form):
    predecessor = ItemChoiceField(
        queryset=RoadmapItem.objects.none(),
        label=_("Prerequisite (predecessor)"),
        help_text=_("The item that must come first."),
    )
    successor = ItemChoiceField(
        queryset=RoadmapItem.objects.none(),
        label=_("Dependent item (successor)"),
        help_text=_("The item that depends on it."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=DependencyKind.choices, initial=DependencyKind.FINISH_TO_START
    )
    lag_days = forms.IntegerField(label=_("Lag (days)"), initial=0, min_value=-3650, max_value=3650)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, items: QuerySet[RoadmapItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items = items.select_related("actor").order_by("name")
        self.fields["predecessor"].queryset = items
        self.fields["successor"].queryset = items
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("predecessor") and data.get("predecessor") == data.get("successor"):
            self.add_error("successor", _("An item cannot depend on itself."))
        return data

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        self._style()


class WhatIfForm(StyledFormMixin, forms.Form):
    item = ItemChoiceField(queryset=RoadmapItem.objects.none(), label=_("Item that slips"))
    slip_days = forms.IntegerField(
        label=_("Days late"),
        min_value=1,
        max_value=3650,
        initial=90,
        help_text=_("How many days later the item finishes."),
    )

    def __init__(self, *args: Any, items: QuerySet[RoadmapItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items.select_related("actor").order_by("name")
        self._style()
