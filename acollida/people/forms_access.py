"""Forms of the sharing screens: deciding an access request, filtering the list of requests."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from acollida.people.models import AccessGrant, AccessRequest
from acollida.people.selectors_access import INCOMING, OUTGOING


class GrantForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="grant")
    basis = forms.ChoiceField(label=_("Legal basis"), choices=AccessGrant.Basis.choices)
    basis_note = forms.CharField(
        label=_("How and when it was given"),
        help_text=_("For consent: who gave it, when and how (spoken, written, through an interpreter)."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    expires_on = forms.DateField(
        label=_("Until"),
        help_text=_("Access ends on this day. One year at most."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a valid date.")},
    )


class RefuseForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="refuse")
    reason = forms.CharField(
        label=_("Why is the request refused?"),
        help_text=_("The requester sees this reason."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RequestFilterForm(forms.Form):
    box = forms.ChoiceField(
        label=_("Requests"),
        required=False,
        choices=[(INCOMING, _("To decide")), (OUTGOING, _("Made by me"))],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *AccessRequest.Status.choices],
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("newest", _("Newest first")), ("oldest", _("Oldest first"))],
    )
