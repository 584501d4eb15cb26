"""The public forms of the directory: search filters and the appointment request.

The request form is protected against spam without JavaScript or a third party: a hidden field
people leave empty (a honeypot) and a signed token saying when the form was handed out, so a form
sent back faster than a person can type it, or with a forged or stale token, is refused. A person
whose form is refused keeps everything they typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acollida.people.reference import language_choices, parse_phone

# The consent text shown with the form; a new wording gets a new version (kept with each request).
CONSENT_TEXT_VERSION = "2026-11"
FORM_TOKEN_SALT = "acollida.directory.appointment-request"
MIN_FILL_SECONDS = 3
MAX_FILL_SECONDS = 2 * 60 * 60


def form_token_new() -> str:
    """A signed token saying when an empty form was handed out."""
    return signing.dumps({"issued": timezone.now().timestamp()}, salt=FORM_TOKEN_SALT)


def form_token_age(token: str) -> float | None:
    """Seconds since the token was handed out; ``None`` when forged, garbled or too old."""
    try:
        payload = signing.loads(token, salt=FORM_TOKEN_SALT, max_age=MAX_FILL_SECONDS)
        issued = float(payload["issued"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return max(0.0, timezone.now().timestamp() - issued)


def clean_contact(value: str) -> str:
    """A phone number (international format) or an e-mail address."""
    value = value.strip()
    if "@" in value:
        validate_email(value)
        return value
    try:
        return parse_phone(value)
    except ValueError:
        raise ValidationError(
            _("Write a phone number (for example 612 345 678) or an e-mail address."), code="contact"
        ) from None


class AppointmentRequestForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name", "dir": "auto"}),
    )
    language = forms.ChoiceField(label=_("The language you speak best"))
    contact = forms.CharField(
        label=_("Phone or e-mail"),
        max_length=200,
        help_text=_("We use it only to give you the appointment."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "dir": "ltr", "inputmode": "text"}),
    )
    need = forms.CharField(
        label=_("What do you need help with?"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    preferred_times = forms.CharField(
        label=_("When can you come?"),
        max_length=200,
        required=False,
        help_text=_("For example: mornings, or Tuesday afternoon."),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    consent = forms.BooleanField(
        label=_("I agree that the CAI keeps these details to give me an appointment."),
        error_messages={"required": _("Please tick the box to agree, or we cannot contact you.")},
    )
    # The honeypot: hidden from people by the stylesheet and from assistive technology.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = language_choices()
        self.fields["language"].choices = [("", _("Choose a language")), *choices]  # type: ignore[attr-defined]

    def clean_contact(self) -> str:
        return clean_contact(self.cleaned_data["contact"])

    @property
    def is_spam(self) -> bool:
        """The honeypot was filled in: answer as if all went well and keep nothing."""
        return bool(self.data.get("website", "").strip())
