"""Arrivals: the quay's quick registration, the list, triage, the manifest import, a full file."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from acollida.core import audit, policy
from acollida.core.models import Organisation, User
from acollida.core.policy import Perm
from acollida.core.spreadsheets import SpreadsheetError, read_table
from acollida.core.views.common import paginate, query_without_page
from acollida.emergency import imports, services
from acollida.emergency.forms import ArrivalForm, ConvertForm, ManifestForm, TriageForm
from acollida.emergency.models import Arrival
from acollida.emergency.views_operations import operation_get_for_user

SORTS = {"registered": ("-registered_at",), "wristband": ("wristband",), "status": ("status", "wristband")}


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _arrival_get_for_user(request: HttpRequest, pk: int) -> Arrival:
    arrival = get_object_or_404(
        policy.arrivals_visible_to(request.user, Arrival.objects.select_related("operation", "site")), pk=pk
    )
    audit.read_records(
        request,
        user=request.user,
        record_type="emergency_arrival",
        records=[(arrival.pk, None)],
        purpose="emergency triage",
    )
    return arrival


def _add_errors(form: ArrivalForm | ConvertForm, exc: ValidationError) -> None:
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, slug: str) -> HttpResponse:
    """The quay's quick form: saved, then the next blank form at once with a success line."""
    operation = operation_get_for_user(request.user, slug)
    if not policy.may_register_arrivals(request.user, operation):
        raise PermissionDenied
    desk = request.GET.get("desk", "")[:40]
    form = ArrivalForm(request.POST or None, operation=operation, initial={"desk": desk})
    if request.method == "POST" and form.is_valid():
        try:
            arrival = services.arrival_register(
                actor=_actor(request), operation=operation, data=form.arrival_data()
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if arrival.unaccompanied_minor:
                messages.warning(
                    request,
                    _("%(wristband)s is registered and routed to child protection.")
                    % {"wristband": arrival.wristband},
                )
            else:
                messages.success(
                    request, _("%(wristband)s is registered.") % {"wristband": arrival.wristband}
                )
            url = reverse("emergency:register", kwargs={"slug": operation.slug})
            keep = form.cleaned_data["desk"]
            site = form.cleaned_data["site"]
            params = "&".join(
                part for part in [f"desk={keep}" if keep else "", f"site={site.pk}" if site else ""] if part
            )
            return redirect(f"{url}?{params}" if params else url)
    if request.method == "GET" and request.GET.get("site", "").isdigit():
        form.initial["site"] = int(request.GET["site"])
    return render(request, "emergency/register.html", {"form": form, "operation": operation})


def arrivals(request: HttpRequest, slug: str) -> HttpResponse:
    """The operation's arrivals the user may see, searchable by wristband or name."""
    operation = operation_get_for_user(request.user, slug)
    qs = policy.arrivals_visible_to(request.user, operation.arrivals.select_related("site"))
    text = request.GET.get("q", "").strip()[:100]
    if text:
        qs = qs.filter(wristband__iexact=text) | qs.filter(name_as_said__icontains=text)
    sort = request.GET.get("sort", "registered")
    page = paginate(request, qs.order_by(*SORTS.get(sort, SORTS["registered"]), "pk"))
    if page.object_list:
        audit.read_records(
            request,
            user=request.user,
            record_type="emergency_arrival",
            records=[(arrival.pk, None) for arrival in page],
            purpose="emergency arrivals list",
        )
    return render(
        request,
        "emergency/arrivals.html",
        {"operation": operation, "page": page, "query": query_without_page(request), "text": text},
    )


@require_http_methods(["GET", "POST"])
def triage(request: HttpRequest, pk: int) -> HttpResponse:
    """Triage one arrival: flags, site, notes (staff who register on the operation)."""
    arrival = _arrival_get_for_user(request, pk)
    operation = arrival.operation
    if not policy.may_register_arrivals(request.user, operation):
        raise PermissionDenied
    initial = {
        "wristband": arrival.wristband,
        "name_as_said": arrival.name_as_said,
        "sex": arrival.sex,
        "age_estimate": arrival.age_estimate,
        "nationality": arrival.nationality,
        "languages": " ".join(arrival.languages),
        "group_id": arrival.group_id,
        "unaccompanied_minor": arrival.unaccompanied_minor,
        "pregnant": arrival.pregnant,
        "medical_urgent": arrival.medical_urgent,
        "disability": arrival.disability,
        "trafficking": arrival.has_trafficking_signs,
        "site": arrival.site_id,
        "desk": arrival.desk,
        "notes": arrival.notes,
    }
    form = TriageForm(request.POST or None, operation=operation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.arrival_triage(
                actor=_actor(request),
                arrival=arrival,
                data=form.arrival_data(),
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("%(wristband)s is triaged.") % {"wristband": arrival.wristband})
            return redirect("emergency:board", slug=operation.slug)
    return render(
        request, "emergency/triage.html", {"form": form, "arrival": arrival, "operation": operation}
    )


@require_http_methods(["GET", "POST"])
def convert(request: HttpRequest, pk: int) -> HttpResponse:
    """Make a full person and case from an arrival: the people search's candidates come first."""
    from acollida.people import selectors as people_selectors

    arrival = _arrival_get_for_user(request, pk)
    if not policy.may_convert_arrival(request.user, arrival):
        raise PermissionDenied
    if arrival.person_id is not None:
        raise Http404
    text = arrival.name_as_said or arrival.wristband
    candidates = people_selectors.person_search(user=request.user, text=text)
    organisations = Organisation.objects.filter(
        pk__in=policy.organisation_ids_with(request.user, Perm.EDIT_PERSONS), is_active=True
    )
    form = ConvertForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.arrival_convert(
                actor=_actor(request),
                arrival=arrival,
                organisation=form.cleaned_data["organisation"],
                candidates_seen=len(candidates),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The person and the case are created."))
            assert arrival.case_id is not None
            return redirect("cases:detail", arrival.case_id)
    return render(
        request,
        "emergency/convert.html",
        {"form": form, "arrival": arrival, "candidates": candidates, "text": text},
    )


@require_http_methods(["GET", "POST"])
def manifest_import(request: HttpRequest, slug: str) -> HttpResponse:
    """The manifest import from a screen: all-or-nothing, each failing row and column listed."""
    operation = operation_get_for_user(request.user, slug)
    if not policy.may_register_arrivals(request.user, operation):
        raise PermissionDenied
    form = ManifestForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            table = read_table(form.cleaned_data["file"].read())
            result = imports.manifest_import(actor=_actor(request), operation=operation, table=table)
        except SpreadsheetError as exc:
            form.add_error("file", str(exc))
        except imports.ManifestError as exc:
            errors = [str(error) for error in exc.errors]
        else:
            messages.success(
                request,
                _("%(created)s new arrivals imported, %(updated)s updated.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("emergency:board", slug=operation.slug)
    return render(
        request,
        "emergency/import.html",
        {"form": form, "operation": operation, "errors": errors, "columns": ",".join(imports.COLUMNS)},
    )
