"""Forms of the council staff screens."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acollida.council.models import (
    Body,
    BodyStatus,
    CouncilOrganisation,
    MandateEndReason,
    MandateRole,
    Member,
    SeatCategoryCode,
)

SHARE = {"min_value": 0, "max_value": 1, "max_digits": 5, "decimal_places": 4, "required": False}


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = [
            "name",
            "purpose",
            "kind",
            "parent",
            "quorum_kind",
            "quorum_first_call",
            "quorum_second_call",
            "majority_rule",
            "term_years",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = Body.objects.filter(status=BodyStatus.ACTIVE)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]


class BodyCreateForm(BodyForm):
    slug = forms.SlugField(label=_("Short name in addresses"), max_length=80)

    class Meta(BodyForm.Meta):
        fields = ["slug", *BodyForm.Meta.fields]

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if Body.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Another body already has this short name."))
        return slug


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=Body.objects.none())
    on = forms.DateField(
        label=_("On"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = Body.objects.filter(status=BodyStatus.ACTIVE).exclude(pk=body.pk)  # type: ignore[attr-defined]


class DissolveForm(forms.Form):
    on = forms.DateField(
        label=_("On"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )


class CategoryForm(forms.Form):
    code = forms.ChoiceField(label=_("Category"), choices=SeatCategoryCode.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    has_vote = forms.BooleanField(label=_("Has a vote"), required=False, initial=True)
    target_share_min = forms.DecimalField(label=_("Target share, lowest (0 to 1)"), **SHARE)  # type: ignore[arg-type]
    target_share_max = forms.DecimalField(label=_("Target share, highest (0 to 1)"), **SHARE)  # type: ignore[arg-type]
    population_share = forms.DecimalField(
        label=_("Share of the population represented (0 to 1, optional)"),
        **SHARE,  # type: ignore[arg-type]
    )


class SeatsForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=Body.objects.none())
    count = forms.IntegerField(label=_("Number of seats"), min_value=1, max_value=200, initial=1)
    nominated_by = forms.ModelChoiceField(
        label=_("Nominating organisation"), queryset=CouncilOrganisation.objects.all(), required=False
    )
    label = forms.CharField(label=_("Label"), max_length=200, required=False)

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = body.categories.all()  # type: ignore[attr-defined]


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = CouncilOrganisation
        fields = ["name", "kind", "migrant_led", "organisation", "website"]


class MemberForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=settings.LANGUAGES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Member
        fields = ["name", "gender", "is_migrant", "organisation", "languages", "email", "public_consent"]
        widgets = {
            "is_migrant": forms.NullBooleanSelect,
        }


class DeclarationForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"), min_value=1990, max_value=2100, initial=lambda: timezone.localdate().year
    )
    text = forms.CharField(label=_("Declaration"), widget=forms.Textarea(attrs={"rows": 3}))
    funding_received = forms.BooleanField(label=_("Funding received from the city"), required=False)
    amount = forms.DecimalField(
        label=_("Amount (EUR)"), min_value=0, max_digits=12, decimal_places=2, required=False
    )


class MandateForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=MandateRole.choices)
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(
        label=_("Ends on"),
        required=False,
        help_text=_("Leave empty for the body's full term."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, members: QuerySet[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]


class MandateEndForm(forms.Form):
    on = forms.DateField(
        label=_("Last day"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=MandateEndReason.choices)


class DayForm(forms.Form):
    date = forms.DateField(label=_("On"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def day(self) -> dt.date:
        if self.is_valid() and self.cleaned_data.get("date"):
            day: dt.date = self.cleaned_data["date"]
            return day
        return timezone.localdate()
