from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from acollida.core.models import Organisation, OrganisationKind, Role


class LoginForm(AuthenticationForm):
    error_messages = {
        # Identical for a wrong password, an unknown user and a deactivated account.
        "invalid_login": _("The username or password is not correct."),
        "inactive": _("The username or password is not correct."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class OtpTokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True, "size": 10}
        ),
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).strip().replace(" ", "")


class InviteForm(forms.Form):
    username = forms.SlugField(label=_("Username"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What the token is for."))
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=settings.API_TOKEN_MAX_DAYS, initial=90
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The token can only act for the organisations you tick."),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations  # type: ignore[attr-defined]


class ProfileForm(forms.Form):
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)


class NetworkFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices]
    )


class StaffFilterForm(forms.Form):
    SORTS = [
        ("user__username", _("Username")),
        ("organisation__name", _("Organisation")),
        ("role", _("Role")),
        ("-created_at", _("Newest first")),
    ]
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices])
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Active")), ("inactive", _("Inactive")), ("all", _("All"))],
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)


class ReadLogFilterForm(forms.Form):
    user = forms.CharField(label=_("Who (username)"), required=False, max_length=150)
    record_type = forms.CharField(label=_("Record type"), required=False, max_length=60)
    record_id = forms.CharField(label=_("Record"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
