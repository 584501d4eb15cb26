"""Forms of the document screens: they parse input; the services check the file and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acollida.cases import documents
from acollida.cases.forms import DateInput
from acollida.cases.models import CaseDocument, DocumentTemplate, TimelineEntry
from acollida.cases.selectors_documents import DEFAULT_DOCUMENT_SORT
from acollida.core.models import Organisation

UPLOAD_KINDS = [
    (value, label) for value, label in CaseDocument.Kind.choices if value != CaseDocument.Kind.ISSUED
]

SPECIAL_CATEGORY_LABEL = _(
    "Special category (health, legal status, violence): only the holder's staff see it"
)


class DocumentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG, PNG or WebP. Stored encrypted."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp"}),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("For example: TIE card, both sides. Empty: the file's name."),
    )
    kind = forms.ChoiceField(label=_("Type"), choices=UPLOAD_KINDS)
    occurred_on = forms.DateField(label=_("Date of the document"), required=False, widget=DateInput())
    is_special_category = forms.BooleanField(label=SPECIAL_CATEGORY_LABEL, required=False)

    # The file goes last in the body: an upload stopped at the size limit keeps the fields before it.
    field_order = ["title", "kind", "occurred_on", "is_special_category", "file"]


class DocumentSortForm(forms.Form):
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        initial=DEFAULT_DOCUMENT_SORT,
        choices=[
            ("-date", _("Newest first")),
            ("date", _("Oldest first")),
            ("title", _("Title A–Z")),
            ("-title", _("Title Z–A")),
            ("type", _("Type")),
        ],
    )


class TemplateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_language_display()})"


class DocumentIssueForm(forms.Form):
    template = TemplateChoiceField(label=_("Document"), queryset=DocumentTemplate.objects.none())
    service_types = forms.MultipleChoiceField(
        label=_("Services to list"),
        required=False,
        choices=TimelineEntry.ServiceType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every service delivered."),
    )
    is_special_category = forms.BooleanField(label=SPECIAL_CATEGORY_LABEL, required=False)

    def __init__(self, *args: Any, templates: list[DocumentTemplate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["template"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = DocumentTemplate.objects.filter(pk__in=[t.pk for t in templates]).order_by(
            "name", "language", "pk"
        )


PLACEHOLDER_HELP = _(
    "Write the text as it should read. A line starting with # is a heading; an empty line starts a "
    "new paragraph. The placeholders you may use are listed beside the text."
)


class DocumentTemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 22, "dir": "auto"}),
        help_text=PLACEHOLDER_HELP,
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def clean_body(self) -> str:
        body = str(self.cleaned_data.get("body") or "")
        try:
            documents.check_body(body)
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.message_dict.get("body", exc.messages)) from exc
        return body


class DocumentTemplateCreateForm(DocumentTemplateForm):
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Short name without spaces, the same in both languages, e.g. attendance-certificate."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=DocumentTemplate.Language.choices)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())

    field_order = ["organisation", "code", "language", "name", "body", "is_active"]

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
        if organisations.count() == 1:
            field.initial = organisations.first()
