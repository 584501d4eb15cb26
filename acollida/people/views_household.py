"""Household screens: who lives with whom now and before, starting a household from a person's page,
adding a member found by the search, and recording that someone left (history is kept).

Members the user may not open are counted, never named: a household can join people held by
different organisations, or a protected person.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from acollida.core import audit, policy
from acollida.core.policy import Perm
from acollida.people import households, selectors, services_edit
from acollida.people.forms import SearchForm
from acollida.people.forms_edit import HouseholdJoinForm, HouseholdLeaveForm, HouseholdStartForm
from acollida.people.models import Household, HouseholdMember
from acollida.people.views_edit import form_add_errors, log_read, person_for_edit, refuse_merged

PURPOSE = gettext_lazy("household")


def _household_for(request: HttpRequest, household_id: int) -> Household:
    policy.require(request.user, Perm.VIEW_PERSONS)
    household = households.households_visible_to(request.user).filter(pk=household_id).first()
    if household is None:
        raise Http404
    return household


def _log_members(request: HttpRequest, household: Household, members: list[HouseholdMember]) -> None:
    records = [(m.person_id, m.person.organisation_id) for m in members]
    audit.read_records(
        request, user=request.user, record_type="person", records=records, purpose=str(PURPOSE)
    )
    audit.read_record(
        request,
        user=request.user,
        record_type="household",
        record_id=household.pk,
        record_organisation_id=household.organisation_id,
        purpose=str(PURPOSE),
    )


@require_safe
def household_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    """The household's members now and before, with their relationship and dates."""
    household = _household_for(request, household_id)
    members = list(households.household_members_visible_to(request.user, household))
    _log_members(request, household, members)
    present = [m for m in members if m.left_on is None]
    past = sorted(
        (m for m in members if m.left_on is not None), key=lambda m: (m.left_on, m.pk), reverse=True
    )
    can_edit = policy.can(request.user, Perm.EDIT_PERSONS, household.organisation_id)
    return render(
        request,
        "people/household_detail.html",
        {
            "household": household,
            "present": present,
            "past": past,
            "hidden_count": household.members.count() - len(members),
            "can_edit": can_edit,
            "leavable": {
                m.pk
                for m in present
                if can_edit and services_edit.household_member_editable_by(request.user, m)
            },
        },
    )


@require_http_methods(["GET", "POST"])
def household_create(request: HttpRequest, person_id: int) -> HttpResponse:
    """Start a household from a person's page, with the person as its first member."""
    person = person_for_edit(request, person_id)
    if refused := refuse_merged(request, person):
        return refused
    log_read(request, person, PURPOSE)
    form = HouseholdStartForm(
        request.POST if request.method == "POST" else None, initial={"name": person.family_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            household = services_edit.household_start(
                actor=request.user,  # type: ignore[arg-type]
                person=person,
                name=form.cleaned_data["name"],
                relationship=form.cleaned_data["relationship"],
                joined_on=form.cleaned_data["joined_on"],
            )
        except ValidationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("The household is started."))
            return redirect("people:household_detail", household_id=household.pk)
    return render(request, "people/household_create.html", {"person": person, "form": form})


@require_http_methods(["GET", "POST"])
def household_add_member(request: HttpRequest, household_id: int) -> HttpResponse:
    """Find the person (only records the user may open and correct are offered), then say how they
    are related and since when."""
    household = _household_for(request, household_id)
    policy.require(request.user, Perm.EDIT_PERSONS, household.organisation_id)
    text = (request.POST.get("q") or request.GET.get("q") or "").strip()[:200]
    search_form = SearchForm({"q": text})
    join_form = HouseholdJoinForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and join_form.is_valid():
        person = selectors.person_get_for_user(
            user=request.user, person_id=join_form.cleaned_data["person_id"]
        )
        if person is None:
            join_form.add_error(None, _("No person you may open has this number."))
        else:
            try:
                households.household_member_join(
                    actor=request.user,  # type: ignore[arg-type]
                    household=household,
                    person=person,
                    relationship=join_form.cleaned_data["relationship"],
                    joined_on=join_form.cleaned_data["joined_on"],
                )
            except (ValidationError, PermissionDenied) as exc:
                if isinstance(exc, PermissionDenied):
                    exc = ValidationError(_("You cannot add this person to this household."))
                form_add_errors(join_form, exc)
            else:
                messages.success(request, _("The person has joined the household."))
                return redirect("people:household_detail", household_id=household.pk)
    results = [
        c.person
        for c in (selectors.person_search(user=request.user, text=text) if text else [])
        if c.visible and services_edit.person_editable_by(request.user, c.person)
    ]
    audit.read_records(
        request,
        user=request.user,
        record_type="person",
        records=[(p.pk, p.organisation_id) for p in results],
        purpose=str(PURPOSE),
    )
    present = set(household.members.filter(left_on__isnull=True).values_list("person_id", flat=True))
    return render(
        request,
        "people/household_add_member.html",
        {
            "household": household,
            "search_form": search_form,
            "join_form": join_form,
            "text": text,
            "results": [(p, p.pk in present) for p in results],
            "relationships": HouseholdMember.Relationship.choices,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def household_member_leave(request: HttpRequest, household_id: int, member_id: int) -> HttpResponse:
    """Ask first, then record that the person left; their place stays in the household's history."""
    household = _household_for(request, household_id)
    member = (
        households.household_members_visible_to(request.user, household)
        .filter(pk=member_id, left_on__isnull=True)
        .first()
    )
    if member is None:
        raise Http404
    if not services_edit.household_member_editable_by(request.user, member):
        raise PermissionDenied
    log_read(request, member.person, PURPOSE)
    form = HouseholdLeaveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            households.household_member_leave(
                actor=request.user,  # type: ignore[arg-type]
                household=household,
                person=member.person,
                left_on=form.cleaned_data["left_on"],
            )
        except ValidationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("The person's leaving is recorded."))
            return redirect("people:household_detail", household_id=household.pk)
    return render(
        request, "people/household_leave.html", {"household": household, "member": member, "form": form}
    )
