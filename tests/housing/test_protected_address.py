"""A protected address never leaves its operator: not on the vacancies board, not in the API,
not in the directory's capacity feed."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from acollida.directory.models import Organization, Service, ServiceCapacity
from acollida.housing import services
from acollida.housing.feed import sync_capacity
from tests.conftest import Network, login
from tests.housing.factories import coordinator_of, shelter, unit_with_places

pytestmark = pytest.mark.django_db

SECRET = "Carrer Secret 13"


@pytest.fixture
def safe_house(network: Network) -> object:
    home = shelter(
        network,
        operator=network.cear,
        name="Safe house",
        address=SECRET,
        lat=39.48,
        lon=-0.35,
        is_protected_address=True,
        women_only=True,
    )
    unit_with_places(network, home, places=3)
    return home


def test_the_vacancies_board_hides_a_protected_address_from_coordinators(
    client: Client, network: Network, safe_house: object
) -> None:
    login(client, network.users["coordinator"])
    response = client.get(reverse("housing:vacancies"))
    assert response.status_code == 200
    assert "Safe house" in response.content.decode()
    assert SECRET not in response.content.decode()


def test_the_accommodation_page_hides_a_protected_address_from_coordinators(
    client: Client, network: Network, safe_house: object
) -> None:
    login(client, network.users["coordinator"])
    response = client.get(reverse("housing:accommodation_detail", args=[safe_house.pk]))  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert SECRET not in response.content.decode()


def test_the_operator_sees_its_protected_address(
    client: Client, network: Network, safe_house: object
) -> None:
    login(client, network.users["ngo_caseworker"])
    response = client.get(reverse("housing:accommodation_detail", args=[safe_house.pk]))  # type: ignore[attr-defined]
    assert SECRET in response.content.decode()


def test_the_api_gives_no_address_nor_coordinates_outside_the_operator(
    client: Client, network: Network, safe_house: object
) -> None:
    login(client, network.users["coordinator"])
    body = client.get(reverse("api:housing_accommodation_list")).json()
    item = next(i for i in body["items"] if i["name"] == "Safe house")
    assert (item["address"], item["lat"], item["lon"]) == (None, None, None)
    assert SECRET not in client.get(reverse("api:housing_vacancy_list")).content.decode()


def test_the_api_gives_the_operator_its_address(client: Client, network: Network, safe_house: object) -> None:
    login(client, network.users["ngo_caseworker"])
    body = client.get(reverse("api:housing_accommodation_list")).json()
    assert body["items"][0]["address"] == SECRET


def _directory_service(network: Network) -> Service:
    organization = Organization.objects.create(name="CEAR-PV", description="NGO", organisation=network.cear)
    return Service.objects.create(organization=organization, name="Reception places", status="active")


def test_the_directory_feed_carries_counts_only(network: Network, safe_house: object) -> None:
    service = _directory_service(network)
    actor = coordinator_of(network, network.cear)
    services.accommodation_save(
        actor=actor,
        operator=network.cear,
        data={"directory_service": service.pk},
        accommodation=safe_house,  # type: ignore[arg-type]
    )
    assert sync_capacity() == 1
    capacity = ServiceCapacity.objects.get(service=service)
    assert (capacity.available, capacity.maximum) == (3, 3)
    assert SECRET not in capacity.description
    assert "Safe house" not in capacity.description


def test_the_directory_feed_counts_free_places_after_a_change(network: Network, safe_house: object) -> None:
    service = _directory_service(network)
    actor = coordinator_of(network, network.cear)
    services.accommodation_save(
        actor=actor,
        operator=network.cear,
        data={"directory_service": service.pk},
        accommodation=safe_house,  # type: ignore[arg-type]
    )
    place = safe_house.units.get().places.first()  # type: ignore[attr-defined]
    services.place_set_status(actor=actor, place=place, status="out_of_service", reason="Paint")
    sync_capacity()
    capacity = ServiceCapacity.objects.get(service=service)
    assert (capacity.available, capacity.maximum) == (2, 2)
