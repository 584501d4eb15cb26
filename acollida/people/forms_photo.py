"""The photo form: the image and the person's consent, which must be recorded before anything is kept."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from acollida.people.models import PersonPhoto


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        help_text=_(
            "A JPEG, PNG or WebP image, up to 5 MB. It is scaled down and its location data removed."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        error_messages={"required": _("Choose the photo to upload.")},
    )
    consent = forms.BooleanField(
        label=_("The person agrees that their photo is kept for this purpose"),
        error_messages={
            "required": _(
                "The photo can only be kept if the person agrees. Ask them first, and tick the box."
            )
        },
    )
    consent_method = forms.ChoiceField(
        label=_("How the person gave their consent"),
        choices=[("", _("— choose —")), *PersonPhoto.ConsentMethod.choices],
        error_messages={"required": _("Say how the person gave their consent.")},
    )
