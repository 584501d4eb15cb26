"""Volunteers and interpreters: the public self-registration form and the coordinators' registry.

The form is public (``@login_not_required``, reviewed in docs/security.md): it reuses the
directory's spam defences (a honeypot and a signed time token, ``directory.forms_public``) and
its rate limit per client address and session (``directory.services_public``). On any error the
form comes back with everything typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from acollida.core import audit, policy
from acollida.core.models import Organisation, User
from acollida.directory import services_public as limits
from acollida.directory.forms_public import MIN_FILL_SECONDS, form_token_age, form_token_new
from acollida.emergency import services_rota as services
from acollida.emergency.models import Volunteer

PAGE_SIZE = 25
CONSENT_TEXT_VERSION = "2026-11"


class VolunteerRegistrationForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Your name"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    email = forms.EmailField(label=gettext_lazy("E-mail"), widget=forms.EmailInput(attrs={"dir": "ltr"}))
    phone = forms.CharField(
        label=gettext_lazy("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("None, I volunteer on my own"),
    )
    languages = forms.CharField(
        label=gettext_lazy("Languages you speak, with your level"),
        help_text=gettext_lazy(
            "A code and a level (A1 to C2, or native) for each, for example: ar native, fr b2"
        ),
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    skills = forms.MultipleChoiceField(
        label=gettext_lazy("Skills"),
        choices=Volunteer.Skill.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.CharField(
        label=gettext_lazy("When you are available"),
        help_text=gettext_lazy(
            "One line for each time: start and end, for example 2018-06-17 06:00 2018-06-17 22:00"
        ),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr"}),
    )
    consent = forms.BooleanField(
        label=gettext_lazy(
            "I agree that the coordinators keep these details to organise volunteers and interpreters."
        ),
        error_messages={"required": gettext_lazy("Please tick the box to agree, or we cannot call on you.")},
    )
    # The honeypot: hidden from people by the stylesheet and from assistive technology.
    website = forms.CharField(
        label=gettext_lazy("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def clean_languages(self) -> list[dict[str, str]]:
        languages = services.parse_languages(self.cleaned_data["languages"])
        if not languages:
            raise ValidationError(_("Write at least one language."))
        return languages

    def clean_availability(self) -> list[list[str]]:
        return services.parse_windows(self.cleaned_data["availability"])


def _public(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    from acollida.directory.views_public import _languages

    return render(request, template, {**context, "site_languages": _languages(request)}, status=status)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def volunteer_register(request: HttpRequest) -> HttpResponse:
    """Offer to help as a volunteer or interpreter; a coordinator approves the application."""
    context: dict[str, Any] = {"consent_version": CONSENT_TEXT_VERSION}
    if request.method != "POST":
        form = VolunteerRegistrationForm()
        return _public(
            request,
            "emergency/volunteer_register.html",
            {**context, "form": form, "form_token": form_token_new()},
        )
    form = VolunteerRegistrationForm(request.POST)
    address = limits.client_address(request.META)
    session_key = request.session.session_key or ""
    if limits.request_limit_reached(address=address, session_key=session_key):
        form.is_valid()
        context["limited"] = True
        return _public(
            request,
            "emergency/volunteer_register.html",
            {**context, "form": form, "form_token": form_token_new()},
            429,
        )
    if form.is_spam:
        return redirect("emergency:volunteer_registered")
    if form.is_valid():
        age = form_token_age(request.POST.get("form_token", ""))
        if age is None:
            form.add_error(
                None, _("This form was open for too long. Please check your details and send it again.")
            )
        elif age < MIN_FILL_SECONDS:
            form.add_error(None, _("That was very quick. Please check your details and send the form again."))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.volunteer_self_register(
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                organisation=data["organisation"],
                languages=data["languages"],
                skills=list(data["skills"]),
                windows=data["availability"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            if not request.session.session_key:
                request.session.save()
            limits.request_counted(address=address, session_key=request.session.session_key or "")
            return redirect("emergency:volunteer_registered")
    return _public(
        request,
        "emergency/volunteer_register.html",
        {**context, "form": form, "form_token": form_token_new()},
    )


@login_not_required
@require_GET
def volunteer_registered(request: HttpRequest) -> HttpResponse:
    return _public(request, "emergency/volunteer_registered.html", {})


# --- the coordinators' registry -------------------------------------------------------------------

SORTS = {
    "name": gettext_lazy("Name (A–Z)"),
    "-name": gettext_lazy("Name (Z–A)"),
    "-created": gettext_lazy("Newest first"),
    "created": gettext_lazy("Oldest first"),
}


def _coordinator(request: HttpRequest) -> User:
    if not services.may_manage_volunteers(request.user):
        raise PermissionDenied
    return request.user  # type: ignore[return-value]


def _log(request: HttpRequest, volunteers: list[Volunteer], purpose: str) -> None:
    audit.read_records(
        request,
        user=request.user,
        record_type="volunteer",
        records=[(v.pk, v.organisation_id) for v in volunteers],
        purpose=purpose,
        perm=policy.Perm.COORDINATE,
    )


@require_GET
def volunteers(request: HttpRequest) -> HttpResponse:
    _coordinator(request)
    filters = {
        key: request.GET.get(key, "").strip()[:40]
        for key in ("language", "level", "skill", "check", "status")
    }
    sort = request.GET.get("sort", "name")
    if sort not in SORTS:
        sort = "name"
    rows = services.volunteers_filtered(**filters, order=sort)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    _log(request, items, _("volunteer registry"))
    for item in items:
        item.languages_display = services.languages_text(item.languages)
    return render(
        request,
        "emergency/volunteers.html",
        {
            "page": page,
            "items": items,
            "filters": filters,
            "sort": sort,
            "sorts": SORTS.items(),
            "levels": services.LEVELS,
            "skills": Volunteer.Skill.choices,
            "checks": Volunteer.BackgroundCheck.choices,
            "statuses": Volunteer.Status.choices,
            "query": urlencode({**{k: v for k, v in filters.items() if v}, "sort": sort}),
        },
    )


class VolunteerEditForm(forms.Form):
    languages = forms.CharField(
        label=gettext_lazy("Languages and levels"),
        help_text=gettext_lazy("For example: ar native, fr b2"),
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    skills = forms.MultipleChoiceField(
        label=gettext_lazy("Skills"),
        choices=Volunteer.Skill.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.CharField(
        label=gettext_lazy("Availability"),
        help_text=gettext_lazy(
            "One line for each time: start and end, for example 2018-06-17 06:00 2018-06-17 22:00"
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "ltr"}),
    )
    background_check = forms.ChoiceField(
        label=gettext_lazy("Background check"), choices=Volunteer.BackgroundCheck.choices
    )

    def clean_languages(self) -> list[dict[str, str]]:
        return services.parse_languages(self.cleaned_data["languages"])

    def clean_availability(self) -> list[list[str]]:
        return services.parse_windows(self.cleaned_data["availability"])


@require_http_methods(["GET", "POST"])
def volunteer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _coordinator(request)
    volunteer = get_object_or_404(Volunteer.objects.select_related("organisation"), pk=pk)
    _log(request, [volunteer], _("volunteer record"))
    if request.method == "POST":
        form = VolunteerEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.volunteer_update(
                    actor=actor,
                    volunteer=volunteer,
                    languages=data["languages"],
                    skills=list(data["skills"]),
                    windows=data["availability"],
                    background_check=data["background_check"],
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                return redirect("emergency:volunteer_edit", pk=volunteer.pk)
    else:
        form = VolunteerEditForm(
            initial={
                "languages": services.languages_text(volunteer.languages),
                "skills": volunteer.skills,
                "availability": services.windows_text(volunteer),
                "background_check": volunteer.background_check,
            }
        )
    return render(request, "emergency/volunteer_edit.html", {"volunteer": volunteer, "form": form})


@require_http_methods(["GET", "POST"])
def volunteer_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    """Approve or reject: a confirmation page, then a POST."""
    actor = _coordinator(request)
    volunteer = get_object_or_404(Volunteer, pk=pk)
    if decision not in ("approve", "reject"):
        return redirect("emergency:volunteer_edit", pk=volunteer.pk)
    if request.method == "POST":
        services.volunteer_decide(actor=actor, volunteer=volunteer, approve=decision == "approve")
        return redirect("emergency:volunteers")
    _log(request, [volunteer], _("volunteer decision"))
    return render(request, "emergency/volunteer_decide.html", {"volunteer": volunteer, "decision": decision})
