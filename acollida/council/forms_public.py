"""The public comment form on a section of a plan (a comment or a proposed amendment).

It is protected like the directory's appointment request: a honeypot field people leave empty and
a signed time token (``acollida.directory.forms_public``), a rate limit per address and session.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from acollida.council.models import PlanCommentKind


def site_language_choices() -> list[tuple[str, str]]:
    return [(code, translation.get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


class PlanCommentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you want to send?"),
        choices=PlanCommentKind.choices,
        initial=PlanCommentKind.COMMENT,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Your comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        error_messages={"required": _("Write your comment.")},
    )
    proposed_text = forms.CharField(
        label=_("The text you propose instead (for an amendment)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )
    author_name = forms.CharField(
        label=_("Your name or your association's (shown with your comment)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "name"}),
    )
    language = forms.ChoiceField(label=_("Language of your comment"), choices=())
    # The honeypot: hidden from people by the stylesheet and from assistive technology.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["language"].choices = site_language_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("kind") == PlanCommentKind.AMENDMENT and not str(data.get("proposed_text", "")).strip():
            self.add_error("proposed_text", _("An amendment needs the text it proposes."))
        return data

    @property
    def is_spam(self) -> bool:
        """The honeypot was filled in: answer as if all went well and keep nothing."""
        return bool(str(self.data.get("website", "")).strip())
