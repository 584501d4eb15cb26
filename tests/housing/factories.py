"""Housing test data, built through the real services."""

from __future__ import annotations

from typing import Any

from acollida.cases import services as case_services
from acollida.cases.models import Case
from acollida.core.models import Organisation, Role, User
from acollida.housing import services
from acollida.housing.models import Accommodation, Unit, WaitingListEntry
from acollida.people import services as people_services
from acollida.people.services import PersonData
from tests.conftest import Network, make_user


def shelter(
    network: Network, *, operator: Organisation | None = None, name: str = "Casa Nova", **data: Any
) -> Accommodation:
    """An accommodation operated by ``operator`` (the CAI by default), made by its coordinator."""
    operator = operator or network.cai
    actor = coordinator_of(network, operator)
    values = {
        "kind": "reception_shelter",
        "name": name,
        "address": "Carrer de la Pau 1",
        "district": "extramurs",
    }
    values.update(data)
    return services.accommodation_save(actor=actor, operator=operator, data=values)


def coordinator_of(network: Network, organisation: Organisation) -> User:
    """The CAI's coordinator persona, or a coordinator made for another organisation."""
    if organisation == network.cai:
        return network.users["coordinator"]
    user = User.objects.filter(username=f"{organisation.slug}_coordinator").first()
    return user or make_user(f"{organisation.slug}_coordinator", (organisation, Role.COORDINATOR))


def unit_with_places(
    network: Network, accommodation: Accommodation, *, name: str = "Room 1", places: int = 2
) -> Unit:
    actor = coordinator_of(network, accommodation.operator)
    unit = services.unit_save(actor=actor, accommodation=accommodation, name=name)
    services.places_add(actor=actor, unit=unit, count=places)
    return unit


def case_for(
    network: Network, *, given: str = "Amina", organisation: Organisation | None = None, **person: Any
) -> Case:
    organisation = organisation or network.cai
    actor = network.users["caseworker" if organisation == network.cai else "ngo_caseworker"]
    registered = people_services.person_register(
        actor=actor,
        organisation=organisation,
        data=PersonData(given_name=given, family_name="Haddad", **person),
        candidates_seen=0,
    )
    return case_services.case_open(actor=actor, organisation=organisation, person=registered)


def waiting(network: Network, *, case: Case | None = None, **data: Any) -> WaitingListEntry:
    case = case or case_for(network)
    actor = network.users["caseworker" if case.organisation_id == network.cai.pk else "ngo_caseworker"]
    values: dict[str, Any] = {"size": 1, "beds_needed": 1}
    values.update(data)
    return services.waiting_entry_add(actor=actor, case=case, data=values)
