"""Staff screens of the council secretary for the participatory plan processes: the processes of a
body, creating and editing one (title, dates), its sections with their translations (added, edited,
reordered), and opening or closing it to comments (closing asks for confirmation)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from acollida.core import policy
from acollida.core.policy import Perm
from acollida.core.views.common import paginate
from acollida.council import services_plan
from acollida.council.models import Body, PlanProcess, PlanProcessStatus, PlanSection


def _languages() -> list[tuple[str, str]]:
    return [(str(code), str(name)) for code, name in settings.LANGUAGES]


class _TranslatedForm(forms.Form):
    """Adds one optional ``<field>_<language>`` input per language for each translated field."""

    translated: tuple[tuple[str, bool], ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field, long in self.translated:
            for code, name in _languages():
                widget: forms.Widget = (
                    forms.Textarea(attrs={"rows": 4, "dir": "auto", "lang": code})
                    if long
                    else forms.TextInput(attrs={"dir": "auto", "lang": code})
                )
                label = self.fields[field].label
                self.fields[f"{field}_{code}"] = forms.CharField(
                    label=_("%(field)s (%(language)s)") % {"field": label, "language": name},
                    required=False,
                    widget=widget,
                )

    def translations(self, field: str) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"{field}_{code}", "") for code, _name in _languages()}

    @staticmethod
    def initial_translations(field: str, values: dict[str, str]) -> dict[str, str]:
        return {f"{field}_{code}": text for code, text in values.items()}


class ProcessForm(_TranslatedForm):
    title = forms.CharField(
        label=gettext_lazy("Title"), max_length=300, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    slug = forms.SlugField(label=gettext_lazy("Short name in addresses"), max_length=80)
    opens_on = forms.DateField(
        label=gettext_lazy("Opens on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label=gettext_lazy("Closes on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    translated = (("title", False),)


class SectionForm(_TranslatedForm):
    title = forms.CharField(
        label=gettext_lazy("Title"), max_length=300, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    text = forms.CharField(
        label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"})
    )
    translated = (("title", False), ("text", True))


def _bodies(request: HttpRequest) -> QuerySet[Body]:
    policy.require(request.user, Perm.MANAGE_COUNCIL)
    return policy.council_bodies_managed_by(request.user, Body.objects.all())


def _process(request: HttpRequest, pk: int) -> PlanProcess:
    return get_object_or_404(
        PlanProcess.objects.filter(body__in=_bodies(request)).select_related("body"), pk=pk
    )


def _section(request: HttpRequest, pk: int) -> PlanSection:
    qs = PlanSection.objects.filter(process__body__in=_bodies(request)).select_related("process__body")
    return get_object_or_404(qs, pk=pk)


def _errors_to_form(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item.messages[0])
    else:
        for message in error.messages:
            form.add_error(None, message)


@require_http_methods(["GET"])
def plan_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The plan processes of a body, newest first."""
    body = get_object_or_404(_bodies(request), slug=slug)
    page = paginate(request, PlanProcess.objects.filter(body=body).order_by("-opens_on", "-pk"))
    return render(request, "council/plan_list.html", {"body": body, "page": page})


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Create a plan process of the body."""
    body = get_object_or_404(_bodies(request), slug=slug)
    form = ProcessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            process = services_plan.plan_process_save(
                actor=request.user,
                body=body,
                slug=data["slug"],
                title=data["title"],
                title_i18n=form.translations("title"),
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The plan process is created."))
            return redirect("council_advice:plan_detail", pk=process.pk)
    return render(request, "council/plan_form.html", {"body": body, "form": form, "process": None})


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the title and dates of a plan process."""
    process = _process(request, pk)
    initial = {
        "title": process.title,
        "slug": process.slug,
        "opens_on": process.opens_on,
        "closes_on": process.closes_on,
        **ProcessForm.initial_translations("title", process.title_i18n),
    }
    form = ProcessForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services_plan.plan_process_save(
                actor=request.user,
                body=process.body,
                process=process,
                slug=data["slug"],
                title=data["title"],
                title_i18n=form.translations("title"),
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
            process.refresh_from_db()
        else:
            messages.success(request, _("The plan process is saved."))
            return redirect("council_advice:plan_detail", pk=process.pk)
    return render(request, "council/plan_form.html", {"body": process.body, "form": form, "process": process})


@require_http_methods(["GET"])
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A plan process and its sections, in order, with the actions to edit and reorder them."""
    process = _process(request, pk)
    sections = list(process.sections.order_by("order", "pk"))
    return render(
        request, "council/plan_detail.html", {"body": process.body, "process": process, "sections": sections}
    )


@require_http_methods(["GET", "POST"])
def plan_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the process to comments (POST), or close it: the GET page asks to confirm closing."""
    process = _process(request, pk)
    if request.method == "POST":
        status = request.POST.get("status", "")
        try:
            services_plan.plan_process_set_status(actor=request.user, process=process, status=status)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if status == PlanProcessStatus.OPEN:
                messages.success(request, _("The plan process is open to comments."))
            else:
                messages.success(request, _("The plan process is closed to comments."))
        return redirect("council_advice:plan_detail", pk=process.pk)
    return render(request, "council/plan_close.html", {"body": process.body, "process": process})


@require_http_methods(["GET", "POST"])
def section_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a section at the end of the plan."""
    process = _process(request, pk)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_plan.plan_section_save(
                actor=request.user,
                process=process,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                title_i18n=form.translations("title"),
                text_i18n=form.translations("text"),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The section is added."))
            return redirect("council_advice:plan_detail", pk=process.pk)
    return render(
        request,
        "council/plan_section_form.html",
        {"body": process.body, "process": process, "form": form, "section": None},
    )


@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a section and its translations."""
    section = _section(request, pk)
    process = section.process
    initial = {
        "title": section.title,
        "text": section.text,
        **SectionForm.initial_translations("title", section.title_i18n),
        **SectionForm.initial_translations("text", section.text_i18n),
    }
    form = SectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_plan.plan_section_save(
                actor=request.user,
                process=process,
                section=section,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                title_i18n=form.translations("title"),
                text_i18n=form.translations("text"),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
            section.refresh_from_db()
        else:
            messages.success(request, _("The section is saved."))
            return redirect("council_advice:plan_detail", pk=process.pk)
    return render(
        request,
        "council/plan_section_form.html",
        {"body": process.body, "process": process, "form": form, "section": section},
    )


@require_POST
def section_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a section one place up or down."""
    section = _section(request, pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Choose to move the section up or down."))
    else:
        services_plan.plan_section_move(actor=request.user, section=section, up=direction == "up")
    return redirect("council_advice:plan_detail", pk=section.process_id)
