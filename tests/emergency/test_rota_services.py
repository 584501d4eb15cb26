"""Registry, approval, rota confirmation with conflict checks, check-in/out, through the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from acollida.emergency import rota
from acollida.emergency import services as emergency
from acollida.emergency import services_rota as services
from acollida.emergency.models import Operation, Shift, ShiftAssignment, Site, Volunteer
from tests.conftest import Network
from tests.emergency.helpers import declare, register

pytestmark = pytest.mark.django_db


def applicant(name: str = "Amal", languages: str = "ar native, fr b2", *, hours: int = 48) -> Volunteer:
    now = timezone.now()
    return services.volunteer_self_register(
        name=name,
        email=f"{name.lower()}@example.org",
        phone="",
        organisation=None,
        languages=services.parse_languages(languages),
        skills=["interpreting"],
        windows=[[(now - timedelta(hours=1)).isoformat(), (now + timedelta(hours=hours)).isoformat()]],
    )


def approved(network: Network, name: str = "Amal", languages: str = "ar native, fr b2") -> Volunteer:
    return services.volunteer_decide(
        actor=network.users["coordinator"], volunteer=applicant(name, languages), approve=True
    )


def site_of(network: Network, operation: Operation, name: str = "Quay") -> Site:
    return emergency.site_create(
        actor=network.users["coordinator"], operation=operation, name=name, kind="port_reception"
    )


def shift_at(network: Network, site: Site, start: int, end: int, needs: dict[str, int]) -> Shift:
    now = timezone.now()
    return services.shift_create(
        actor=network.users["coordinator"],
        site=site,
        starts_at=now + timedelta(hours=start),
        ends_at=now + timedelta(hours=end),
        language_needs=needs,
    )


def test_self_registration_waits_for_approval(network: Network) -> None:
    assert applicant().status == Volunteer.Status.APPLIED


def test_only_a_coordinator_approves(network: Network) -> None:
    with pytest.raises(PermissionDenied):
        services.volunteer_decide(actor=network.users["caseworker"], volunteer=applicant(), approve=True)


def test_approval_records_who_approved(network: Network) -> None:
    volunteer = approved(network)
    assert volunteer.status == Volunteer.Status.APPROVED
    assert volunteer.approved_by == network.users["coordinator"]


def test_applicants_are_not_planned(network: Network) -> None:
    operation = declare(network)
    shift_at(network, site_of(network, operation), 1, 5, {"ar": 1})
    applicant()
    plan = services.rota_propose(actor=network.users["coordinator"], operation=operation)
    assert plan.assignments == ()
    assert plan.uncovered != {}


def test_bad_language_text_is_refused_with_the_item() -> None:
    with pytest.raises(ValidationError, match="arabic"):
        services.parse_languages("arabic fluent")


def test_registry_filters_by_language_and_level(network: Network) -> None:
    approved(network, "Amal", "ar native")
    approved(network, "Jean", "fr b2")
    names = [v.name for v in services.volunteers_filtered(language="fr", level="b2")]
    assert names == ["Jean"]


def test_confirmed_proposal_becomes_assignments(network: Network) -> None:
    operation = declare(network)
    shift = shift_at(network, site_of(network, operation), 1, 5, {"ar": 1})
    volunteer = approved(network)
    plan = services.rota_propose(actor=network.users["coordinator"], operation=operation)
    services.rota_confirm(
        actor=network.users["coordinator"], operation=operation, slots=list(plan.assignments)
    )
    assert ShiftAssignment.objects.get(shift=shift).volunteer == volunteer


def test_hand_added_overlapping_shift_is_refused(network: Network) -> None:
    operation = declare(network)
    site = site_of(network, operation)
    first = shift_at(network, site, 1, 5, {"ar": 1})
    second = shift_at(network, site_of(network, operation, "Triage"), 3, 7, {"ar": 1})
    volunteer = approved(network)
    slots = [rota.Slot(volunteer.pk, first.pk, "ar"), rota.Slot(volunteer.pk, second.pk, "ar")]
    with pytest.raises(ValidationError, match="already has a shift"):
        services.rota_confirm(actor=network.users["coordinator"], operation=operation, slots=slots)
    assert not ShiftAssignment.objects.exists()


def test_child_protection_site_needs_a_cleared_check(network: Network) -> None:
    operation = declare(network)
    site = site_of(network, operation)
    arrival = register(network, operation, "W1", unaccompanied_minor=True)
    arrival.site = site
    arrival.save()
    shift = shift_at(network, site, 1, 5, {"ar": 1})
    volunteer = approved(network)
    problem = services.slot_problem(rota.Slot(volunteer.pk, shift.pk, "ar"), [], operation)
    assert "background check" in problem


def test_volunteer_checks_in_and_out_of_own_shift(network: Network) -> None:
    operation = declare(network)
    shift = shift_at(network, site_of(network, operation), 1, 5, {"ar": 1})
    volunteer = approved(network)
    volunteer.user = network.users["interpreter"]
    volunteer.save()
    services.rota_confirm(
        actor=network.users["coordinator"],
        operation=operation,
        slots=[rota.Slot(volunteer.pk, shift.pk, "ar")],
    )
    assignment = services.shifts_of(network.users["interpreter"]).get()
    services.check_in(actor=network.users["interpreter"], assignment=assignment)
    done = services.check_out(actor=network.users["interpreter"], assignment=assignment)
    assert done.checked_in_at is not None and done.checked_out_at is not None


def test_someone_else_cannot_check_a_volunteer_in(network: Network) -> None:
    operation = declare(network)
    shift = shift_at(network, site_of(network, operation), 1, 5, {"ar": 1})
    volunteer = approved(network)
    services.rota_confirm(
        actor=network.users["coordinator"],
        operation=operation,
        slots=[rota.Slot(volunteer.pk, shift.pk, "ar")],
    )
    with pytest.raises(PermissionDenied):
        services.check_in(actor=network.users["volunteer"], assignment=ShiftAssignment.objects.get())
