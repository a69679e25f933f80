from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import offer_choices
from portfolio.forms import StyledFormMixin
from roadmap import policies, selectors
from roadmap.choices import DependencyKind
from roadmap.models import AdoptionPlan, Challenge, RoadmapItem

T = TypeVar("T")


class ServiceErrorsMixin:
    """Put a service's ValidationError beside the fields it names (the rules live in the
    model's clean() and the services, shared with the API; the form only offers choices)."""

    def attempt(self, action: Callable[[], T]) -> T | None:
        """`action()` (a service call); when it refuses, its ValidationError is put beside
        the fields it names, a PermissionDenied above the form, and None returned (the
        form then has errors)."""
        try:
            return action()
        except ValidationError as exc:
            self.add_service_errors(exc)
        except PermissionDenied as exc:
            self.add_error(None, str(exc))  # type: ignore[attr-defined]
        return None

    def add_service_errors(self, exc: Any) -> None:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)  # type: ignore[attr-defined]
        self._style()  # type: ignore[attr-defined]


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: RoadmapItem) -> str:
        return f"{obj.name} ({obj.actor.short_name})"


class DependencyForm(ServiceErrorsMixin, StyledFormMixin, forms.Form):
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
        offer_choices(self.fields["predecessor"], items)
        offer_choices(self.fields["successor"], items)
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("predecessor") and data.get("predecessor") == data.get("successor"):
            self.add_error("successor", _("An item cannot depend on itself."))
        return data


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
        offer_choices(self.fields["item"], items.select_related("actor").order_by("name"))
        self._style()


DATE = {"type": "date"}


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs=DATE, format="%Y-%m-%d")


ITEM_FORM_FIELDS = [
    "code",
    "name",
    "kind",
    "description",
    "actor",
    "measure",
    "national_solution",
    "phase",
    "planned_start",
    "planned_end",
    "forecast_start",
    "forecast_end",
    "decision",
    "published",
]


class RoadmapItemForm(ServiceErrorsMixin, StyledFormMixin, forms.Form):
    """Create or change a roadmap item. Choices are what the user may plan for and see."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        user: Any,
        instance: RoadmapItem | None = None,
        **kwargs: Any,
    ) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **forms.model_to_dict(instance, fields=ITEM_FORM_FIELDS),
                "version": instance.version,
            }
        super().__init__(*args, **kwargs)
        self.fields.update(
            forms.fields_for_model(
                RoadmapItem,
                fields=ITEM_FORM_FIELDS,
                widgets={
                    "planned_start": _date_widget(),
                    "planned_end": _date_widget(),
                    "forecast_start": _date_widget(),
                    "forecast_end": _date_widget(),
                    "description": forms.Textarea(attrs={"rows": 3}),
                },
            )
        )
        self.order_fields(["version", *ITEM_FORM_FIELDS])
        self.fields["actor"].queryset = policies.actor_choices(user).order_by("short_name")
        offer_choices(self.fields["measure"], policies.measure_choices(user).order_by("code"))
        self.fields["national_solution"].queryset = policies.solution_choices().order_by("name")
        if not policies.can_publish(user):
            del self.fields["published"]
        self._style()

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class AdoptionPlanForm(ServiceErrorsMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = AdoptionPlan
        fields = [
            "actor",
            "national_solution",
            "planned_date",
            "decision",
            "status",
            "item",
            "note",
            "published",
        ]
        widgets = {"planned_date": _date_widget(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = policies.actor_choices(user).order_by("short_name")
        self.fields["national_solution"].queryset = policies.solution_choices().order_by("name")
        self.fields["item"] = ItemChoiceField(
            queryset=RoadmapItem.objects.none(), required=False, label=self.fields["item"].label
        )
        offer_choices(
            self.fields["item"],
            selectors.items_visible_to(user).select_related("actor").order_by("name"),
        )
        if not policies.can_publish(user):
            del self.fields["published"]
        self._style()

    def _post_clean(self) -> None:
        """The service validates the model (full_clean), so the rules are checked once."""


class ChallengeForm(ServiceErrorsMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Challenge
        fields = ["title", "description", "severity", "mitigation", "resolved"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "mitigation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()

    def _post_clean(self) -> None:
        """The service validates the model (full_clean), so the rules are checked once."""


class MoveForm(StyledFormMixin, forms.Form):
    """Move an item (start and end by the same days) or resize it (end only), by days or
    to a new start date; the preview step shows the consequences before anything is saved."""

    start_days = forms.IntegerField(
        label=_("Move the start by (days)"),
        min_value=-3650,
        max_value=3650,
        initial=0,
        help_text=_("Positive: later; negative: earlier."),
    )
    end_days = forms.IntegerField(
        label=_("Move the end by (days)"),
        min_value=-3650,
        max_value=3650,
        initial=0,
        help_text=_("The same number as the start moves the whole item; another resizes it."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    signature = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start_days") == 0 and data.get("end_days") == 0:
            self.add_error("start_days", _("Move or resize the item by at least one day."))
        return data


class PublishForm(forms.Form):
    items = forms.ModelMultipleChoiceField(
        queryset=RoadmapItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Items to publish"),
    )

    def __init__(
        self, *args: Any, items: QuerySet[RoadmapItem], shown: Any = None, **kwargs: Any
    ) -> None:
        """`items` are those that may be chosen; `shown` (one page of them) those offered as
        check boxes, so the page does not grow with the roadmap."""
        super().__init__(*args, **kwargs)
        field = self.fields["items"]
        field.queryset = items
        if shown is not None:
            field.widget.choices = [(item.pk, field.label_from_instance(item)) for item in shown]


class ScenarioForm(ServiceErrorsMixin, StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Scenario name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    item = ItemChoiceField(
        queryset=RoadmapItem.objects.none(), label=_("Item that slips"), required=False
    )
    slip_days = forms.IntegerField(
        label=_("Days late"), min_value=1, max_value=3650, required=False
    )

    def __init__(self, *args: Any, items: QuerySet[RoadmapItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self.fields["item"], items.select_related("actor").order_by("name"))
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("item") and not data.get("slip_days"):
            self.add_error("slip_days", _("Give the days the item slips."))
        return data


class SlipForm(ServiceErrorsMixin, StyledFormMixin, forms.Form):
    item = ItemChoiceField(queryset=RoadmapItem.objects.none(), label=_("Item that slips"))
    slip_days = forms.IntegerField(label=_("Days late"), min_value=1, max_value=3650)

    def __init__(self, *args: Any, items: QuerySet[RoadmapItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self.fields["item"], items.select_related("actor").order_by("name"))
        self._style()
