"""Housing screens: the waiting list's reduced form, the case's way onto it, place status,
placements, statistics and the occupancy export, the all-or-nothing import."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from acollida.core.models import ReadLog
from acollida.housing import selectors, services
from acollida.housing.models import Accommodation, Unit, WaitingListEntry
from tests.conftest import Network, login
from tests.housing.factories import case_for, shelter, unit_with_places, waiting

pytestmark = pytest.mark.django_db


def test_the_waiting_list_names_no_household_of_another_organisation(
    client: Client, network: Network
) -> None:
    waiting(network, case=case_for(network, organisation=network.cear, given="Oksana"))
    login(client, network.users["coordinator"])
    response = client.get(reverse("housing:waiting_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Oksana" not in page
    assert "W-" in page
    assert not ReadLog.objects.filter(record_type="waiting_list_entry").exists()


def test_the_waiting_list_names_our_households_and_logs_the_read(client: Client, network: Network) -> None:
    entry = waiting(network, case=case_for(network, given="Amina"))
    login(client, network.users["caseworker"])
    page = client.get(reverse("housing:waiting_list")).content.decode()
    assert "Amina" in page
    assert ReadLog.objects.filter(record_type="waiting_list_entry", record_id=str(entry.pk)).exists()


def test_the_waiting_list_sorts_by_priority(client: Client, network: Network) -> None:
    low = waiting(network, case=case_for(network, given="Low"))
    high = waiting(network, case=case_for(network, given="High"), vulnerabilities=["violence_survivor"])
    login(client, network.users["caseworker"])
    page = client.get(reverse("housing:waiting_list"), {"sort": "-priority"}).content.decode()
    assert page.index("High") < page.index("Low")
    assert low.priority < high.priority


def test_the_waiting_list_is_empty_with_a_message(client: Client, network: Network) -> None:
    login(client, network.users["caseworker"])
    with translation.override("en"):
        page = client.get(reverse("housing:waiting_list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No household on the waiting list matches." in page


def test_a_case_goes_on_the_waiting_list_from_its_page(client: Client, network: Network) -> None:
    case = case_for(network)
    login(client, network.users["caseworker"])
    assert "housing/waiting/from-case" in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    response = client.post(
        reverse("housing:entry_add", args=[case.pk]),
        {
            "size": 3,
            "adults": 1,
            "children": 2,
            "children_ages": "4, 9",
            "beds_needed": 3,
            "rooms_needed": 1,
            "step_free": "on",
        },
    )
    entry = WaitingListEntry.objects.get(case=case)
    assert response.status_code == 302
    assert (entry.size, entry.step_free, entry.composition["ages"]) == (3, True, [4, 9])


def test_bad_needs_keep_what_was_typed(client: Client, network: Network) -> None:
    case = case_for(network)
    login(client, network.users["caseworker"])
    response = client.post(
        reverse("housing:entry_add", args=[case.pk]),
        {"size": 2, "beds_needed": 5, "rooms_needed": 1, "notes": "ground floor please"},
    )
    assert response.status_code == 200
    assert "ground floor please" in response.content.decode()
    assert not WaitingListEntry.objects.exists()


def test_out_of_service_without_reason_is_refused_with_a_message(client: Client, network: Network) -> None:
    place = unit_with_places(network, shelter(network)).places.get(label="Place 1")
    login(client, network.users["caseworker"])
    response = client.post(reverse("housing:place_status", args=[place.pk]), {"status": "out_of_service"})
    assert response.status_code == 200
    place.refresh_from_db()
    assert place.status == "free"


def test_reserve_then_check_in_through_the_screens(client: Client, network: Network) -> None:
    unit = unit_with_places(network, shelter(network), places=2)
    entry = waiting(network)
    login(client, network.users["coordinator"])
    response = client.post(reverse("housing:reserve", args=[entry.pk]), {"unit": unit.pk})
    assert response.status_code == 302
    placement = entry.placements.get()
    login(client, network.users["caseworker"])
    response = client.post(
        reverse("housing:placement_check_in", args=[placement.pk]), {"on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == "checked_in"


def test_the_vacancies_board_filters_by_rules(client: Client, network: Network) -> None:
    unit_with_places(network, shelter(network, name="Women's house", women_only=True))
    unit_with_places(network, shelter(network, name="Family flat", families_only=True))
    login(client, network.users["coordinator"])
    page = client.get(reverse("housing:vacancies"), {"rules": ["women_only"]}).content.decode()
    assert "Women&#x27;s house" in page or "Women's house" in page
    assert "Family flat" not in page


def _stay(network: Network, unit: Unit, days: int) -> None:
    entry = waiting(network, case=case_for(network, given=f"Stay{days}"))
    placement = services.placement_reserve(actor=network.users["coordinator"], entry=entry, unit=unit)
    today = timezone.localdate()
    services.placement_check_in(
        actor=network.users["caseworker"], placement=placement, on=today - timedelta(days=days)
    )
    services.placement_check_out(
        actor=network.users["caseworker"], placement=placement, on=today, exit_destination="independent"
    )


def test_statistics_count_occupancy_length_of_stay_and_turnover(network: Network) -> None:
    unit = unit_with_places(network, shelter(network), places=4)
    _stay(network, unit, 10)
    _stay(network, unit, 30)
    entry = waiting(network, case=case_for(network, given="Now"))
    services.placement_check_in(
        actor=network.users["caseworker"],
        placement=services.placement_reserve(actor=network.users["coordinator"], entry=entry, unit=unit),
        on=timezone.localdate(),
    )
    [row] = selectors.occupancy(network.users["coordinator"], by="accommodation")
    assert (row.places, row.occupied, row.free, row.check_outs) == (4, 1, 3, 2)
    assert row.occupancy == 25.0
    assert row.average_stay_days == round(40 / 3, 1)
    assert row.turnover == 0.5


def test_statistics_group_by_organisation(network: Network) -> None:
    unit_with_places(network, shelter(network), places=2)
    unit_with_places(network, shelter(network, operator=network.cear, name="CEAR flat"), places=3)
    rows = selectors.occupancy(network.users["coordinator"], by="organisation")
    assert sorted((r.label, r.places) for r in rows) == [("CAI", 2), ("CEAR-PV", 3)]


def test_occupancy_export_csv(client: Client, network: Network) -> None:
    unit_with_places(network, shelter(network, name="Casa Nova"), places=2)
    login(client, network.users["coordinator"])
    response = client.get(reverse("housing:occupancy_export"), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "Casa Nova" in response.content.decode("utf-8-sig")


def test_occupancy_export_xlsx(client: Client, network: Network) -> None:
    from openpyxl import load_workbook

    unit_with_places(network, shelter(network, name="=Casa"), places=2)
    login(client, network.users["coordinator"])
    response = client.get(reverse("housing:occupancy_export"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet.cell(row=2, column=1).value == "'=Casa"
    assert sheet.cell(row=2, column=2).value == 2


IMPORT_OK = (
    "accommodation,kind,district,address,women_only,step_free,languages,unit,unit_kind,rooms,places\n"
    'Casa Azul,reception_shelter,Benimaclet,Carrer A 1,yes,no,"ar, fr",Room 1,room,1,3\n'
    'Casa Azul,reception_shelter,Benimaclet,Carrer A 1,yes,no,"ar, fr",Room 2,room,1,2\n'
    "Pis Verd,shared_flat,extramurs,Carrer B 2,no,yes,uk,Flat,flat,3,4\n"
)


def _upload(client: Client, network: Network, text: str) -> object:
    login(client, network.users["coordinator"])
    return client.post(
        reverse("housing:import"),
        {"operator": network.cai.pk, "file": SimpleUploadedFile("places.csv", text.encode(), "text/csv")},
    )


def test_import_creates_accommodations_units_and_places(client: Client, network: Network) -> None:
    response = _upload(client, network, IMPORT_OK)
    assert response.status_code == 302  # type: ignore[attr-defined]
    azul = Accommodation.objects.get(name="Casa Azul")
    assert (azul.district, azul.women_only, azul.languages) == ("benimaclet", True, ["ar", "fr"])
    assert azul.units.count() == 2
    assert Unit.objects.get(name="Flat").places.count() == 4


def test_import_is_all_or_nothing_with_a_row_report(client: Client, network: Network) -> None:
    bad = IMPORT_OK + "Casa Roja,palace,extramurs,Carrer C 3,maybe,no,,Room 1,room,1,2\n"
    with translation.override("en"):
        response = _upload(client, network, bad)
    page = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "Row 5" in page
    assert not Accommodation.objects.exists()


def test_import_refuses_a_file_that_is_not_a_spreadsheet(client: Client, network: Network) -> None:
    login(client, network.users["coordinator"])
    response = client.post(
        reverse("housing:import"),
        {"operator": network.cai.pk, "file": SimpleUploadedFile("x.csv", b"\x00\x01\x02", "text/csv")},
    )
    assert response.status_code == 200
    assert not Accommodation.objects.exists()


def test_an_export_with_a_reversed_period_goes_back_to_the_statistics(
    client: Client, network: Network
) -> None:
    login(client, network.users["coordinator"])
    response = client.get(reverse("housing:occupancy_export"), {"start": "2026-05-01", "end": "2026-01-01"})
    assert response.status_code == 302
    assert reverse("housing:statistics") in response["Location"]


def test_sync_capacity_command_reports_what_it_wrote(network: Network) -> None:
    from django.core.management import call_command

    out = io.StringIO()
    call_command("housing", "sync-capacity", stdout=out)
    assert "0 directory services" in out.getvalue()


def test_a_tampered_operator_is_an_error_not_a_crash(client: Client, network: Network) -> None:
    login(client, network.users["coordinator"])
    response = client.post(
        reverse("housing:accommodation_create"), {"operator": "abc", "name": "X", "kind": "emergency"}
    )
    assert response.status_code == 200
    response = client.post(
        reverse("housing:import"),
        {"operator": "abc", "file": SimpleUploadedFile("places.csv", IMPORT_OK.encode(), "text/csv")},
    )
    assert response.status_code == 200
    assert not Accommodation.objects.exists()


def test_an_operator_the_user_does_not_manage_is_refused(client: Client, network: Network) -> None:
    login(client, network.users["coordinator"])
    response = client.post(
        reverse("housing:accommodation_create"),
        {"operator": network.cear.pk, "name": "X", "kind": "emergency"},
    )
    assert response.status_code == 200
    assert not Accommodation.objects.exists()


def test_a_place_comes_back_in_service_with_one_button(client: Client, network: Network) -> None:
    home = shelter(network)
    place = unit_with_places(network, home, places=1).places.get()
    services.place_set_status(
        actor=network.users["caseworker"], place=place, status="out_of_service", reason="Paint"
    )
    login(client, network.users["caseworker"])
    page = client.get(reverse("housing:accommodation_detail", args=[home.pk])).content.decode()
    assert 'name="status" value="free"' in page
    response = client.post(reverse("housing:place_status", args=[place.pk]), {"status": "free"})
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.status == "free"


def test_a_reduced_entry_shows_no_name_notes_nor_locations(client: Client, network: Network) -> None:
    entry = waiting(
        network,
        case=case_for(network, organisation=network.cear, given="Oksana"),
        notes="Works nights at the port",
        school_lat=39.4123,
        school_lon=-0.3456,
    )
    login(client, network.users["coordinator"])
    page = client.get(reverse("housing:entry_detail", args=[entry.pk])).content.decode()
    assert f"W-{entry.pk}" in page
    for secret in ("Oksana", "Works nights", "39.4123"):
        assert secret not in page
    assert not ReadLog.objects.filter(record_type="waiting_list_entry").exists()


def test_opening_an_entry_is_logged(client: Client, network: Network) -> None:
    entry = waiting(network, notes="Ground floor")
    login(client, network.users["caseworker"])
    page = client.get(reverse("housing:entry_detail", args=[entry.pk])).content.decode()
    assert "Ground floor" in page
    assert ReadLog.objects.filter(record_type="waiting_list_entry", record_id=str(entry.pk)).count() == 1


def test_the_vacancies_board_filters_by_operator(client: Client, network: Network) -> None:
    unit_with_places(network, shelter(network, name="Casa CAI"))
    unit_with_places(network, shelter(network, operator=network.cear, name="Pis CEAR"))
    login(client, network.users["coordinator"])
    page = client.get(reverse("housing:vacancies"), {"organisation": network.cear.pk}).content.decode()
    assert "Pis CEAR" in page
    assert "Casa CAI" not in page
