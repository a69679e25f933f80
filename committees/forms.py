"""UI forms. Times are entered as Oslo wall-clock times; the views pass them to services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from committees import policies
from committees.choices import CaseType, Effect
from committees.models import MATERIAL_FIELDS, OSLO, AgendaItem, Committee, Meeting
from core.forms import offer_choices
from covid_intake.choices import DecisionOutcome
from covid_intake.models import Suggestion
from portfolio.models import Baseline, Measure
from reporting.models import PortfolioReport
from roadmap.models import RoadmapItem
from scoring.models import Scenario

DATE = forms.DateInput(attrs={"type": "date", "class": "ds-input"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time", "class": "ds-input"}, format="%H:%M")

# the field a person types for each kind of material when the pick list would be too long
MATERIAL_CODES = {
    "measures": "code",
    "suggestions": "reference",
    "roadmap_items": "code",
    "baselines": "name",
}


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=OSLO)


class MeetingForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Committee"),
        queryset=Committee.objects.all(),
        widget=forms.Select(attrs={"class": "ds-input"}),
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    date = forms.DateField(label=_("Date"), widget=DATE)
    start = forms.TimeField(label=_("Starts"), widget=TIME)
    end = forms.TimeField(label=_("Ends"), widget=TIME)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Online meeting link"), max_length=500, required=False, assume_scheme="https"
    )

    def __init__(self, *args: Any, meeting: Meeting | None = None, **kwargs: Any) -> None:
        if meeting is not None:
            kwargs.setdefault(
                "initial",
                {
                    "committee": meeting.committee,
                    "title": meeting.title,
                    "date": meeting.local_start.date(),
                    "start": meeting.local_start.time(),
                    "end": meeting.local_end.time(),
                    "place": meeting.place,
                    "online_url": meeting.online_url,
                },
            )
        super().__init__(*args, **kwargs)
        if meeting is not None:
            self.fields["committee"].disabled = True
        for name in ("title", "place", "online_url"):
            self.fields[name].widget.attrs["class"] = "ds-input"

    def service_fields(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "title": d["title"],
            "starts_at": _at(d["date"], d["start"]),
            "ends_at": _at(d["date"], d["end"]),
            "place": d["place"],
            "online_url": d["online_url"],
        }


class AgendaItemForm(forms.Form):
    position = forms.IntegerField(label=_("Position"), min_value=1, required=False)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    case_type = forms.ChoiceField(label=_("Case type"), choices=CaseType.choices)
    presenter = forms.CharField(label=_("Presenter"), max_length=200, required=False)
    start = forms.TimeField(label=_("Start"), widget=TIME)
    end = forms.TimeField(label=_("End"), widget=TIME)
    # material: one multiple-choice field per MATERIAL_FIELDS entry, choices set per user
    measures = forms.ModelMultipleChoiceField(queryset=Measure.objects.none(), required=False)
    suggestions = forms.ModelMultipleChoiceField(queryset=Suggestion.objects.none(), required=False)
    scenarios = forms.ModelMultipleChoiceField(queryset=Scenario.objects.none(), required=False)
    roadmap_items = forms.ModelMultipleChoiceField(
        queryset=RoadmapItem.objects.none(), required=False
    )
    baselines = forms.ModelMultipleChoiceField(queryset=Baseline.objects.none(), required=False)
    reports = forms.ModelMultipleChoiceField(
        queryset=PortfolioReport.objects.none(), required=False
    )

    def __init__(
        self,
        *args: Any,
        meeting: Meeting,
        user: Any,
        item: AgendaItem | None = None,
        **kwargs: Any,
    ) -> None:
        self.meeting = meeting
        linkable = policies.linkable_material(user)
        # Links to material the user may not see are kept as they are, never shown or offered
        # (the item's few links are checked against what the user may link, not the reverse).
        shown: dict[str, list[Any]] = {name: [] for name, _label in MATERIAL_FIELDS}
        self.hidden = {name: [] for name, _label in MATERIAL_FIELDS}
        for name, _label in MATERIAL_FIELDS if item else ():
            linked = list(getattr(item, name).all())
            allowed = set(
                linkable[name].filter(pk__in=[o.pk for o in linked]).values_list("pk", flat=True)
            )
            for obj in linked:
                (shown if obj.pk in allowed else self.hidden)[name].append(obj)
        if item is not None:
            initial = {
                "position": item.position,
                "title": item.title,
                "description": item.description,
                "case_type": item.case_type,
                "presenter": item.presenter,
                "start": item.local_start.time(),
                "end": item.local_end.time(),
            }
            initial.update(shown)
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for name, label in MATERIAL_FIELDS:
            code = MATERIAL_CODES.get(name, "pk")
            offer_choices(self.fields[name], linkable[name], code_field=code)
            self.fields[name].label = label
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")

    def service_fields(self) -> dict[str, Any]:
        d = self.cleaned_data
        day = self.meeting.local_start.date()
        fields = {k: d[k] for k in ("title", "description", "case_type", "presenter")}
        if d.get("position"):
            fields["position"] = d["position"]
        fields["starts_at"] = _at(day, d["start"])
        fields["ends_at"] = _at(day, d["end"])
        return fields

    def material(self) -> dict[str, Any]:
        return {
            name: [*self.cleaned_data[name], *self.hidden[name]] for name, _label in MATERIAL_FIELDS
        }


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 5, "class": "ds-input"})
    )
    effect = forms.ChoiceField(label=_("Effect"), choices=Effect.choices, initial=Effect.NONE)
    scenario = forms.ModelChoiceField(
        label=_("Scenario"), queryset=Scenario.objects.none(), required=False
    )
    suggestion = forms.ModelChoiceField(
        label=_("Suggestion"), queryset=Suggestion.objects.none(), required=False
    )
    suggestion_outcome = forms.ChoiceField(
        label=_("Outcome for the suggestion"),
        choices=[("", "–"), *DecisionOutcome.choices],
        required=False,
    )

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scenario"].queryset = item.scenarios.all()
        self.fields["suggestion"].queryset = item.suggestions.all()
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")


class MinutesForm(forms.Form):
    present = forms.CharField(
        label=_("Present"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "ds-input"}),
    )
    text = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 12, "class": "ds-input"})
    )


class ApproveMinutesForm(forms.Form):
    approved_at_meeting = forms.ModelChoiceField(
        label=_("Approved at meeting"), queryset=Meeting.objects.none()
    )

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["approved_at_meeting"].queryset = choices
        self.fields["approved_at_meeting"].widget.attrs["class"] = "ds-input"
