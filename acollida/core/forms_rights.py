"""Forms of the data-subject rights screens: finding a person, erasure, legal holds."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class RightsLookupForm(forms.Form):
    person = forms.IntegerField(
        label=_("Person number"),
        min_value=1,
        help_text=_("The number at the top of the person's page; the caseworker can tell you."),
    )


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("Grounds for the erasure"),
        max_length=300,
        help_text=_("For example: request received on 3 May. Do not write the person's name: it stays."),
    )
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."))


class LegalHoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the data must be kept"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: pending court case, subsidy audit. It is shown to whoever tries to erase."),
    )
    until = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty while the end is not known."),
    )
