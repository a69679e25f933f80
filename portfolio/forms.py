from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import INPUT, StyledFormMixin  # noqa: F401 (portfolio's forms use them)
from core.money_fields import MoneyField
from portfolio.choices import BudgetKind, FundingSource
from portfolio.models import Actor, Measure, ReportingPeriod, StatusReport

MONEY_HELP = _("In kroner, e.g. 2 500 000,50 or 2 500 000 kr.")


CRITERIA = ("criterion_digitalisation_core", "criterion_cross_actor", "criterion_strategy")
YES_NO = [("True", _("Yes")), ("False", _("No"))]


class YesNoField(forms.TypedChoiceField):
    """An explicit yes/no answer as radio buttons, with no answer chosen in advance."""

    widget = forms.RadioSelect
    LEGACY = {
        "on": "True",
        "true": "True",
        "1": "True",
        "off": "False",
        "false": "False",
        "0": "False",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=YES_NO, coerce=lambda v: v == "True", empty_value=None, **kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return self.LEGACY.get(text.lower(), text) if text else text


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
        frame = self.fields["total_cost_frame"]
        self.fields["total_cost_frame"] = MoneyField(
            label=frame.label, required=False, help_text=MONEY_HELP
        )
        for name in CRITERIA:
            model_field = self.fields[name]
            self.fields[name] = YesNoField(
                label=model_field.label, help_text=model_field.help_text, required=True
            )
            if not self.instance.pk:
                self.initial.pop(name, None)  # no answer given in advance
            elif name in self.initial:
                self.initial[name] = str(bool(self.initial[name]))
        self.fields["code"].help_text = _("Capital letters, digits and dashes, e.g. HV-EPJ-1.")
        if not office:
            self.fields.pop("published")
            own = Actor.objects.filter(representatives=user)
            self.fields["owner"].queryset = own
            if not self.instance.pk and not self.is_bound:
                only = list(own.values_list("pk", flat=True)[:2])
                if len(only) == 1:
                    self.initial["owner"] = only[0]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self._style()

    def clean_code(self) -> str:
        """Lower-case codes are upper-cased rather than refused ("hv-epj" -> "HV-EPJ")."""
        return (self.cleaned_data.get("code") or "").strip().upper()

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
    planned = MoneyField(label=_("Planned (NOK)"))
    actual = MoneyField(label=_("Actual (NOK)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class BaseBudgetLineFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        # The row validated itself in __init__ (StyledFormMixin marks invalid fields) before
        # the formset added "Remove" (DELETE): validate again so ticking Remove removes.
        form._errors = None
        if hasattr(form, "cleaned_data"):
            del form.cleaned_data

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
