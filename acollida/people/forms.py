from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acollida.core.models import Organisation
from acollida.people.linkage import PartialDate
from acollida.people.models import DatePrecision, IdentityDocument, Sex, Vulnerability
from acollida.people.reference import country_choices, language_choices, parse_phone


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, birth year, document or phone"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autofocus": True, "autocomplete": "off"}),
        help_text=_("Any spelling or script: Mohamed Hasan 1990, محمد, Олена Коваленко, X1234567B."),
    )


class PersonForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Held by"), queryset=Organisation.objects.none())
    given_name = forms.CharField(label=_("Given name(s)"), max_length=150, required=False)
    family_name = forms.CharField(label=_("Family name(s)"), max_length=150, required=False)
    native_name = forms.CharField(
        label=_("Name in own script"),
        max_length=200,
        required=False,
        help_text=_("For example محمد or Олена."),
    )
    preferred_name = forms.CharField(
        label=_("Name the person wants to be called"), max_length=150, required=False
    )
    other_names = forms.CharField(
        label=_("Other spellings or aliases"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    gender = forms.CharField(label=_("Gender (as the person describes it)"), max_length=100, required=False)
    date_of_birth = forms.CharField(
        label=_("Date of birth"),
        max_length=10,
        required=False,
        help_text=_("YYYY-MM-DD, or YYYY-MM, or just YYYY when only the year is known."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
    )
    estimated = forms.BooleanField(label=_("The year is an estimate"), required=False)
    nationality = forms.ChoiceField(label=_("Nationality"), required=False)
    language = forms.ChoiceField(label=_("Main language"), required=False)
    needs_interpreter = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "dir": "ltr"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address in the city"), max_length=250, required=False)
    district = forms.CharField(label=_("District"), max_length=100, required=False)
    document_kind = forms.ChoiceField(
        label=_("Identity document"),
        choices=[("", _("None")), *IdentityDocument.Kind.choices],
        required=False,
    )
    document_number = forms.CharField(
        label=_("Document number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    document_country = forms.ChoiceField(label=_("Issued by"), required=False)
    vulnerabilities = forms.MultipleChoiceField(
        label=_("Vulnerabilities"),
        choices=Vulnerability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Special-category data: stored encrypted and shown only to staff who may see it."),
    )
    is_protected = forms.BooleanField(
        label=_("Protected person"),
        required=False,
        help_text=_("Only you (and staff you name later) will see this person; nobody else finds them."),
    )
    reason = forms.CharField(
        label=_("Why is this a different person from the ones found?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()
        countries = [("", "—"), *country_choices()]
        self.fields["nationality"].choices = countries  # type: ignore[attr-defined]
        self.fields["document_country"].choices = countries  # type: ignore[attr-defined]
        self.fields["language"].choices = [("", "—"), *language_choices()]  # type: ignore[attr-defined]

    def clean_date_of_birth(self) -> tuple[date | None, str]:
        text = self.cleaned_data["date_of_birth"].strip()
        try:
            parsed = PartialDate.parse(text)
            if parsed is None:
                return None, DatePrecision.EXACT
            value = date(parsed.year, parsed.month or 1, parsed.day or 1)
        except ValueError:
            raise forms.ValidationError(
                _("Write the date as YYYY-MM-DD, YYYY-MM or YYYY (for example 1990-03-07 or 1990).")
            ) from None
        if value > date.today() or value.year < 1900:  # noqa: DTZ011 (a birth date, not a moment)
            raise forms.ValidationError(_("This date of birth is not possible."))
        precision = (
            DatePrecision.EXACT if parsed.day else DatePrecision.MONTH if parsed.month else DatePrecision.YEAR
        )
        return value, precision

    def clean_phone(self) -> str:
        text = self.cleaned_data["phone"].strip()
        if not text:
            return ""
        try:
            return parse_phone(text)
        except ValueError:
            raise forms.ValidationError(
                _("This phone number is not valid. Include the country code if it is not Spanish.")
            ) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("given_name") or data.get("family_name") or data.get("native_name")):
            self.add_error("family_name", _("Enter at least one name."))
        if data.get("document_kind") and not data.get("document_number"):
            self.add_error("document_number", _("Enter the document number."))
        if data.get("estimated") and data.get("date_of_birth", (None, ""))[1] != DatePrecision.YEAR:
            self.add_error("date_of_birth", _("An estimated date of birth is only a year."))
        return data


class AccessRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to see this record?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
