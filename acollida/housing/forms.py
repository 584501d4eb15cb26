"""Housing forms: accommodations, units, places, the waiting list, placements and filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acollida.core.models import Organisation
from acollida.directory.models import District
from acollida.housing.models import (
    ACCESS_FIELDS,
    RULE_FIELDS,
    Accommodation,
    AccommodationKind,
    ExitDestination,
    Place,
    PlaceStatus,
    Programme,
    Unit,
    WaitingListEntry,
)
from acollida.people.models import Vulnerability

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # what a date input reads
RULE_CHOICES = [
    (name, getattr(Accommodation._meta.get_field(name), "verbose_name", name)) for name in RULE_FIELDS
]
ACCESS_CHOICES = [
    (name, getattr(Accommodation._meta.get_field(name), "verbose_name", name)) for name in ACCESS_FIELDS
]
NEED_CHOICES = [
    ("step_free", _("Step-free access")),
    ("adapted_bathroom", _("Adapted bathroom")),
    ("women_only", _("Women only")),
    ("minors_only", _("Unaccompanied minors")),
    ("lgbti_safe", _("LGBTI-safe")),
    ("pets", _("Pets")),
]


def _languages(value: str) -> list[str]:
    codes = [code.strip().lower() for code in value.replace(";", ",").split(",") if code.strip()]
    for code in codes:
        if not (2 <= len(code) <= 3 and code.isalpha()):
            raise forms.ValidationError(
                _("Use ISO 639 language codes such as “ar” or “uk”, separated by commas.")
            )
    return codes


class AccommodationForm(forms.ModelForm):
    languages_text = forms.CharField(
        label=_("Languages spoken by staff"),
        required=False,
        help_text=_("ISO 639 codes separated by commas, e.g. ar, uk, fr."),
    )

    class Meta:
        model = Accommodation
        fields = [
            "name",
            "kind",
            "programme",
            "address",
            "district",
            "lat",
            "lon",
            "is_protected_address",
            "women_only",
            "men_only",
            "families_only",
            "minors_only",
            "lgbti_safe",
            "pets_allowed",
            "step_free",
            "adapted_bathroom",
            "distance_school_m",
            "distance_health_m",
            "distance_entry_point_m",
            "directory_service",
            "is_active",
        ]

    def __init__(self, *args: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["languages_text"].initial = ", ".join(self.instance.languages or [])

    def clean_languages_text(self) -> list[str]:
        return _languages(self.cleaned_data.get("languages_text", ""))

    def data_dict(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["languages"] = self.cleaned_data["languages_text"]
        return data


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=Unit.Kind.choices)
    rooms = forms.IntegerField(label=_("Rooms"), min_value=1, max_value=50, initial=1)
    places = forms.IntegerField(label=_("Places to add"), min_value=0, max_value=200, initial=1)


class PlacesAddForm(forms.Form):
    count = forms.IntegerField(label=_("How many"), min_value=1, max_value=200, initial=1)
    kind = forms.ChoiceField(label=_("Kind"), choices=Place.Kind.choices)
    accessible = forms.BooleanField(label=_("Accessible"), required=False)


class PlaceStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (PlaceStatus.FREE, PlaceStatus.FREE.label),
            (PlaceStatus.OUT_OF_SERVICE, PlaceStatus.OUT_OF_SERVICE.label),
        ],
    )
    reason = forms.CharField(label=_("Reason out of service"), max_length=200, required=False)
    expected_back_on = forms.DateField(label=_("Expected back on"), required=False, widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == PlaceStatus.OUT_OF_SERVICE and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the place is out of service."))
        return data


class VacancyFilterForm(forms.Form):
    district = forms.ChoiceField(
        label=_("District"), required=False, choices=[("", _("All")), *District.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *AccommodationKind.choices]
    )
    rules = forms.MultipleChoiceField(
        label=_("Rules"), required=False, choices=RULE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    access = forms.MultipleChoiceField(
        label=_("Accessibility"), required=False, choices=ACCESS_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    min_free = forms.IntegerField(label=_("Free places at least"), required=False, min_value=1, max_value=100)
    organisation = forms.ModelChoiceField(
        label=_("Operator"),
        required=False,
        queryset=Organisation.objects.filter(accommodations__isnull=False).distinct().order_by("name"),
        empty_label=_("All"),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-free", _("Most free places")),
            ("free", _("Fewest free places")),
            ("name", _("Name")),
            ("district", _("District")),
        ],
    )


class WaitingFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *WaitingListEntry.Status.choices]
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs"), required=False, choices=NEED_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-priority", _("Highest priority")),
            ("entered_on", _("Waiting longest")),
            ("-entered_on", _("Most recent")),
            ("-size", _("Largest households")),
        ],
    )


class WaitingEntryForm(forms.Form):
    size = forms.IntegerField(label=_("People"), min_value=1, max_value=30)
    adults = forms.IntegerField(label=_("Adults"), min_value=0, max_value=30, required=False)
    children = forms.IntegerField(label=_("Children"), min_value=0, max_value=30, required=False)
    children_ages = forms.CharField(
        label=_("Children's ages"), required=False, help_text=_("Separated by commas.")
    )
    beds_needed = forms.IntegerField(label=_("Beds needed"), min_value=1, max_value=30)
    rooms_needed = forms.IntegerField(label=_("Rooms needed"), min_value=1, max_value=10, initial=1)
    step_free = forms.BooleanField(label=_("Needs step-free access"), required=False)
    adapted_bathroom = forms.BooleanField(label=_("Needs an adapted bathroom"), required=False)
    women_only = forms.BooleanField(label=_("Needs a women-only place"), required=False)
    men_only = forms.BooleanField(label=_("Men only household"), required=False)
    minors_only = forms.BooleanField(label=_("Unaccompanied minors"), required=False)
    lgbti_safe = forms.BooleanField(label=_("Needs an LGBTI-safe place"), required=False)
    pets = forms.BooleanField(label=_("Has pets"), required=False)
    preferred_districts = forms.MultipleChoiceField(
        label=_("Preferred districts"),
        choices=District.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages_text = forms.CharField(
        label=_("Languages"), required=False, help_text=_("ISO 639 codes, e.g. ar, uk.")
    )
    vulnerabilities = forms.MultipleChoiceField(
        label=_("Vulnerabilities the priority counts"),
        choices=Vulnerability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    school_lat = forms.FloatField(label=_("School latitude"), required=False, min_value=-90, max_value=90)
    school_lon = forms.FloatField(label=_("School longitude"), required=False, min_value=-180, max_value=180)
    work_lat = forms.FloatField(label=_("Work latitude"), required=False, min_value=-90, max_value=90)
    work_lon = forms.FloatField(label=_("Work longitude"), required=False, min_value=-180, max_value=180)
    medical_lat = forms.FloatField(
        label=_("Medical care latitude"), required=False, min_value=-90, max_value=90
    )
    medical_lon = forms.FloatField(
        label=_("Medical care longitude"), required=False, min_value=-180, max_value=180
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_languages_text(self) -> list[str]:
        return _languages(self.cleaned_data.get("languages_text", ""))

    def clean_children_ages(self) -> list[int]:
        text = self.cleaned_data.get("children_ages", "")
        try:
            ages = [int(part) for part in text.replace(";", ",").split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(_("Write the ages as numbers separated by commas.")) from None
        if any(age < 0 or age > 17 for age in ages):
            raise forms.ValidationError(_("A child's age is between 0 and 17."))
        return ages

    def data_dict(self) -> dict[str, Any]:
        data = self.cleaned_data
        result = {
            name: data[name]
            for name in (
                "size",
                "beds_needed",
                "rooms_needed",
                "step_free",
                "adapted_bathroom",
                "women_only",
                "men_only",
                "minors_only",
                "lgbti_safe",
                "pets",
                "preferred_districts",
                "vulnerabilities",
                "school_lat",
                "school_lon",
                "work_lat",
                "work_lon",
                "medical_lat",
                "medical_lon",
                "notes",
            )
        }
        result["languages"] = data["languages_text"]
        result["composition"] = {
            "adults": data.get("adults") or 0,
            "children": data.get("children") or 0,
            "ages": data.get("children_ages") or [],
        }
        return result

    @classmethod
    def initial_for(cls, entry: WaitingListEntry) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(entry, name) for name in cls.base_fields if hasattr(entry, name)
        }
        composition = entry.composition or {}
        initial.update(
            adults=composition.get("adults"),
            children=composition.get("children"),
            children_ages=", ".join(str(a) for a in composition.get("ages", [])),
            languages_text=", ".join(entry.languages or []),
        )
        return initial


class ReserveForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    planned_check_out_on = forms.DateField(label=_("Planned check-out"), required=False, widget=DATE)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["unit"].label_from_instance = lambda unit: (  # type: ignore[attr-defined]
            _("%(unit)s (%(free)s free)")
            % {
                "unit": str(unit),
                "free": getattr(unit, "free", "?"),
            }
        )


class CheckInForm(forms.Form):
    on = forms.DateField(label=_("Checked in on"), widget=DATE)
    planned_check_out_on = forms.DateField(label=_("Planned check-out"), required=False, widget=DATE)


class CheckOutForm(forms.Form):
    on = forms.DateField(label=_("Checked out on"), widget=DATE)
    exit_destination = forms.ChoiceField(
        label=_("Exit destination"),
        choices=[c for c in ExitDestination.choices if c[0] != ExitDestination.MOVED],
    )


class AbsenceForm(forms.Form):
    from_on = forms.DateField(label=_("From"), widget=DATE)
    to_on = forms.DateField(label=_("To"), required=False, widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class MoveForm(forms.Form):
    to_unit = forms.ModelChoiceField(label=_("Move to"), queryset=Unit.objects.none())
    on = forms.DateField(label=_("On"), widget=DATE)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = units  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class PriorityRulesForm(forms.Form):
    points_per_waiting_day = forms.DecimalField(
        label=_("Points per day waiting"), min_value=0, max_digits=6, decimal_places=2
    )
    max_waiting_days = forms.IntegerField(
        label=_("Waiting days counted at most"), min_value=0, max_value=3650
    )
    points_per_child = forms.DecimalField(
        label=_("Points per child"), min_value=0, max_digits=6, decimal_places=2
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in Vulnerability.choices:
            self.fields[f"w_{code}"] = forms.IntegerField(label=label, min_value=0, max_value=1000, initial=0)

    def weights(self) -> dict[str, int]:
        return {code: int(self.cleaned_data[f"w_{code}"]) for code in Vulnerability.values}


class StatisticsForm(forms.Form):
    by = forms.ChoiceField(
        label=_("Per"),
        required=False,
        choices=[
            ("accommodation", _("Accommodation")),
            ("programme", _("Programme")),
            ("organisation", _("Organisation")),
        ],
    )
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


def programme_choices(organisation_ids: set[int]) -> Any:
    return Programme.objects.filter(organisation_id__in=organisation_ids, is_active=True)
