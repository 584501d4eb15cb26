"""Forms of the placement optimizer's screens."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from acollida.housing.selectors_optimizer import RUN_SORTS
from acollida.housing.services_optimizer import MAX_TIME_LIMIT


class RunForm(forms.Form):
    time_limit = forms.IntegerField(
        label=_("Time limit (seconds)"),
        min_value=1,
        max_value=int(MAX_TIME_LIMIT),
        required=False,
        help_text=_("The best plan found by then is shown, with how far from the best possible it may be."),
    )
    previous = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("lock", _("Lock")), ("unlock", _("Unlock")), ("reject", _("Reject"))],
    )


class RunSortForm(forms.Form):
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-created_at", _("Newest first")),
            ("created_at", _("Oldest first")),
            ("-accepted", _("Most accepted")),
        ],
    )

    def clean_sort(self) -> str:
        value = self.cleaned_data.get("sort") or "-created_at"
        return value if value in RUN_SORTS else "-created_at"
