"""Housing screens: network vacancies, our accommodations, the waiting list, placements, rules."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from acollida.cases.models import Case
from acollida.core import audit, policy
from acollida.core.models import Organisation, User
from acollida.core.policy import Perm
from acollida.core.views.common import paginate, query_without_page
from acollida.housing import forms, selectors, services
from acollida.housing.models import Accommodation, Place, Placement, Unit, WaitingListEntry
from acollida.people.models import Vulnerability

ENTRY_READ = "waiting_list_entry"


def _actor(request: HttpRequest) -> User:
    """The signed-in member of staff (every view here runs behind the login requirement)."""
    return cast(User, request.user)


def _errors(form: Any, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form, so nothing typed is lost."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item.messages[0] if hasattr(item, "messages") else str(item))
    else:
        for message in error.messages:
            form.add_error(None, message)


def _chosen(operators: Any, value: object) -> Organisation | None:
    """The operator picked in the form (one of ``operators``), or the first when none was picked;
    ``None`` for anything else, so a tampered value is an error message rather than a crash."""
    text = str(value or "").strip()
    if not text:
        return cast(Organisation | None, operators.first())
    return cast(Organisation | None, operators.filter(pk=int(text)).first()) if text.isdigit() else None


def _require_housing(request: HttpRequest) -> None:
    if not (policy.sees_network_vacancies(request.user) or policy.housing_operator_ids(request.user)):
        raise PermissionDenied


def _accommodation(request: HttpRequest, pk: int) -> Accommodation:
    qs = policy.accommodations_visible_to(
        request.user, Accommodation.objects.select_related("operator", "programme")
    )
    return get_object_or_404(qs, pk=pk)


def _entry(request: HttpRequest, pk: int) -> WaitingListEntry:
    qs = policy.waiting_entries_visible_to(request.user, WaitingListEntry.objects.all())
    return get_object_or_404(qs.select_related("organisation", "case", "person", "household"), pk=pk)


def _placement(request: HttpRequest, pk: int) -> Placement:
    qs = policy.placements_visible_to(request.user, Placement.objects.all())
    return get_object_or_404(
        qs.select_related("unit__accommodation__operator", "entry__organisation", "entry__case"), pk=pk
    )


def _log_entries(request: HttpRequest, entries: list[WaitingListEntry], purpose: str) -> None:
    audit.read_records(
        request,
        user=request.user,
        record_type=ENTRY_READ,
        records=[(e.pk, e.organisation_id) for e in entries],
        purpose=purpose,
    )


# --- Vacancies and our accommodations -------------------------------------------------------------


def vacancies(request: HttpRequest) -> HttpResponse:
    """The network's free places, for coordinators: filters, sort and pages."""
    policy.require(request.user, Perm.COORDINATE)
    form = forms.VacancyFilterForm(request.GET or None)
    filters = selectors.VacancyFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.VacancyFilters(
            district=data["district"],
            kind=data["kind"],
            rules=tuple(data["rules"]),
            access=tuple(data["access"]),
            min_free=data["min_free"] or 1,
            organisation=data["organisation"].pk if data["organisation"] else None,
            sort=data["sort"] or "-free",
        )
    page = paginate(request, selectors.vacancies(request.user, filters))
    for unit in page:
        unit.show_address = policy.accommodation_address_visible(request.user, unit.accommodation)
    return render(
        request, "housing/vacancies.html", {"form": form, "page": page, "query": query_without_page(request)}
    )


def accommodations(request: HttpRequest) -> HttpResponse:
    """Our organisation's accommodations, with their free, reserved and occupied places."""
    policy.require(request.user, Perm.MANAGE_HOUSING)
    qs = policy.accommodations_operated_by(
        request.user, Accommodation.objects.select_related("operator", "programme")
    )
    sort = request.GET.get("sort", "name")
    order = {"name": ("name",), "district": ("district", "name"), "kind": ("kind", "name")}.get(
        sort, ("name",)
    )
    page = paginate(request, qs.order_by(*order, "pk"))
    for accommodation in page:
        accommodation.totals = selectors.accommodation_totals(accommodation)
    return render(
        request,
        "housing/accommodations.html",
        {
            "page": page,
            "query": query_without_page(request),
            "sort": sort,
            "can_manage": bool(policy.housing_manager_ids(request.user)),
        },
    )


@require_http_methods(["GET", "POST"])
def accommodation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add or edit an accommodation (the operator's coordinators)."""
    managed = policy.housing_manager_ids(request.user)
    if not managed:
        raise PermissionDenied
    accommodation = None
    if pk is not None:
        accommodation = get_object_or_404(
            policy.accommodations_managed_by(request.user, Accommodation.objects.all()), pk=pk
        )
    form = forms.AccommodationForm(
        request.POST or None, instance=accommodation, programmes=forms.programme_choices(managed)
    )
    operators = Organisation.objects.filter(pk__in=managed).order_by("name")
    operator_id = request.POST.get("operator") or (accommodation.operator_id if accommodation else None)
    if request.method == "POST" and form.is_valid():
        operator = _chosen(operators, operator_id)
        if operator is None:
            form.add_error(None, _("Choose the operating organisation."))
        else:
            try:
                saved = services.accommodation_save(
                    actor=_actor(request),
                    operator=operator,
                    data=form.data_dict(),
                    accommodation=Accommodation.objects.get(pk=accommodation.pk) if accommodation else None,
                )
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, _("The accommodation is saved."))
                return redirect("housing:accommodation_detail", pk=saved.pk)
    return render(
        request,
        "housing/accommodation_form.html",
        {
            "form": form,
            "accommodation": accommodation,
            "operators": operators,
            "operator_id": str(operator_id or ""),
        },
    )


def accommodation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An accommodation's units and places; its operator changes place status from here."""
    _require_housing(request)
    accommodation = _accommodation(request, pk)
    operates = accommodation.operator_id in policy.housing_operator_ids(request.user)
    manages = accommodation.operator_id in policy.housing_manager_ids(request.user)
    units = selectors.units_with_counts(accommodation.units.all()).prefetch_related("places")
    return render(
        request,
        "housing/accommodation_detail.html",
        {
            "accommodation": accommodation,
            "units": units,
            "operates": operates,
            "manages": manages,
            "show_address": policy.accommodation_address_visible(request.user, accommodation),
            "totals": selectors.accommodation_totals(accommodation),
            "unit_form": forms.UnitForm(),
            "places_form": forms.PlacesAddForm(),
            "placements": Placement.objects.filter(
                unit__accommodation=accommodation, status__in=["reserved", "checked_in"]
            ).select_related("unit", "entry")
            if operates
            else [],
        },
    )


@require_POST
def unit_add(request: HttpRequest, pk: int) -> HttpResponse:
    accommodation = get_object_or_404(
        policy.accommodations_managed_by(request.user, Accommodation.objects.all()), pk=pk
    )
    form = forms.UnitForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            unit = services.unit_save(
                actor=_actor(request),
                accommodation=accommodation,
                name=data["name"],
                kind=data["kind"],
                rooms=data["rooms"],
            )
            if data["places"]:
                services.places_add(actor=_actor(request), unit=unit, count=data["places"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, str(message))
        else:
            messages.success(request, _("The unit is added."))
    else:
        for field_errors in form.errors.values():
            for text in field_errors:
                messages.error(request, str(text))
    return redirect("housing:accommodation_detail", pk=accommodation.pk)


@require_POST
def places_add(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(
        Unit.objects.filter(
            accommodation__in=policy.accommodations_managed_by(request.user, Accommodation.objects.all())
        ),
        pk=pk,
    )
    form = forms.PlacesAddForm(request.POST)
    if form.is_valid():
        services.places_add(actor=_actor(request), unit=unit, **form.cleaned_data)
        messages.success(request, _("The places are added."))
    else:
        for field_errors in form.errors.values():
            for text in field_errors:
                messages.error(request, str(text))
    return redirect("housing:accommodation_detail", pk=unit.accommodation_id)


@require_http_methods(["GET", "POST"])
def place_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a place out of service (with a reason) or bring it back."""
    place = get_object_or_404(
        Place.objects.select_related("unit__accommodation").filter(
            unit__accommodation__in=policy.accommodations_operated_by(
                request.user, Accommodation.objects.all()
            )
        ),
        pk=pk,
    )
    form = forms.PlaceStatusForm(
        request.POST or None,
        initial={
            "status": "free" if place.status == "out_of_service" else "out_of_service",
            "reason": place.out_of_service_reason,
            "expected_back_on": place.expected_back_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.place_set_status(
                actor=_actor(request),
                place=place,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                expected_back_on=form.cleaned_data["expected_back_on"],
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The place's status is changed."))
            return redirect("housing:accommodation_detail", pk=place.unit.accommodation_id)
    return render(request, "housing/place_status.html", {"place": place, "form": form})


# --- Waiting list ---------------------------------------------------------------------------------


def waiting_list(request: HttpRequest) -> HttpResponse:
    """The waiting list: in full for entries the user may open, reduced (size, needs, priority)
    for the rest of the network for coordinators."""
    if not (policy.can(request.user, Perm.VIEW_PERSONS) or policy.sees_network_vacancies(request.user)):
        raise PermissionDenied
    form = forms.WaitingFilterForm(request.GET or None)
    status, needs, sort = "waiting", (), "-priority"
    if form.is_valid():
        status = form.cleaned_data["status"] if "status" in request.GET else "waiting"
        needs = tuple(form.cleaned_data["needs"])
        sort = form.cleaned_data["sort"] or "-priority"
    entries = selectors.waiting_list(request.user, status=status, needs=needs, sort=sort)
    page = paginate(request, entries)
    openable = selectors.openable_entry_ids(
        request.user, WaitingListEntry.objects.filter(pk__in=[e.pk for e in page])
    )
    today = timezone.localdate()
    for entry in page:
        entry.openable = entry.pk in openable
        entry.label = selectors.entry_label(entry, openable=entry.openable)
        entry.days_waiting = (today - entry.entered_on).days
    _log_entries(request, [e for e in page if e.openable], _("housing waiting list"))
    return render(
        request,
        "housing/waiting_list.html",
        {"form": form, "page": page, "query": query_without_page(request)},
    )


@require_http_methods(["GET", "POST"])
def entry_add(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Put a case's household or person on the waiting list (from the case page)."""
    case = get_object_or_404(Case.objects.visible_to(request.user), pk=case_pk)
    if not policy.may_add_to_waiting_list(request.user, case):
        raise PermissionDenied
    size = case.household.members.filter(left_on__isnull=True).count() if case.household is not None else 1
    form = forms.WaitingEntryForm(
        request.POST or None, initial={"size": max(size, 1), "beds_needed": max(size, 1)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.waiting_entry_add(actor=_actor(request), case=case, data=form.data_dict())
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The household is on the waiting list."))
            return redirect("housing:entry_detail", pk=entry.pk)
    return render(request, "housing/entry_form.html", {"form": form, "case": case, "entry": None})


@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    if not policy.may_edit_waiting_entry(request.user, entry):
        raise PermissionDenied
    form = forms.WaitingEntryForm(request.POST or None, initial=forms.WaitingEntryForm.initial_for(entry))
    if request.method == "POST" and form.is_valid():
        try:
            services.waiting_entry_update(actor=_actor(request), entry=entry, data=form.data_dict())
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The household's needs are saved."))
            return redirect("housing:entry_detail", pk=entry.pk)
    _log_entries(request, [entry], _("edit a waiting list entry"))
    return render(request, "housing/entry_form.html", {"form": form, "case": entry.case, "entry": entry})


def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An entry: needs, priority and its parts, placements; names and locations only for those
    who may open it."""
    entry = _entry(request, pk)
    openable = policy.waiting_entries_openable_by(
        request.user, WaitingListEntry.objects.filter(pk=pk)
    ).exists()
    if openable:
        _log_entries(request, [entry], _("waiting list entry"))
    placements = policy.placements_visible_to(
        request.user, entry.placements.select_related("unit__accommodation")
    )
    return render(
        request,
        "housing/entry_detail.html",
        {
            "entry": entry,
            "openable": openable,
            "label": selectors.entry_label(entry, openable=openable),
            "placements": placements,
            "can_edit": policy.may_edit_waiting_entry(request.user, entry),
            "can_reserve": entry.status == "waiting"
            and (
                policy.sees_network_vacancies(request.user) or bool(policy.housing_operator_ids(request.user))
            ),
            "vulnerabilities": [
                Vulnerability(code).label for code in entry.vulnerabilities if code in Vulnerability.values
            ]
            if openable
            else [],
            "districts": entry.preferred_districts,
        },
    )


@require_http_methods(["GET", "POST"])
def entry_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    if not policy.may_edit_waiting_entry(request.user, entry):
        raise PermissionDenied
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.waiting_entry_withdraw(
                actor=_actor(request), entry=entry, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The household is withdrawn from the waiting list."))
            return redirect("housing:waiting_list")
    return render(request, "housing/entry_withdraw.html", {"entry": entry, "form": form})


@require_http_methods(["GET", "POST"])
def reserve(request: HttpRequest, pk: int) -> HttpResponse:
    """Reserve places in a unit with room for a waiting household."""
    entry = _entry(request, pk)
    units = selectors.vacancies(request.user, selectors.VacancyFilters(min_free=1))
    if not policy.sees_network_vacancies(request.user):
        units = units.filter(accommodation__operator_id__in=policy.housing_operator_ids(request.user))
    form = forms.ReserveForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        if not policy.may_reserve(request.user, entry, unit):
            raise PermissionDenied
        try:
            placement = services.placement_reserve(
                actor=_actor(request),
                entry=entry,
                unit=unit,
                planned_check_out_on=form.cleaned_data["planned_check_out_on"],
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The places are reserved."))
            return redirect("housing:placement_detail", pk=placement.pk)
    openable = policy.waiting_entries_openable_by(
        request.user, WaitingListEntry.objects.filter(pk=pk)
    ).exists()
    if openable:
        _log_entries(request, [entry], _("reserve places"))
    return render(
        request,
        "housing/reserve.html",
        {"entry": entry, "form": form, "label": selectors.entry_label(entry, openable=openable)},
    )


# --- Placements -----------------------------------------------------------------------------------


def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement(request, pk)
    openable = policy.waiting_entries_openable_by(
        request.user, WaitingListEntry.objects.filter(pk=placement.entry_id)
    ).exists()
    if openable:
        _log_entries(request, [placement.entry], _("placement"))
    operates = policy.may_operate_placement(request.user, placement)
    today = timezone.localdate()
    return render(
        request,
        "housing/placement_detail.html",
        {
            "placement": placement,
            "label": selectors.entry_label(placement.entry, openable=openable),
            "history": services.placement_history(placement),
            "absences": placement.absences.all(),
            "operates": operates,
            "can_cancel": placement.status == "reserved"
            and (operates or policy.can(request.user, Perm.COORDINATE)),
            "show_address": policy.accommodation_address_visible(request.user, placement.unit.accommodation),
            "check_in_form": forms.CheckInForm(
                initial={"on": today, "planned_check_out_on": placement.planned_check_out_on}
            ),
            "absence_form": forms.AbsenceForm(initial={"from_on": today}),
        },
    )


def _operated_placement(request: HttpRequest, pk: int) -> Placement:
    placement = _placement(request, pk)
    if not policy.may_operate_placement(request.user, placement):
        raise PermissionDenied
    return placement


@require_http_methods(["GET", "POST"])
def placement_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _operated_placement(request, pk)
    form = forms.CheckInForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_check_in(
                actor=_actor(request),
                placement=placement,
                on=form.cleaned_data["on"],
                planned_check_out_on=form.cleaned_data["planned_check_out_on"],
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The household is checked in."))
            return redirect("housing:placement_detail", pk=placement.pk)
    return render(
        request,
        "housing/placement_action.html",
        {"placement": placement, "form": form, "title": _("Check in")},
    )


@require_http_methods(["GET", "POST"])
def placement_check_out(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _operated_placement(request, pk)
    form = forms.CheckOutForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_check_out(
                actor=_actor(request),
                placement=placement,
                on=form.cleaned_data["on"],
                exit_destination=form.cleaned_data["exit_destination"],
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The household is checked out; the places are free."))
            return redirect("housing:placement_detail", pk=placement.pk)
    return render(
        request,
        "housing/placement_action.html",
        {"placement": placement, "form": form, "title": _("Check out")},
    )


@require_http_methods(["GET", "POST"])
def placement_absence(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _operated_placement(request, pk)
    form = forms.AbsenceForm(request.POST or None, initial={"from_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.absence_record(actor=_actor(request), placement=placement, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The absence is recorded."))
            return redirect("housing:placement_detail", pk=placement.pk)
    return render(
        request,
        "housing/placement_action.html",
        {"placement": placement, "form": form, "title": _("Record an absence")},
    )


@require_http_methods(["GET", "POST"])
def placement_move(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _operated_placement(request, pk)
    units = selectors.vacancies(request.user, selectors.VacancyFilters(min_free=placement.entry.beds_needed))
    if not policy.sees_network_vacancies(request.user):
        units = units.filter(accommodation__operator_id__in=policy.housing_operator_ids(request.user))
    form = forms.MoveForm(
        request.POST or None, units=units.exclude(pk=placement.unit_id), initial={"on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.placement_move(
                actor=_actor(request),
                placement=placement,
                to_unit=form.cleaned_data["to_unit"],
                on=form.cleaned_data["on"],
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The household has moved; the history is kept."))
            return redirect("housing:placement_detail", pk=moved.pk)
    return render(
        request, "housing/placement_action.html", {"placement": placement, "form": form, "title": _("Move")}
    )


@require_http_methods(["GET", "POST"])
def placement_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a reservation, after confirmation (POST only changes anything)."""
    placement = _placement(request, pk)
    if not (
        policy.may_operate_placement(request.user, placement) or policy.can(request.user, Perm.COORDINATE)
    ):
        raise PermissionDenied
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_cancel(
                actor=_actor(request), placement=placement, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The reservation is cancelled; the household is waiting again."))
            return redirect("housing:placement_detail", pk=placement.pk)
    return render(
        request,
        "housing/placement_action.html",
        {"placement": placement, "form": form, "title": _("Cancel the reservation"), "destructive": True},
    )


# --- Rules and statistics -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def priority_rules(request: HttpRequest) -> HttpResponse:
    """The scoring rules of the waiting list: visible to everyone who works with it; coordinators
    change them (every waiting household is rescored)."""
    if not (policy.can(request.user, Perm.VIEW_PERSONS) or policy.sees_network_vacancies(request.user)):
        raise PermissionDenied
    rules = selectors.active_priority_rules()
    can_edit = policy.can(request.user, Perm.COORDINATE)
    initial = {
        "points_per_waiting_day": rules.points_per_waiting_day,
        "max_waiting_days": rules.max_waiting_days,
        "points_per_child": rules.points_per_child,
    }
    initial.update({f"w_{code}": rules.vulnerability_weights.get(code, 0) for code in Vulnerability.values})
    form = forms.PriorityRulesForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            services.priority_rules_update(
                actor=_actor(request),
                vulnerability_weights=form.weights(),
                points_per_waiting_day=form.cleaned_data["points_per_waiting_day"],
                points_per_child=form.cleaned_data["points_per_child"],
                max_waiting_days=form.cleaned_data["max_waiting_days"],
            )
            messages.success(request, _("The rules are saved and the waiting list is rescored."))
            return redirect("housing:priority_rules")
    weights = [(label, rules.vulnerability_weights.get(code, 0)) for code, label in Vulnerability.choices]
    return render(
        request,
        "housing/priority_rules.html",
        {"rules": rules, "weights": weights, "form": form, "can_edit": can_edit},
    )


def _statistics_rows(request: HttpRequest) -> tuple[forms.StatisticsForm, list[selectors.OccupancyRow], str]:
    _require_housing(request)
    form = forms.StatisticsForm(request.GET or None)
    by, start, end = "accommodation", None, None
    if form.is_valid():
        by = form.cleaned_data["by"] or "accommodation"
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return form, selectors.occupancy(request.user, by=by, start=start, end=end), by


def statistics(request: HttpRequest) -> HttpResponse:
    """Occupancy, length of stay and turnover per accommodation, programme or organisation."""
    form, rows, by = _statistics_rows(request)
    return render(
        request,
        "housing/statistics.html",
        {"form": form, "rows": rows, "by": by, "query": request.GET.urlencode()},
    )


def occupancy_export(request: HttpRequest) -> HttpResponse:
    """The statistics as CSV or XLSX, for funders (places and stays, no one named)."""
    from acollida.housing.exports import occupancy_response

    form, rows, by = _statistics_rows(request)
    if form.is_bound and not form.is_valid():
        for error in form.non_field_errors():
            messages.error(request, str(error))
        if form.errors and not form.non_field_errors():
            messages.error(request, _("Check the period: the dates could not be read."))
        return redirect(reverse("housing:statistics") + "?" + request.GET.urlencode())
    return occupancy_response(rows, by=by, file_format=request.GET.get("format", "csv"))
