from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import INPUT, StyledFormMixin  # noqa: F401 (portfolio's forms use them)
from core.money_fields import MoneyField
from core.validators import check_period
from core.widgets import date_picker
from portfolio.choices import BudgetKind, FundingSource
from portfolio.measure_fields import FORM_FIELDS, MEASURE_FIELDS, MONEY
from portfolio.models import Actor, Measure, ReportingPeriod, StatusReport

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

MONEY_HELP = _("In kroner, e.g. 2 500 000,50 or 2 500 000 kr.")


MONEY_FIELDS = [f.name for f in MEASURE_FIELDS if f.form and f.kind == MONEY]
# What templates/portfolio/measure_form.html places by hand; any other declared field is
# rendered after them (`MeasureForm.other_fields`), so a new field reaches the form by itself.
LAID_OUT = {
    "version",
    "code",
    "name",
    "purpose",
    "owner",
    "measure_type",
    "segment",
    "phase",
    "start_date",
    "end_date",
    "total_cost_frame",
    "contact_name",
    "contact_email",
    "published",
    "criterion_digitalisation_core",
    "criterion_cross_actor",
    "criterion_strategy",
    "criteria_comment",
    "partners",
    "target_groups",
    "national_solutions",
    "strategic_goals",
}
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
        fields = FORM_FIELDS  # the declaration: portfolio/measure_fields.py
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
        for name in MONEY_FIELDS:  # amounts typed the Norwegian way ("2 500 000,50")
            field = self.fields[name]
            self.fields[name] = MoneyField(
                label=field.label, required=field.required, help_text=MONEY_HELP
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

    def other_fields(self) -> list[forms.BoundField]:
        """Declared fields the template does not lay out by hand (shown after them)."""
        return [self[name] for name in self.fields if name not in LAID_OUT]

    def clean_code(self) -> str:
        """Lower-case codes are upper-cased rather than refused ("hv-epj" -> "HV-EPJ")."""
        return (self.cleaned_data.get("code") or "").strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        try:
            check_period(data.get("start_date"), data.get("end_date"), end_field="end_date")
        except ValidationError as exc:
            self.add_error(None, exc)
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


class ReportingPeriodForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ["name", "start", "end", "due"]
        widgets = {k: date_picker() for k in ("start", "end", "due")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class BaselineForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    as_of = forms.DateField(label=_("As of"), initial=dt.date.today, widget=date_picker())
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class MeasureImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("The layout of the export: one row per budget line. At most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check the file and show what would change, write nothing"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload
