from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from covid_intake.choices import DecisionOutcome
from covid_intake.criteria import CRITERIA, SCORE_CHOICES
from covid_intake.models import Category, Suggestion, WorkingGroup
from covid_intake.validators import (
    ALLOWED_TYPES,
    MAX_ATTACHMENTS,
    attachment_content_type,
)
from portfolio.forms import StyledFormMixin
from portfolio.models import Actor, Measure, TargetGroup

HONEYPOT = "website"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(ALLOWED_TYPES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class SuggestionForm(StyledFormMixin, forms.ModelForm):
    """The public form. `website` is a honeypot: hidden from people, filled in by bots."""

    target_groups = forms.ModelMultipleChoiceField(
        queryset=TargetGroup.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Who benefits (target groups)"),
    )
    attachments = MultipleFileField(
        required=False,
        label=_("Attachments"),
        help_text=_("Optional. Up to 5 files, at most 5 MB each: PDF, PNG, JPEG, DOCX or TXT."),
    )
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        model = Suggestion
        fields = [
            "title",
            "description",
            "problem",
            "target_groups",
            "proposed_category",
            "submitter_name",
            "submitter_email",
            "submitter_organisation",
        ]
        labels = {
            "title": _("Title"),
            "description": _("Describe the suggestion"),
            "problem": _("What does it solve?"),
            "proposed_category": _("Which category fits best?"),
            "submitter_name": _("Your name"),
            "submitter_email": _("Your e-mail"),
            "submitter_organisation": _("Your organisation (if any)"),
        }
        help_texts = {
            "submitter_email": _("We send the reference number here."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "problem": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submitter_name"].required = True
        self.fields["submitter_email"].required = True
        self.fields["proposed_category"].queryset = Category.objects.all()
        self.fields["proposed_category"].empty_label = _("I don't know")
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self._style()

    def clean_attachments(self) -> list[Any]:
        files = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(_("At most %(n)s attachments.") % {"n": MAX_ATTACHMENTS})
        errors = []
        for f in files:
            head = f.read(512)
            f.seek(0)
            try:
                attachment_content_type(f.name, f.size, head)
            except ValidationError as exc:
                errors.extend(exc.message_dict["attachments"])
        if errors:
            raise ValidationError(errors)
        return files

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {k: data[k] for k in self.Meta.fields if k != "target_groups"}


class StatusLookupForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference number"), max_length=20, help_text=_("For example K-2020-0042.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reference"].widget.attrs.update({"class": "ds-input", "autocomplete": "off"})


class TriageForm(StyledFormMixin, forms.Form):
    category = forms.ModelChoiceField(queryset=Category.objects.all(), label=_("Category"))
    working_group = forms.ModelChoiceField(
        queryset=WorkingGroup.objects.all(), required=False, label=_("Working group")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class OverlapForm(StyledFormMixin, forms.Form):
    """The measure is typed by its code (a search field, not a list of every measure); the
    most similar measures are offered as suggestions (`similar`, from the similarity search)."""

    measure = forms.CharField(
        label=_("Measure"),
        max_length=50,
        help_text=_("Type the measure's code, for example a code from the similar measures."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, measures: Any = None, similar: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.measures = measures if measures is not None else Measure.objects.none()
        self.similar = list(similar)
        self.fields["measure"].widget.attrs.update(
            {"list": "overlap-measures", "autocomplete": "off"}
        )
        self._style()

    def clean_measure(self) -> Measure:
        code = self.cleaned_data["measure"].strip()
        measure = self.measures.filter(code__iexact=code).first()
        if measure is None:
            raise ValidationError(_("No measure you can see has this code."))
        return measure


class AssessmentForm(StyledFormMixin, forms.Form):
    """One radio row per criterion (covid_intake.criteria), then a comment."""

    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, forms.Field] = {
            c.code: forms.TypedChoiceField(
                label=capfirst(c.label),
                help_text=c.help_text,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
            )
            for c in CRITERIA
        }
        fields["comment"] = self.fields["comment"]
        self.fields = fields
        self._style()

    def scores(self) -> dict[str, int]:
        return {c.code: self.cleaned_data[c.code] for c in CRITERIA}


class DecisionForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason for the decision.")},
    )
    proposed_owner = forms.ModelChoiceField(
        queryset=Actor.objects.all(),
        required=False,
        label=_("Proposed owner actor (if prioritised)"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class PromoteForm(StyledFormMixin, forms.Form):
    owner = forms.ModelChoiceField(queryset=Actor.objects.all(), label=_("Owner actor"))
    code = forms.CharField(
        label=_("Measure code"),
        max_length=20,
        required=False,
        help_text=_("Leave empty to use the suggestion's reference."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


BULK_PREFIX = ("categorise", "assign")


class BulkActionForm(forms.Form):
    """One POST from the list: the ticked suggestions and `categorise:<id>` / `assign:<id>`."""

    selected = forms.ModelMultipleChoiceField(
        queryset=Suggestion.objects.none(), label=_("Suggestions")
    )
    bulk_action = forms.ChoiceField(label=_("Action"))

    def __init__(self, *args: Any, suggestions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["selected"].queryset = (
            suggestions if suggestions is not None else Suggestion.objects.none()
        )
        self.fields["selected"].error_messages["required"] = _("Tick at least one suggestion.")
        self.fields["bulk_action"].choices = bulk_action_choices()
        self.fields["bulk_action"].widget.attrs["class"] = "ds-input"


def bulk_action_choices() -> list[tuple[str, Any]]:
    return [
        (
            _("Categorise as"),
            [(f"categorise:{c.pk}", c.name) for c in Category.objects.all()],
        ),
        (
            _("Assign to working group"),
            [(f"assign:{g.pk}", g.name) for g in WorkingGroup.objects.all()],
        ),
    ]
