"""Forms of the case screens: they parse and check input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from acollida.cases.models import Case, Goal, Need, TimelineEntry
from acollida.cases.selectors import CASE_SORTS
from acollida.core.models import User


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _blank(label: Any, choices: Any) -> list[tuple[str, Any]]:
    return [("", label), *choices]


class NeedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_area_display())


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=())
    sensitivity = forms.ChoiceField(label=_("Sensitivity"), required=False, choices=())
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-updated", _("Latest activity first")),
            ("updated", _("Oldest activity first")),
            ("-opened", _("Newest cases first")),
            ("opened", _("Oldest cases first")),
            ("reference", _("Reference")),
            ("status", _("Status")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status, sensitivity = self.fields["status"], self.fields["sensitivity"]
        assert isinstance(status, forms.ChoiceField) and isinstance(sensitivity, forms.ChoiceField)
        status.choices = _blank(_("Open and on hold"), Case.Status.choices)
        sensitivity.choices = _blank(_("Any"), Case.Sensitivity.choices)

    def sort_key(self) -> str:
        value = self.cleaned_data.get("sort") if self.is_valid() else ""
        return value if value in CASE_SORTS else "-updated"


class OpenCaseForm(forms.Form):
    sensitivity = forms.ChoiceField(
        label=_("Sensitivity"),
        choices=Case.Sensitivity.choices,
        initial=Case.Sensitivity.NORMAL,
        help_text=_(
            "Restricted: only the responsible caseworker, named staff and coordinators. "
            "Protected: only named staff; the person's whereabouts are never shown."
        ),
    )


class NeedForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), choices=Need.Area.choices)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Need.Priority.choices, initial=Need.Priority.MEDIUM
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class NeedEditForm(forms.Form):
    priority = forms.ChoiceField(label=_("Priority"), choices=Need.Priority.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Need.Status.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TimelineForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TimelineEntry.Kind.choices)
    service_type = forms.ChoiceField(
        label=_("Service"), required=False, choices=_blank("—", TimelineEntry.ServiceType.choices)
    )
    occurred_on = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    is_special_category = forms.BooleanField(
        label=_("Special category (health, legal status, violence): store encrypted"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == TimelineEntry.Kind.SERVICE and not data.get("service_type"):
            self.add_error("service_type", _("Say which service was delivered."))
        if data.get("kind") == TimelineEntry.Kind.NOTE and not (data.get("text") or "").strip():
            self.add_error("text", _("Write the note."))
        return data


class GoalForm(forms.Form):
    description = forms.CharField(label=_("Goal"), max_length=300)
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DateInput())
    need = NeedChoiceField(label=_("For the need"), required=False, queryset=Need.objects.none())

    def __init__(self, *args: Any, needs: QuerySet[Need] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["need"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = needs if needs is not None else Need.objects.none()


class GoalEditForm(GoalForm):
    status = forms.ChoiceField(label=_("Status"), choices=Goal.Status.choices)
    outcome_note = forms.CharField(
        label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=_blank("—", Case.Outcome.choices))
    drop_open_goals = forms.BooleanField(label=_("Drop the goals that are still open"), required=False)

    def clean_outcome(self) -> str:
        value: str = self.cleaned_data["outcome"]
        if not value:
            raise forms.ValidationError(_("Say how the case ended."))
        return value


class AssignForm(forms.Form):
    responsible = StaffChoiceField(label=_("Responsible caseworker"), queryset=User.objects.none())

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["responsible"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = candidates


class TimelineFilterForm(forms.Form):
    kind = forms.MultipleChoiceField(
        label=_("Show"),
        required=False,
        choices=[*TimelineEntry.Kind.choices, ("document", _("Documents"))],
        widget=forms.CheckboxSelectMultiple,
    )
    service_type = forms.ChoiceField(
        label=_("Service"), required=False, choices=_blank(_("Any"), TimelineEntry.ServiceType.choices)
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())


class WaitingForm(forms.Form):
    waiting_for = forms.CharField(
        label=_("Waiting for"),
        required=False,
        max_length=250,
        help_text=_("Leave empty when the answer has come."),
    )
    waiting_since = forms.DateField(label=_("Since"), required=False, widget=DateInput())
