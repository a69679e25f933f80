from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.history import translate_stored
from core.money_fields import MoneyField
from scoring.models import Scenario, ScoringModel


class WeightsForm(forms.Form):
    """One weight per criterion of the version edited; saving makes a new version."""

    note = forms.CharField(
        label=_("What changed and why"), required=False, max_length=500, widget=forms.TextInput
    )

    def __init__(self, *args: Any, model: ScoringModel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model = model
        self.criteria = list(model.criteria.all())
        for c in self.criteria:
            self.fields[f"weight_{c.key}"] = forms.DecimalField(
                label=translate_stored(c.label),
                min_value=0,
                max_value=9999,
                decimal_places=2,
                initial=c.weight,
                help_text=_("Excludes when zero") if c.excludes else "",
            )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")

    def weights(self) -> dict[str, Any]:
        return {c.key: self.cleaned_data[f"weight_{c.key}"] for c in self.criteria}


class OptimiseForm(forms.Form):
    name = forms.CharField(
        label=_("Scenario name"),
        required=False,
        max_length=120,
        help_text=_("Leave empty to look first and save later."),
    )
    forced_in = forms.MultipleChoiceField(label=_("Forced in"), required=False)
    forced_out = forms.MultipleChoiceField(label=_("Forced out"), required=False)

    def __init__(
        self, *args: Any, years: list[int], measures: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.years = years
        for y in years:
            self.fields[f"limit_{y}"] = MoneyField(
                unit="mnok",
                label=_("Limit %(year)s (MNOK)") % {"year": y},
                required=False,
            )
        for key in ("forced_in", "forced_out"):
            self.fields[key].choices = [(str(pk), label) for pk, label in measures]
            self.fields[key].widget.attrs["size"] = 8
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")

    def limit_fields(self) -> list[Any]:
        return [self[f"limit_{y}"] for y in self.years]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any(data.get(f"limit_{y}") is not None for y in self.years):
            raise forms.ValidationError(_("Give a budget limit for at least one year."))
        return data

    def params(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "limits": {
                str(y): d[f"limit_{y}"] for y in self.years if d.get(f"limit_{y}") is not None
            },
            "forced_in": [int(i) for i in d.get("forced_in") or []],
            "forced_out": [int(i) for i in d.get("forced_out") or []],
        }


class ScenarioSaveForm(forms.Form):
    name = forms.CharField(label=_("Scenario name"), max_length=120)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["class"] = "ds-input"


class CompareForm(forms.Form):
    a = forms.ModelChoiceField(queryset=Scenario.objects.filter(saved=True), label=_("Scenario A"))
    b = forms.ModelChoiceField(queryset=Scenario.objects.filter(saved=True), label=_("Scenario B"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "ds-input"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("a") and data.get("b") and data["a"].pk == data["b"].pk:
            self.add_error("b", _("Choose two different scenarios to compare."))
        return data
