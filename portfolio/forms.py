from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portfolio.choices import BudgetKind, FundingSource
from portfolio.models import Actor, Measure, ReportingPeriod, StatusReport

INPUT = "ds-input"


class StyledFormMixin:
    """Give every widget the design system's class and point aria-describedby at its error."""

    def _style(self) -> None:
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "ds-input")
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            else:
                widget.attrs.setdefault("class", INPUT)
            if self.errors.get(name) if self.is_bound else False:  # type: ignore[attr-defined]
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}-error"  # type: ignore[attr-defined]


class MeasureForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Measure
        fields = [
            "code",
            "name",
            "purpose",
            "owner",
            "partners",
            "contact_name",
            "contact_email",
            "measure_type",
            "segment",
            "phase",
            "start_date",
            "end_date",
            "target_groups",
            "national_solutions",
            "strategic_goals",
            "criterion_digitalisation_core",
            "criterion_cross_actor",
            "criterion_strategy",
            "criteria_comment",
            "total_cost_frame",
            "published",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "criteria_comment": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "national_solutions": forms.CheckboxSelectMultiple,
            "strategic_goals": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, user: Any = None, office: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not office:
            self.fields.pop("published")
            self.fields["owner"].queryset = Actor.objects.filter(representatives=user)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("End must not be before start."))
        return data


class BudgetLineForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=BudgetKind.choices, initial=BudgetKind.INVESTMENT
    )
    funding_source = forms.ChoiceField(
        label=_("Funding source"), choices=FundingSource.choices, initial=FundingSource.OWN
    )
    planned = forms.DecimalField(
        label=_("Planned (NOK)"), min_value=0, max_digits=16, decimal_places=2
    )
    actual = forms.DecimalField(
        label=_("Actual (NOK)"), min_value=0, max_digits=16, decimal_places=2, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class BaseBudgetLineFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[tuple] = set()
        for form in self.forms:
            if not form.has_changed() or self.can_delete and self._should_delete_form(form):
                continue
            key = (
                form.cleaned_data.get("year"),
                form.cleaned_data.get("kind"),
                form.cleaned_data.get("funding_source"),
            )
            if key in seen:
                raise forms.ValidationError(
                    _("Two budget lines have the same year, kind and funding source.")
                )
            seen.add(key)

    def lines(self) -> list[dict[str, Any]]:
        """Existing rows are kept unless marked for removal; extra rows only when filled in."""
        kept = []
        for i, form in enumerate(self.forms):
            if not form.cleaned_data or (self.can_delete and self._should_delete_form(form)):
                continue
            if i < self.initial_form_count() or form.has_changed():
                kept.append(form.cleaned_data)
        return kept


BudgetLineFormSet = forms.formset_factory(
    BudgetLineForm, formset=BaseBudgetLineFormSet, extra=2, can_delete=True
)


class StatusReportForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = StatusReport
        fields = [
            "period",
            "overall",
            "cost",
            "schedule",
            "benefits",
            "commentary",
            "forecast_end_date",
            "cost_forecast",
        ]
        widgets = {
            "commentary": forms.Textarea(attrs={"rows": 3}),
            "forecast_end_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = ReportingPeriod.objects.filter(closed__isnull=True)
        self._style()
