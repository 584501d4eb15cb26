"""Forms of the referral, consent and transfer screens: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from acollida.cases.forms import DateInput
from acollida.cases.models import Consent, Referral
from acollida.cases.selectors_referrals import DEFAULT_SORT
from acollida.cases.services_referrals import default_referral_end

TEXT_MAX = 2000


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class ConsentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(
            _("Given on %(date)s (%(method)s)")
            % {"date": obj.given_on.isoformat(), "method": obj.get_method_display()}
        )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.native_name or obj.pk)


class ReferralForm(forms.Form):
    to_organisation = OrganisationChoiceField(label=_("Refer to"), queryset=None)
    service = forms.CharField(label=_("Service"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    sections = forms.MultipleChoiceField(
        label=_("Parts of the case to share"),
        choices=Referral.Section.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    expires_on = forms.DateField(label=_("Shared until"), widget=DateInput())
    respond_by = forms.DateField(label=_("Answer expected by"), required=False, widget=DateInput())
    consent = ConsentChoiceField(
        label=_("The person's consent"),
        queryset=None,
        required=False,
        empty_label=_("No consent recorded"),
    )
    override_reason = forms.CharField(
        label=_("Reason to refer without consent"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only coordinators (and, on a protected case, its named staff) refer with a reason."),
    )

    def __init__(self, *args: Any, organisations: QuerySet, consents: list[Consent], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"expires_on": default_referral_end(), "sections": ["needs"]})
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["consent"].queryset = Consent.objects.filter(pk__in=[c.pk for c in consents])  # type: ignore[attr-defined]
        if consents:
            self.fields["consent"].initial = consents[0].pk


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the referral is declined"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label=_("How the service went"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConsentForm(forms.Form):
    person = PersonChoiceField(label=_("Given by"), queryset=None, required=False)
    purposes = forms.MultipleChoiceField(
        label=_("The person agreed to"), choices=Consent.Purpose.choices, widget=forms.CheckboxSelectMultiple
    )
    organisation = OrganisationChoiceField(
        label=_("With"),
        queryset=None,
        required=False,
        empty_label=_("Any organisation of the network"),
    )
    method = forms.ChoiceField(label=_("How"), choices=Consent.Method.choices)
    given_on = forms.DateField(label=_("Given on"), required=False, widget=DateInput())
    expires_on = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    note = forms.CharField(
        label=_("Note"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, organisations: QuerySet, members: QuerySet | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if members is None:
            del self.fields["person"]
        else:
            self.fields["person"].queryset = members  # type: ignore[attr-defined]
            self.fields["person"].required = True


class TransferForm(forms.Form):
    to_organisation = OrganisationChoiceField(label=_("Hand the case to"), queryset=None)
    reason = forms.CharField(label=_("Reason"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}))
    consent = ConsentChoiceField(
        label=_("The person's consent"),
        queryset=None,
        required=False,
        empty_label=_("No consent recorded"),
    )

    def __init__(self, *args: Any, organisations: QuerySet, consents: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["consent"].queryset = consents  # type: ignore[attr-defined]


class ReferralFilterForm(forms.Form):
    box = forms.ChoiceField(
        label=_("Referrals"),
        required=False,
        choices=[("received", _("Received")), ("sent", _("Sent"))],
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=())
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-sent", _("Newest first")),
            ("sent", _("Oldest first")),
            ("respond_by", _("Answer expected by")),
            ("expires", _("Shared until")),
            ("status", _("Status")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [("", _("Any")), *Referral.Status.choices]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "box": data.get("box") or "received",
            "status": data.get("status") or "",
            "overdue": bool(data.get("overdue")),
            "sort": data.get("sort") or DEFAULT_SORT,
        }
