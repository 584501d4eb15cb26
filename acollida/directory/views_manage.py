"""Directory editing: the staff of each organisation keep their own services up to date.

Every view reads through ``selectors.managed_*`` (the policy's ``directory_*_managed_by``), so a
service of another organisation is a 404 and a member of staff without MANAGE_DIRECTORY a 403.
No personal data is shown here, so there is nothing for the read log.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from acollida.core import policy
from acollida.core.policy import Perm
from acollida.core.views.common import paginate, query_without_page
from acollida.directory import selectors, services_manage
from acollida.directory.forms_manage import (
    CHILD_KINDS,
    AddressForm,
    LocationsForm,
    MissingLanguageForm,
    PlaceForm,
    ServiceFilterForm,
    ServiceForm,
    TranslationStatusForm,
    WeeklyHoursForm,
    child_formset,
)
from acollida.directory.guide import guide_for
from acollida.directory.models import (
    Service,
    Translatable,
    TranslationStatus,
    directory_languages,
)
from acollida.directory.services import missing_fields, service_translatables, text_for

NAV = {"nav_section": "directory"}


def _require(request: HttpRequest) -> None:
    policy.require(request.user, Perm.MANAGE_DIRECTORY)


def _context(service: Service | None = None, **extra: Any) -> dict[str, Any]:
    context: dict[str, Any] = {**NAV, **extra}
    if service is not None:
        context["service"] = service
        context["stale"] = selectors.is_stale(service)
        context["child_kinds"] = [(kind, title) for kind, (title, *_rest) in CHILD_KINDS.items()]
    return context


def services(request: HttpRequest) -> HttpResponse:
    """My organisation's services: filter, sort, and the ones due for verification flagged."""
    _require(request)
    form = ServiceFilterForm(request.GET or None, organizations=selectors.managed_organizations(request.user))
    rows = selectors.managed_services(
        request.user,
        status=form.value("status") or "",
        stale=bool(form.value("stale")),
        organization_id=organization.pk if (organization := form.value("organization")) else None,
        query=form.value("q") or "",
        sort=form.sort_key(),
    )
    page = paginate(request, rows)
    cutoff = selectors.stale_cutoff()
    for service in page.object_list:
        service.is_stale = selectors.is_stale(service, cutoff)
    has_organizations = selectors.managed_organizations(request.user).exists()
    return render(
        request,
        "directory/manage/services.html",
        _context(
            form=form,
            page=page,
            query=query_without_page(request),
            stale_days=selectors.stale_days(),
            has_organizations=has_organizations,
        ),
    )


def _service_form(request: HttpRequest, service: Service) -> ServiceForm:
    return ServiceForm(
        request.POST or None,
        instance=service,
        organizations=selectors.managed_organizations(request.user),
        terms=selectors.needs_terms(),
    )


def _save_service(request: HttpRequest, form: ServiceForm) -> Service | None:
    try:
        return services_manage.service_save(service=form.save(commit=False), terms=form.cleaned_data["needs"])
    except ValidationError as error:
        form.add_error(None, error)
        return None


@require_http_methods(["GET", "POST"])
def service_create(request: HttpRequest) -> HttpResponse:
    _require(request)
    organizations = selectors.managed_organizations(request.user)
    if not organizations.exists():
        return render(request, "directory/manage/service_form.html", _context(form=None, creating=True))
    language = get_language() or "ca"
    initial_language = language if language in directory_languages() else directory_languages()[0]
    form = _service_form(request, Service(source_language=initial_language))
    if request.method == "POST" and form.is_valid():
        service = _save_service(request, form)
        if service is not None:
            messages.success(request, _("The service is saved. Now add where and when it is open."))
            return redirect("directory_manage:service_edit", service_id=service.pk)
    return render(request, "directory/manage/service_form.html", _context(form=form, creating=True))


@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, service_id: UUID) -> HttpResponse:
    _require(request)
    service = selectors.managed_service(request.user, service_id)
    form = _service_form(request, service)
    if request.method == "POST" and form.is_valid() and _save_service(request, form) is not None:
        messages.success(request, _("The service is saved."))
        return redirect("directory_manage:service_edit", service_id=service.pk)
    return render(request, "directory/manage/service_form.html", _context(service, form=form, creating=False))


@require_http_methods(["GET", "POST"])
def service_verify(request: HttpRequest, service_id: UUID) -> HttpResponse:
    """Confirm that everything on the service page is still true today."""
    _require(request)
    service = selectors.managed_service(request.user, service_id)
    if request.method == "POST":
        services_manage.service_verify(service=service, email=getattr(request.user, "email", ""))
        messages.success(request, _("Marked as verified today."))
        return redirect("directory_manage:service_edit", service_id=service.pk)
    return render(
        request, "directory/manage/service_verify.html", _context(service, today=timezone.localdate())
    )


@require_http_methods(["GET", "POST"])
def service_hours(request: HttpRequest, service_id: UUID) -> HttpResponse:
    """The weekly opening hours, as a table of days and periods."""
    _require(request)
    service = selectors.managed_service(request.user, service_id)
    initial = WeeklyHoursForm.initial_from(services_manage.weekly_hours_of(service))
    form = WeeklyHoursForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_manage.weekly_hours_save(service=service, hours=form.hours())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The opening hours are saved."))
            return redirect("directory_manage:service_hours", service_id=service.pk)
    return render(request, "directory/manage/service_hours.html", _context(service, form=form))


@require_http_methods(["GET", "POST"])
def service_locations(request: HttpRequest, service_id: UUID) -> HttpResponse:
    """Where the service is delivered; a new place of the organisation can be added here."""
    _require(request)
    service = selectors.managed_service(request.user, service_id)
    initial = {"locations": list(service.service_at_locations.values_list("location_id", flat=True))}
    form = LocationsForm(request.POST or None, initial=initial, organization=service.organization)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["locations"])
        try:
            if form.wants_new_location():
                data = form.cleaned_data
                chosen.append(
                    services_manage.location_create(
                        organization=service.organization,
                        source_language=service.source_language,
                        location={
                            "name": data["name"],
                            "district": data["district"],
                            "latitude": data["latitude"],
                            "longitude": data["longitude"],
                            "transportation": data["transportation"],
                        },
                        address={
                            "address_1": data["address_1"],
                            "postal_code": data["postal_code"],
                            "city": data["city"],
                        },
                        accessibility=data["accessibility"],
                    )
                )
            services_manage.service_locations_set(service=service, locations=chosen)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The places are saved."))
            return redirect("directory_manage:service_locations", service_id=service.pk)
    return render(request, "directory/manage/service_locations.html", _context(service, form=form))


@require_http_methods(["GET", "POST"])
def place_edit(request: HttpRequest, service_id: UUID, location_id: UUID) -> HttpResponse:
    """Correct a place of the organisation (name, district, address, how to get there)."""
    _require(request)
    service = selectors.managed_service(request.user, service_id)
    location = selectors.managed_location(request.user, service.organization, location_id)
    address = location.addresses.first()
    form = PlaceForm(request.POST or None, instance=location, prefix="place")
    address_form = AddressForm(request.POST or None, instance=address, prefix="address")
    if request.method == "POST" and form.is_valid() and address_form.is_valid():
        try:
            services_manage.location_update(
                location=form.save(commit=False), address=address_form.save(commit=False)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The place is saved."))
            return redirect("directory_manage:service_locations", service_id=service.pk)
    return render(
        request,
        "directory/manage/place_form.html",
        _context(service, form=form, address_form=address_form, location=location),
    )


@require_http_methods(["GET", "POST"])
def service_details(request: HttpRequest, service_id: UUID, kind: str) -> HttpResponse:
    """One kind of the service's records (languages, phones, documents…) as an editable table."""
    _require(request)
    service = selectors.managed_service(request.user, service_id)
    if kind not in CHILD_KINDS:
        raise Http404
    formset = child_formset(kind, service, request.POST or None)
    if request.method == "POST" and formset.is_valid():
        try:
            services_manage.service_children_saved(service=service, formset=formset)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved."))
            return redirect("directory_manage:service_details", service_id=service.pk, kind=kind)
    return render(
        request,
        "directory/manage/service_details.html",
        _context(service, formset=formset, kind=kind, kind_title=CHILD_KINDS[kind][0]),
    )


def service_translations(request: HttpRequest, service_id: UUID) -> HttpResponse:
    """The translation status of one service, language by language."""
    _require(request)
    service = selectors.managed_service(request.user, service_id)
    return render(
        request,
        "directory/manage/service_translations.html",
        _context(service, overview=selectors.translation_overview(service)),
    )


def _field_label(record: Translatable, field: str) -> str:
    return str(getattr(record._meta.get_field(field), "verbose_name", field))


def _translation_rows(service: Service, lang: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for index, record in enumerate(service_translatables(service)):
        missing = set(missing_fields(record, lang))
        for field in record.TRANSLATABLE_FIELDS:
            source = str(getattr(record, field) or "")
            if not source:
                continue
            current = "" if field in missing else text_for(record, field, lang)[0]
            rows.append(
                {
                    "name": f"t{index}-{field}",
                    "record": record,
                    "field": field,
                    "label": f"{record._meta.verbose_name}: {_field_label(record, field)}",
                    "source": source,
                    "value": current,
                    "long": len(source) > 80,
                }
            )
    return rows


@require_http_methods(["GET", "POST"])
def service_translate(request: HttpRequest, service_id: UUID, lang: str) -> HttpResponse:
    """One language of a service, side by side with the source text."""
    _require(request)
    service = selectors.managed_service(request.user, service_id)
    if lang not in directory_languages():
        raise Http404
    if lang == service.source_language:
        messages.info(
            request, _("This is the language the service is written in: edit it on the service page.")
        )
        return redirect("directory_manage:service_edit", service_id=service.pk)
    rows = _translation_rows(service, lang)
    form = TranslationStatusForm(
        request.POST or None,
        initial={"status": service.translation_status.get(lang, TranslationStatus.DRAFT)},
    )
    if request.method == "POST":
        for row in rows:
            row["value"] = request.POST.get(row["name"], "")[:20000]
        if form.is_valid():
            texts: dict[Translatable, dict[str, str]] = {}
            for row in rows:
                texts.setdefault(row["record"], {})[row["field"]] = row["value"]
            status = form.cleaned_data["status"]
            if status == TranslationStatus.REVIEWED and any(not row["value"].strip() for row in rows):
                form.add_error(
                    "status", _("Every text needs a translation before it can be marked reviewed.")
                )
            else:
                try:
                    services_manage.service_translation_save(
                        service=service, lang=lang, texts=texts, status=status
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, _("The translation is saved."))
                    return redirect("directory_manage:service_translations", service_id=service.pk)
    return render(
        request,
        "directory/manage/service_translate.html",
        _context(service, rows=rows, form=form, lang=lang),
    )


def missing(request: HttpRequest) -> HttpResponse:
    """What is still missing or unreviewed in one language, across my services."""
    _require(request)
    form = MissingLanguageForm(request.GET or None)
    lang = form.cleaned_data["lang"] if form.is_valid() else ""
    rows = selectors.missing_translations(request.user, lang) if lang else []
    return render(request, "directory/manage/missing.html", _context(form=form, lang=lang, rows=rows))


def guide(request: HttpRequest) -> HttpResponse:
    """Plain-language writing guidance for editors, in the directory languages."""
    _require(request)
    wanted = request.GET.get("lang") or get_language() or "en"
    lang, sections = guide_for(wanted)
    return render(
        request,
        "directory/manage/guide.html",
        _context(guide_lang=lang, sections=sections, guide_languages=directory_languages()),
    )
