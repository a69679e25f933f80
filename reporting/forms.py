from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portfolio.forms import StyledFormMixin
from portfolio.models import Baseline
from reporting.choices import ReportedLight, RoundKind
from reporting.models import PortfolioReport

LIGHT_CHOICES = ReportedLight.choices
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundOpenForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RoundKind.choices)
    number = forms.IntegerField(
        label=_("Number in the year"),
        min_value=1,
        max_value=4,
        help_text=_("T1–T3 for tertials, K1–K4 for quarters."),
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)
    message = forms.CharField(
        label=_("Message to the owners"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["deadline"].initial = today + dt.timedelta(days=14)
        self._style()


class StatusForm(StyledFormMixin, forms.Form):
    overall = forms.ChoiceField(label=_("Overall"), choices=LIGHT_CHOICES, widget=forms.RadioSelect)
    cost = forms.ChoiceField(label=_("Cost"), choices=LIGHT_CHOICES, widget=forms.RadioSelect)
    schedule = forms.ChoiceField(
        label=_("Schedule"), choices=LIGHT_CHOICES, widget=forms.RadioSelect
    )
    benefits = forms.ChoiceField(
        label=_("Benefits"), choices=LIGHT_CHOICES, widget=forms.RadioSelect
    )
    commentary = forms.CharField(
        label=_("Narrative"),
        required=False,
        help_text=_(
            "Required when any status is yellow or red: what deviates, why, and what is done."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    forecast_end_date = forms.DateField(label=_("Forecast end date"), required=False, widget=DATE)
    cost_forecast = forms.DecimalField(
        label=_("Cost forecast (NOK)"),
        required=False,
        min_value=0,
        max_digits=16,
        decimal_places=2,
        help_text=_("Forecast total cost of the measure."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class ReportForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = PortfolioReport
        fields = ["title", "baseline", "introduction", "decisions"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "decisions": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["baseline"].queryset = Baseline.objects.all()
        self.fields["baseline"].required = False
        self._style()
