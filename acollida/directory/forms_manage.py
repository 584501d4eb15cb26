"""Forms of the directory editing screens."""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms
from django.db import models
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils.translation import gettext_lazy as _

from acollida.directory.models import (
    Address,
    Contact,
    CostOption,
    District,
    Language,
    Location,
    Organization,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceCapacity,
    ServiceStatus,
    TaxonomyTerm,
    TranslationStatus,
    Unit,
    Weekday,
    directory_languages,
)
from acollida.directory.selectors import SERVICE_SORTS


def _formfield(field: Any, **kwargs: Any) -> Any:
    """Model form fields, with web addresses typed without a scheme taken as https."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


def _language_choices() -> list[tuple[str, str]]:
    from django.conf import settings

    names = dict(settings.LANGUAGES)
    return [(code, str(names.get(code, code))) for code in directory_languages()]


class ServiceFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    organization = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organization.objects.none(), required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    stale = forms.BooleanField(label=_("Only services due for verification"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name (A–Z)")),
            ("-name", _("Name (Z–A)")),
            ("verified", _("Verified longest ago first")),
            ("-verified", _("Verified most recently first")),
            ("status", _("Status")),
            ("organization", _("Organisation")),
        ],
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organization = self.fields["organization"]
        assert isinstance(organization, forms.ModelChoiceField)
        organization.queryset = organizations
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [("", _("Any")), *ServiceStatus.choices]

    def value(self, name: str) -> Any:
        return self.cleaned_data.get(name) if self.is_valid() else None

    def sort_key(self) -> str:
        value = self.value("sort") or "name"
        return value if value in SERVICE_SORTS else "name"


class ServiceForm(forms.ModelForm[Service]):
    """The core fields, in the service's source language."""

    needs = forms.ModelMultipleChoiceField(
        label=_("Needs it answers"),
        queryset=TaxonomyTerm.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Newcomers browse the directory by need; choose every need this service answers."),
    )

    class Meta:
        model = Service
        formfield_callback = _formfield
        fields = [
            "organization",
            "source_language",
            "name",
            "alternate_name",
            "status",
            "description",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "application_process",
            "is_free",
            "fees_description",
            "interpretation_services",
            "wait_time",
            "url",
            "email",
            "alert",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "eligibility_description": forms.Textarea(attrs={"rows": 3}),
            "application_process": forms.Textarea(attrs={"rows": 3}),
            "fees_description": forms.Textarea(attrs={"rows": 2}),
            "interpretation_services": forms.Textarea(attrs={"rows": 2}),
            "alert": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "source_language": _("The language you write these texts in; the others are translations."),
            "alert": _("A short, temporary notice shown at the top of the service page."),
        }

    def __init__(self, *args: Any, organizations: Any, terms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organization = self.fields["organization"]
        assert isinstance(organization, forms.ModelChoiceField)
        organization.queryset = organizations
        organization.empty_label = None
        language = forms.ChoiceField(label=_("Written in"), choices=_language_choices())
        language.help_text = self.fields["source_language"].help_text
        self.fields["source_language"] = language
        needs = self.fields["needs"]
        assert isinstance(needs, forms.ModelMultipleChoiceField)
        needs.queryset = terms
        if self.instance.pk:
            needs.initial = list(self.instance.attributes.values_list("taxonomy_term_id", flat=True))


_TIME = forms.TimeInput(format="%H:%M", attrs={"type": "time"})


class WeeklyHoursForm(forms.Form):
    """Two opening periods per weekday (morning and afternoon), written as HSDS WEEKLY rows."""

    PERIODS = 2

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day, label in Weekday.choices:
            for period in range(1, self.PERIODS + 1):
                self.fields[f"{day}_{period}_opens"] = forms.TimeField(
                    label=_("%(day)s, period %(n)s: opens") % {"day": label, "n": period},
                    required=False,
                    widget=_TIME,
                )
                self.fields[f"{day}_{period}_closes"] = forms.TimeField(
                    label=_("%(day)s, period %(n)s: closes") % {"day": label, "n": period},
                    required=False,
                    widget=_TIME,
                )

    @classmethod
    def initial_from(cls, hours: dict[str, list[tuple[time, time]]]) -> dict[str, time]:
        initial: dict[str, time] = {}
        for day, periods in hours.items():
            for index, (opens, closes) in enumerate(periods[: cls.PERIODS], start=1):
                initial[f"{day}_{index}_opens"] = opens
                initial[f"{day}_{index}_closes"] = closes
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for day, _label in Weekday.choices:
            for period in range(1, self.PERIODS + 1):
                opens, closes = data.get(f"{day}_{period}_opens"), data.get(f"{day}_{period}_closes")
                if (opens is None) != (closes is None):
                    self.add_error(
                        f"{day}_{period}_closes" if closes is None else f"{day}_{period}_opens",
                        _("Give both the opening and the closing time, or neither."),
                    )
                elif opens is not None and closes is not None and closes <= opens:
                    self.add_error(
                        f"{day}_{period}_closes", _("The closing time must be after the opening time.")
                    )
        return data

    def hours(self) -> dict[str, list[tuple[time, time]]]:
        result: dict[str, list[tuple[time, time]]] = {}
        for day, _label in Weekday.choices:
            periods = []
            for period in range(1, self.PERIODS + 1):
                opens = self.cleaned_data.get(f"{day}_{period}_opens")
                closes = self.cleaned_data.get(f"{day}_{period}_closes")
                if opens is not None and closes is not None:
                    periods.append((opens, closes))
            result[day] = periods
        return result

    def rows(self) -> list[tuple[str, list[list[forms.BoundField]]]]:
        """Per weekday, its periods as (opens, closes) bound fields, for the table."""
        return [
            (
                str(label),
                [
                    [self[f"{day}_{period}_opens"], self[f"{day}_{period}_closes"]]
                    for period in range(1, self.PERIODS + 1)
                ],
            )
            for day, label in Weekday.choices
        ]


class LocationsForm(forms.Form):
    """Where the service is delivered: the organisation's places, and optionally a new one."""

    locations = forms.ModelMultipleChoiceField(
        label=_("Delivered at"),
        queryset=Location.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    name = forms.CharField(label=_("New place: name"), required=False, max_length=255)
    address_1 = forms.CharField(label=_("Street address"), required=False, max_length=255)
    postal_code = forms.CharField(label=_("Postcode"), required=False, max_length=12)
    city = forms.CharField(label=_("City"), required=False, max_length=100, initial="València")
    district = forms.ChoiceField(label=_("District"), required=False)
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    transportation = forms.CharField(
        label=_("How to get there"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    accessibility = forms.CharField(
        label=_("Accessibility"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Step-free entrance, lift, adapted toilet, hearing loop…"),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        locations = self.fields["locations"]
        assert isinstance(locations, forms.ModelMultipleChoiceField)
        locations.queryset = Location.objects.filter(organization=organization).prefetch_related("addresses")
        district = self.fields["district"]
        assert isinstance(district, forms.ChoiceField)
        district.choices = [("", _("Outside the city / none")), *District.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("name") or data.get("address_1"):
            for required in ("name", "address_1", "postal_code", "city"):
                if not data.get(required):
                    self.add_error(required, _("Needed to add a new place."))
        return data

    def wants_new_location(self) -> bool:
        return bool(self.cleaned_data.get("name"))


class PlaceForm(forms.ModelForm[Location]):
    """An existing place of the organisation, in the source language."""

    class Meta:
        model = Location
        formfield_callback = _formfield
        fields = [
            "name",
            "location_type",
            "district",
            "description",
            "transportation",
            "latitude",
            "longitude",
            "url",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "transportation": forms.Textarea(attrs={"rows": 2}),
        }


class AddressForm(forms.ModelForm[Address]):
    class Meta:
        model = Address
        fields = ["address_1", "address_2", "postal_code", "city"]


class TranslationStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("These translations are"),
        choices=[
            (TranslationStatus.DRAFT, _("A draft (to be checked by someone who reads the language well)")),
            (TranslationStatus.REVIEWED, _("Reviewed")),
        ],
        initial=TranslationStatus.DRAFT,
        widget=forms.RadioSelect,
    )


class MissingLanguageForm(forms.Form):
    lang = forms.ChoiceField(label=_("Language"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = self.fields["lang"]
        assert isinstance(lang, forms.ChoiceField)
        lang.choices = _language_choices()


# --- the service's other records, one formset per kind ----------------------------------------


class _CapacityForm(forms.ModelForm[ServiceCapacity]):
    class Meta:
        model = ServiceCapacity
        fields = ["unit", "available", "maximum", "description"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = Unit.objects.all()

    def save(self, commit: bool = True) -> ServiceCapacity:
        from django.utils import timezone

        self.instance.updated = timezone.now()
        return super().save(commit)


_TEXTAREA = forms.Textarea(attrs={"rows": 2})

# kind → (title, model, fields or form, widgets)
CHILD_KINDS: dict[str, tuple[Any, type[Any], Any, dict[str, Any]]] = {
    "languages": (_("Languages spoken"), Language, ["code", "name", "note"], {"note": _TEXTAREA}),
    "phones": (
        _("Phones"),
        Phone,
        ["number", "extension", "type", "description"],
        {"description": _TEXTAREA},
    ),
    "contacts": (_("Contacts"), Contact, ["name", "title", "department", "email"], {}),
    "documents": (_("Documents to bring"), RequiredDocument, ["document", "uri"], {"document": _TEXTAREA}),
    "costs": (
        _("Costs"),
        CostOption,
        ["option", "amount", "currency", "amount_description", "valid_from", "valid_to"],
        {"amount_description": _TEXTAREA, "option": _TEXTAREA},
    ),
    "capacity": (_("Capacity (places free)"), ServiceCapacity, _CapacityForm, {}),
    "schedules": (
        _("Exceptions and notes on opening hours"),
        Schedule,
        [
            "valid_from",
            "valid_to",
            "byday",
            "opens_at",
            "closes_at",
            "description",
            "notes",
            "attending_type",
        ],
        {"description": _TEXTAREA, "notes": _TEXTAREA, "opens_at": _TIME, "closes_at": _TIME},
    ),
}


def child_formset(kind: str, service: Service, data: Any = None) -> BaseModelFormSet[Any, Any]:
    """The formset editing the service's records of ``kind`` (with room for two more)."""
    _title, model, fields, widgets = CHILD_KINDS[kind]
    factory: Any
    if isinstance(fields, type):
        factory = modelformset_factory(
            model, form=fields, extra=2, can_delete=True, formfield_callback=_formfield
        )
    else:
        factory = modelformset_factory(
            model, fields=fields, widgets=widgets, extra=2, can_delete=True, formfield_callback=_formfield
        )
    queryset = model.objects.filter(service=service)
    formset = factory(data=data, queryset=queryset, prefix=kind)
    for form in formset.forms:
        form.instance.service = service
    return formset
