"""Forms of the pathway screens: they parse and check input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from acollida.cases.forms import DateInput
from acollida.cases.models import DeadlineAnchor, PathwayTemplate
from acollida.core.models import Organisation

MAX_DAYS = 36500  # a hundred years either way: more is a typing slip


class PathwayStartForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Pathway"), queryset=PathwayTemplate.objects.none())
    started_on = forms.DateField(label=_("Started on"), required=False, widget=DateInput())
    document_expires_on = forms.DateField(
        label=_("Document expires on"),
        required=False,
        widget=DateInput(),
        help_text=_("For card renewals and other steps timed from a document's expiry."),
    )

    def __init__(self, *args: Any, templates: QuerySet[PathwayTemplate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["template"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = templates.order_by("name", "pk")


class StepDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DateInput())
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExpiryForm(forms.Form):
    document_expires_on = forms.DateField(label=_("Document expires on"), required=False, widget=DateInput())


class DeadlineFilterForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Cases"),
        required=False,
        choices=[("mine", _("Cases I am responsible for")), ("all", _("All cases I may open"))],
    )
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[
            ("", _("Any date")),
            ("overdue", _("Overdue")),
            ("week", _("This week")),
            ("later", _("Later")),
        ],
    )
    template = forms.ModelChoiceField(
        label=_("Pathway"), required=False, queryset=PathwayTemplate.objects.none(), empty_label=_("Any")
    )

    def __init__(self, *args: Any, templates: QuerySet[PathwayTemplate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["template"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = templates.order_by("name", "pk")


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    legal_basis = forms.CharField(label=_("Legal basis"), required=False, max_length=300)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class TemplateCreateForm(TemplateForm):
    code = forms.SlugField(
        label=_("Code"), max_length=60, help_text=_("Short name in lowercase letters, digits and hyphens.")
    )
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())

    field_order = ["organisation", "code", "name", "description", "legal_basis", "is_active"]

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
        if organisations.count() == 1:
            field.initial = organisations.first()


class CopyForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Copy into"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
        field.initial = organisations.first()


class StepTemplateForm(forms.Form):
    name = forms.CharField(label=_("Step"), max_length=200)
    description = forms.CharField(
        label=_("What to do"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    required_documents = forms.CharField(
        label=_("Documents needed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    deadline_anchor = forms.ChoiceField(label=_("Deadline"), choices=DeadlineAnchor.choices)
    deadline_days = forms.IntegerField(
        label=_("Days"),
        initial=0,
        min_value=-MAX_DAYS,
        max_value=MAX_DAYS,
        help_text=_("Counted from the anchor; negative with a document's expiry means before it."),
    )
    remind_days_before = forms.IntegerField(
        label=_("Remind this many days before"), initial=7, min_value=0, max_value=365
    )
