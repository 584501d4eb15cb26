"""Forms of the emergency screens; the quick form is ordered for the keyboard (wristband first)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acollida.core.models import Organisation
from acollida.emergency import services
from acollida.emergency.models import Operation, Sex, Site


class OperationForm(forms.ModelForm[Operation]):
    lead_organisations = forms.ModelMultipleChoiceField(
        label=_("Lead organisations"), queryset=Organisation.objects.filter(is_active=True)
    )
    expected_languages_text = forms.CharField(
        label=_("Languages expected"),
        required=False,
        help_text=_("ISO 639 codes separated by spaces or ;, e.g. ar fr ti"),
    )

    class Meta:
        model = Operation
        fields = ["name", "slug", "kind", "status", "starts_at", "ends_at", "expected_arrivals"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [
            choice for choice in Operation.Status.choices if choice[0] != Operation.Status.CLOSED
        ]
        if self.instance.pk:
            self.fields["lead_organisations"].initial = list(self.instance.lead_organisations.all())
            self.fields["expected_languages_text"].initial = " ".join(self.instance.expected_languages)

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data["slug"])
        if slug == "declare":
            raise forms.ValidationError(_("This short name is reserved. Choose another."))
        return slug

    def clean_expected_languages_text(self) -> list[str]:
        codes = split_codes(self.cleaned_data["expected_languages_text"])
        errors = services.validate_codes(codes, "")
        if errors:
            raise forms.ValidationError(errors["languages"])
        return codes


class SiteForm(forms.ModelForm[Site]):
    class Meta:
        model = Site
        fields = ["name", "kind", "address", "capacity"]


def split_codes(text: str) -> list[str]:
    return [code.strip().lower() for code in text.replace(";", " ").replace(",", " ").split() if code.strip()]


class ArrivalForm(forms.Form):
    """The quay's quick form. Field order is the tab order."""

    wristband = forms.CharField(
        label=_("Wristband"), max_length=40, widget=forms.TextInput(attrs={"autofocus": True, "dir": "ltr"})
    )
    name_as_said = forms.CharField(
        label=_("Name as said"), max_length=200, required=False, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    age_estimate = forms.IntegerField(label=_("Estimated age"), min_value=0, max_value=120, required=False)
    nationality = forms.CharField(
        label=_("Nationality"), max_length=2, required=False, help_text=_("ISO 3166, e.g. SY")
    )
    languages = forms.CharField(
        label=_("Languages"), max_length=100, required=False, help_text=_("ISO 639 codes, e.g. ar fr")
    )
    group_id = forms.CharField(label=_("Travel group"), max_length=40, required=False)
    unaccompanied_minor = forms.BooleanField(label=_("Unaccompanied minor"), required=False)
    pregnant = forms.BooleanField(label=_("Pregnant"), required=False)
    medical_urgent = forms.BooleanField(label=_("Medical urgency"), required=False)
    disability = forms.BooleanField(label=_("Disability"), required=False)
    trafficking = forms.BooleanField(label=_("Signs of trafficking"), required=False)
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none(), required=False)
    desk = forms.CharField(label=_("Desk"), max_length=40, required=False)

    def __init__(self, *args: Any, operation: Operation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site_field = self.fields["site"]
        assert isinstance(site_field, forms.ModelChoiceField)
        site_field.queryset = operation.sites.all()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["languages"] = split_codes(data.get("languages") or "")
        for name, message in services.validate_codes(
            data["languages"], data.get("nationality") or ""
        ).items():
            self.add_error(name, message)
        return data

    def arrival_data(self) -> services.ArrivalData:
        data = self.cleaned_data
        return services.ArrivalData(
            wristband=data["wristband"],
            name_as_said=data["name_as_said"],
            sex=data["sex"],
            age_estimate=data["age_estimate"],
            nationality=data["nationality"],
            languages=data["languages"],
            group_id=data["group_id"],
            unaccompanied_minor=data["unaccompanied_minor"],
            pregnant=data["pregnant"],
            medical_urgent=data["medical_urgent"],
            disability=data["disability"],
            trafficking_signs="yes" if data["trafficking"] else "",
            site=data["site"],
            desk=data["desk"],
        )


class TriageForm(ArrivalForm):
    notes = forms.CharField(label=_("Triage notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ManifestForm(forms.Form):
    file = forms.FileField(label=_("Manifest (CSV or XLSX)"))


class ConvertForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Held by"), queryset=Organisation.objects.none())
    reason = forms.CharField(
        label=_("Why is this a different person from the possible matches?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
        if organisations.count() == 1:
            field.initial = organisations.first()
