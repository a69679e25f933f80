from __future__ import annotations

from collections.abc import Callable
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


class MeasureCodesField(forms.CharField):
    """Measures given by their codes ("EH-001, EH-017", or ids): a text field, not a list of
    every measure in the portfolio. Cleans to the references, upper-cased, in the order given."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        codes = [c.strip().upper() for c in text.replace(";", ",").replace("\n", ",").split(",")]
        return list(dict.fromkeys(c for c in codes if c))


class OptimiseForm(forms.Form):
    name = forms.CharField(
        label=_("Scenario name"),
        required=False,
        max_length=120,
        help_text=_("Leave empty to look first and save later."),
    )
    forced_in = MeasureCodesField(
        label=_("Forced in"),
        required=False,
        help_text=_("Codes of portfolio measures, separated by commas."),
    )
    forced_out = MeasureCodesField(
        label=_("Forced out"),
        required=False,
        help_text=_("Codes of portfolio measures, separated by commas."),
    )

    def __init__(
        self,
        *args: Any,
        years: list[int],
        resolve: Callable[[list[str]], dict[str, int]],
        **kwargs: Any,
    ) -> None:
        """`resolve(codes)` gives the id of each code that names a portfolio measure."""
        super().__init__(*args, **kwargs)
        self.years = years
        self.resolve = resolve
        for y in years:
            self.fields[f"limit_{y}"] = MoneyField(
                unit="mnok",
                label=_("Limit %(year)s (MNOK)") % {"year": y},
                required=False,
            )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")

    def limit_fields(self) -> list[Any]:
        return [self[f"limit_{y}"] for y in self.years]

    def _measure_ids(self, key: str) -> list[int]:
        codes = self.cleaned_data.get(key) or []
        found = self.resolve(codes) if codes else {}
        if unknown := [c for c in codes if c not in found]:
            raise forms.ValidationError(
                _("Not a portfolio measure: %(codes)s") % {"codes": ", ".join(unknown)}
            )
        return [found[c] for c in codes]

    def clean_forced_in(self) -> list[int]:
        return self._measure_ids("forced_in")

    def clean_forced_out(self) -> list[int]:
        return self._measure_ids("forced_out")

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
            "forced_in": list(d.get("forced_in") or []),
            "forced_out": list(d.get("forced_out") or []),
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
