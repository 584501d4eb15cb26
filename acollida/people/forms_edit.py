"""Forms to correct a person's record and to manage households after registration."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acollida.core.models import Organisation, User
from acollida.people.forms import PersonForm
from acollida.people.models import (
    DatePrecision,
    HouseholdMember,
    IdentityDocument,
    Person,
    PersonName,
    SpokenLanguage,
)
from acollida.people.reference import country_choices, language_choices, language_name

NOTE_HELP = _("Kept in the change log with the correction.")


def note_field() -> forms.CharField:
    return forms.CharField(
        label=_("Why is this being corrected? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=NOTE_HELP,
    )


def date_of_birth_text(person: Person) -> str:
    """The date as it was given: YYYY-MM-DD, YYYY-MM or YYYY."""
    dob = person.date_of_birth
    if dob is None:
        return ""
    if person.date_of_birth_precision in {DatePrecision.YEAR, DatePrecision.ESTIMATED}:
        return f"{dob.year:04d}"
    if person.date_of_birth_precision == DatePrecision.MONTH:
        return f"{dob.year:04d}-{dob.month:02d}"
    return dob.isoformat()


class PersonEditForm(PersonForm):
    """The registration form's own fields and checks, without what is corrected elsewhere
    (documents, nationalities, languages, other names, protection) or only asked at registration."""

    ELSEWHERE = (
        "organisation",
        "other_names",
        "nationality",
        "language",
        "needs_interpreter",
        "document_kind",
        "document_number",
        "document_country",
        "is_protected",
        "reason",
    )

    note = note_field()

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "given_name": person.given_name,
                "family_name": person.family_name,
                "native_name": person.native_name,
                "preferred_name": person.preferred_name,
                "sex": person.sex,
                "gender": person.gender,
                "date_of_birth": date_of_birth_text(person),
                "estimated": person.date_of_birth_precision == DatePrecision.ESTIMATED,
                "phone": person.phone,
                "email": person.email,
                "address": person.address,
                "district": person.district,
                "vulnerabilities": person.vulnerability_codes(),
            },
        )
        super().__init__(*args, organisations=Organisation.objects.none(), **kwargs)
        for name in self.ELSEWHERE:
            del self.fields[name]

    def person_fields(self) -> dict[str, Any]:
        """The cleaned data as ``services_edit.person_update`` takes it."""
        data = self.cleaned_data
        dob, precision = data["date_of_birth"]
        if data["estimated"]:
            precision = DatePrecision.ESTIMATED
        fields = {name: data[name] for name in ("given_name", "family_name", "native_name", "preferred_name",
                                                "sex", "gender", "phone", "email", "address", "district",
                                                "vulnerabilities")}  # fmt: skip
        fields["date_of_birth"] = dob
        fields["date_of_birth_precision"] = precision
        return fields


class ProtectionForm(forms.Form):
    is_protected = forms.BooleanField(
        label=_("Protected person"),
        required=False,
        help_text=_("Only the staff named below see this person; nobody else finds them in a search."),
    )
    staff = forms.ModelMultipleChoiceField(
        label=_("Named staff"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = note_field()

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = candidates  # type: ignore[attr-defined]


class OtherNameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=250, widget=forms.TextInput(attrs={"dir": "auto"}))
    kind = forms.ChoiceField(
        label=_("Kind"), choices=PersonName.Kind.choices, initial=PersonName.Kind.SPELLING
    )
    note = note_field()


class NationalityForm(forms.Form):
    country = forms.ChoiceField(label=_("Nationality"))
    note = note_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *country_choices()]  # type: ignore[attr-defined]


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))
    level = forms.ChoiceField(label=_("Level"), choices=SpokenLanguage.Level.choices)
    needs_interpreter = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    note = note_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = language_choices()
        current = (self.initial or {}).get("language")
        if current and current not in dict(choices):  # a code recorded through the API or an import
            choices.append((current, language_name(current)))
        self.fields["language"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=IdentityDocument.Kind.choices)
    number = forms.CharField(
        label=_("Document number"), max_length=40, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    issuing_country = forms.ChoiceField(label=_("Issued by"), required=False)
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "dir": "ltr"}, format="%Y-%m-%d"),
    )
    note = note_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuing_country"].choices = [("", "—"), *country_choices()]  # type: ignore[attr-defined]


class RemoveForm(forms.Form):
    note = note_field()


# --- Households -----------------------------------------------------------------------------------


def not_in_the_future(value: date) -> None:
    if value > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future."))


def _joined_on_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        initial=timezone.localdate,
        validators=[not_in_the_future],
        widget=forms.DateInput(attrs={"type": "date", "dir": "ltr"}, format="%Y-%m-%d"),
    )


class HouseholdStartForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the household"),
        max_length=150,
        help_text=_("Usually the family name of the household."),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    relationship = forms.ChoiceField(
        label=_("This person's place in it"),
        choices=HouseholdMember.Relationship.choices,
        initial=HouseholdMember.Relationship.HEAD,
    )
    joined_on = _joined_on_field(_("Living together since"))


class HouseholdJoinForm(forms.Form):
    person_id = forms.IntegerField(widget=forms.HiddenInput)
    relationship = forms.ChoiceField(
        label=_("Relationship to the household"), choices=HouseholdMember.Relationship.choices
    )
    joined_on = _joined_on_field(_("Joined on"))


class HouseholdLeaveForm(forms.Form):
    left_on = _joined_on_field(_("Left on"))
