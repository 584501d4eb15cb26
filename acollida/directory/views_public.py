"""The public directory: pages a newcomer opens without an account, on any phone, with or without
JavaScript. Every view here is on the public list (``@login_not_required``, DESIGN.md rule 1).

Nothing personal is shown. The appointment request is the one page that takes personal data: it is
rate-limited per client address and per session, refuses spam (a honeypot and a signed time
token), and on any error shows the form again with everything the person typed.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from acollida.directory import selectors_public as selectors
from acollida.directory import services_public as services
from acollida.directory.forms_public import (
    CONSENT_TEXT_VERSION,
    MIN_FILL_SECONDS,
    AppointmentRequestForm,
    form_token_age,
    form_token_new,
)
from acollida.directory.models import Attribute, ServiceStatus

PAGE_SIZE = 20
# Kept up to date by hand: the emergency numbers of Spain and the helplines a newcomer may need.
EMERGENCY_NUMBERS = (
    (
        "112",
        gettext_lazy("Emergencies: ambulance, fire brigade, police. Free, in many languages, day and night."),
    ),
    ("091", gettext_lazy("National Police")),
    ("092", gettext_lazy("Local Police of València")),
    (
        "016",
        gettext_lazy(
            "Gender violence: advice for women, free, in many languages; "
            "it does not appear on the phone bill."
        ),
    ),
    ("024", gettext_lazy("Suicidal thoughts or a crisis: someone listens, day and night.")),
    ("900 20 20 10", gettext_lazy("Children and teenagers at risk (ANAR Foundation), free.")),
)


def _languages(request: HttpRequest) -> list[dict[str, Any]]:
    """The same page in every language of the site, as plain links (no form, no JavaScript)."""
    path = request.get_full_path()
    return [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "url": translate_url(path, code),
            "current": code == translation.get_language(),
        }
        for code, _name in settings.LANGUAGES
    ]


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    context = {**context, "site_languages": _languages(request)}
    return render(request, f"directory/public/{template}", context, status=status)


def _lang() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Browse by need, with the search box at the top."""
    return _render(request, "home.html", {"needs": selectors.needs(_lang())})


class SearchForm(forms.Form):
    """The search and its filters; a value that is not one of the choices is simply ignored."""

    q = forms.CharField(label=gettext_lazy("What are you looking for?"), required=False, max_length=200)
    need = forms.ChoiceField(label=gettext_lazy("Need"), required=False)
    district = forms.ChoiceField(label=gettext_lazy("District"), required=False)
    spoken = forms.ChoiceField(label=gettext_lazy("Language spoken"), required=False)
    open = forms.ChoiceField(
        label=gettext_lazy("Open"),
        required=False,
        choices=[
            ("", gettext_lazy("Any time")),
            ("now", gettext_lazy("Open now")),
            ("today", gettext_lazy("Open today")),
        ],
    )
    free = forms.BooleanField(label=gettext_lazy("Free of charge only"), required=False)
    sort = forms.ChoiceField(
        label=gettext_lazy("Order"),
        required=False,
        choices=[("relevance", gettext_lazy("Best match")), ("name", gettext_lazy("Name"))],
    )

    def __init__(self, *args: Any, lang: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = lang or _lang()
        any_choice = ("", _("Any"))
        self.fields["need"].choices = [  # type: ignore[attr-defined]
            any_choice,
            *[(need.code, need.name.text) for need in selectors.needs(lang)],
        ]
        self.fields["district"].choices = [any_choice, *selectors.district_choices()]  # type: ignore[attr-defined]
        self.fields["spoken"].choices = [any_choice, *selectors.spoken_language_choices()]  # type: ignore[attr-defined]

    def filters(self) -> selectors.SearchFilters:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.SearchFilters(
            query=data.get("q", ""),
            need=data.get("need", ""),
            district=data.get("district", ""),
            spoken=data.get("spoken", ""),
            free=bool(data.get("free")),
            open=data.get("open", ""),
            sort=data.get("sort") or "relevance",
        )


@login_not_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Search results with filters and pagination; every filter is a plain GET parameter."""
    lang = _lang()
    form = SearchForm(request.GET, lang=lang)
    filters = form.filters()
    now = timezone.now()
    results = selectors.search_results(filters=filters, lang=lang, now=now)
    if isinstance(results, selectors.SearchResults):
        number = request.GET.get("page", "1")
        start = (int(number) - 1) * PAGE_SIZE if number.isdigit() and int(number) > 0 else 0
        results.read_page(start, start + PAGE_SIZE)  # the count and the page in one statement
    paginator = Paginator(results, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    cards = selectors.service_cards(list(page.object_list), lang=lang, now=now)
    return _render(
        request,
        "search.html",
        {"form": form, "filters": filters, "page": page, "cards": cards, "count": paginator.count},
    )


def _service_context(service_id: UUID) -> dict[str, Any]:
    service = selectors.service_public_get(service_id)
    page = selectors.service_page(service, lang=_lang(), now=timezone.now())
    return {
        "page": page,
        "service": service,
        "can_request": services.entry_point_office() is not None,
        "is_temporarily_closed": service.status == ServiceStatus.TEMPORARILY_CLOSED,
    }


@login_not_required
@require_GET
def service(request: HttpRequest, service_id: UUID) -> HttpResponse:
    return _render(request, "service.html", _service_context(service_id))


@login_not_required
@require_GET
def service_sheet(request: HttpRequest, service_id: UUID) -> HttpResponse:
    """The service on one printable page."""
    return _render(request, "sheet.html", _service_context(service_id))


def _client_address(request: HttpRequest) -> str:
    return services.client_address(request.META)


def _need_codes(service_id: UUID) -> list[str]:
    return list(
        Attribute.objects.filter(service_id=service_id)
        .exclude(taxonomy_term__code="")
        .values_list("taxonomy_term__code", flat=True)
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def appointment_request(request: HttpRequest, service_id: UUID) -> HttpResponse:
    """Request an appointment at the entry point about a service; nothing typed is lost on an error."""
    service = selectors.service_public_get(service_id)
    office = services.entry_point_office()
    if office is None:
        raise Http404
    lang = _lang()
    context: dict[str, Any] = {
        "service": service,
        "service_name": selectors.text(service, "name", lang),
        "office": office,
        "consent_version": CONSENT_TEXT_VERSION,
    }
    if request.method != "POST":
        form = AppointmentRequestForm(initial={"language": lang})
        return _render(request, "request.html", {**context, "form": form, "form_token": form_token_new()})

    form = AppointmentRequestForm(request.POST)
    address = _client_address(request)
    session_key = request.session.session_key or ""
    if services.request_limit_reached(address=address, session_key=session_key):
        form.is_valid()
        context["limited"] = True
        return _render(
            request, "request.html", {**context, "form": form, "form_token": form_token_new()}, status=429
        )
    if form.is_spam:
        return redirect("directory:request_sent", service_id=service.pk)
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
            services.appointment_request_create(
                office=office,
                directory_service=service.pk,
                service_type=services.service_type_for(_need_codes(service.pk)),
                name=data["name"],
                language=data["language"],
                contact=data["contact"],
                need=data["need"],
                preferred_times=data["preferred_times"],
                consent_text_version=CONSENT_TEXT_VERSION,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            if not request.session.session_key:
                request.session.save()
            services.request_counted(address=address, session_key=request.session.session_key or "")
            return redirect("directory:request_sent", service_id=service.pk)
    # Shown again with everything typed, and a new time token for the next attempt.
    return _render(request, "request.html", {**context, "form": form, "form_token": form_token_new()})


@login_not_required
@require_GET
def request_sent(request: HttpRequest, service_id: UUID) -> HttpResponse:
    service = selectors.service_public_get(service_id)
    return _render(
        request,
        "request_sent.html",
        {"service": service, "service_name": selectors.text(service, "name", _lang())},
    )


@login_not_required
@require_GET
def emergency(request: HttpRequest) -> HttpResponse:
    """Emergency numbers, kept by the offline cache from the first visit."""
    return _render(request, "emergency.html", {"numbers": EMERGENCY_NUMBERS})


@login_not_required
@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """Shown by the service worker when a page is not in the cache and there is no connection."""
    return _render(request, "offline.html", {})


@login_not_required
@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest, in the page's language."""
    body = render_to_string("directory/public/manifest.webmanifest", {"start_url": reverse("directory:home")})
    return HttpResponse(body, content_type="application/manifest+json")


@login_not_required
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served under the directory so its scope is the directory and nothing else
    (staff pages are never cached)."""
    context = {
        "scope": reverse("directory:home"),
        "precache": [
            reverse("directory:offline"),
            reverse("directory:emergency"),
            reverse("directory:home"),
            static("directory/public.css"),
        ],
        "offline": reverse("directory:offline"),
    }
    body = render_to_string("directory/public/sw.js", context)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
