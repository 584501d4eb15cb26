from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import translation

from acollida.emergency import selectors, services
from acollida.emergency.models import Arrival
from acollida.people.services import PersonData, person_register
from tests.conftest import Network, login
from tests.emergency.helpers import declare, register


def _form(wristband: str, **extra: str) -> dict[str, str]:
    return {"wristband": wristband, "sex": "U", **extra}


def test_quick_form_saves_and_returns_the_next_blank_form(network: Network, client: Client) -> None:
    operation = declare(network)
    login(client, network.users["caseworker"])
    url = reverse("emergency:register", kwargs={"slug": operation.slug})
    response = client.post(url, _form("W1", languages="ar fr", desk="3"), follow=True)
    assert response.redirect_chain[-1][0].startswith(url)
    assert Arrival.objects.get(wristband="W1").languages == ["ar", "fr"]
    assert response.context["form"].initial["desk"] == "3"
    assert b"autofocus" in response.content


def test_quick_form_duplicate_wristband_shows_an_error_and_keeps_the_input(
    network: Network, client: Client
) -> None:
    operation = declare(network)
    register(network, operation, "W1")
    login(client, network.users["caseworker"])
    with translation.override("en"):
        response = client.post(
            reverse("emergency:register", kwargs={"slug": operation.slug}), _form("W1", name_as_said="Yusuf")
        )
    assert response.status_code == 200
    assert "already registered" in str(response.context["form"].errors["wristband"])
    assert response.context["form"]["name_as_said"].value() == "Yusuf"


def test_board_counts_registered_triaged_placed_and_languages(network: Network) -> None:
    operation = declare(network)
    register(network, operation, "W1", languages=["ar"])
    second = register(network, operation, "W2", languages=["ar", "ti"], medical_urgent=True)
    services.arrival_triage(
        actor=network.users["caseworker"],
        arrival=second,
        data=services.ArrivalData(wristband="W2", languages=["ar"]),
    )
    board = selectors.board_for(user=network.users["coordinator"], operation=operation)
    assert (board.expected, board.registered, board.triaged, board.placed) == (629, 2, 1, 0)
    assert ("ar", 2, 0) in board.languages
    assert board.urgent == []


def test_board_lists_minors_for_coordinators_only(network: Network) -> None:
    operation = declare(network)
    register(network, operation, "W9", unaccompanied_minor=True)
    assert [
        a.wristband
        for a in selectors.board_for(user=network.users["coordinator"], operation=operation).minors
    ] == ["W9"]
    caseworker_board = selectors.board_for(user=network.users["caseworker"], operation=operation)
    assert caseworker_board.minors == []
    assert caseworker_board.minors_waiting == 1


def test_board_page_refreshes_itself(network: Network, client: Client) -> None:
    operation = declare(network)
    login(client, network.users["coordinator"])
    response = client.get(reverse("emergency:board", kwargs={"slug": operation.slug}))
    assert b'hx-trigger="every 15s"' in response.content


def test_conversion_shows_duplicate_candidates_first(network: Network, client: Client) -> None:
    operation = declare(network)
    person_register(
        actor=network.users["caseworker"],
        organisation=network.cai,
        data=PersonData(given_name="Amina", family_name="Diallo"),
        candidates_seen=0,
    )
    arrival = register(network, operation, "W1", name_as_said="Amina Diallo")
    login(client, network.users["caseworker"])
    url = reverse("emergency:arrival_convert", kwargs={"pk": arrival.pk})
    assert client.get(url).context["candidates"]
    response = client.post(url, {"organisation": network.cai.pk})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    arrival.refresh_from_db()
    assert arrival.person_id is None


def test_conversion_makes_person_and_case_without_typing_twice(network: Network, client: Client) -> None:
    operation = declare(network)
    arrival = register(
        network, operation, "W1", name_as_said="Yusuf Abdi", nationality="so", languages=["so"]
    )
    login(client, network.users["caseworker"])
    response = client.post(
        reverse("emergency:arrival_convert", kwargs={"pk": arrival.pk}),
        {"organisation": network.cai.pk, "reason": "x"},
    )
    arrival.refresh_from_db()
    assert response.status_code == 302
    assert arrival.case is not None and arrival.person is not None
    assert (arrival.person.given_name, arrival.person.family_name) == ("Yusuf", "Abdi")
    assert arrival.case.person_id == arrival.person_id


def test_minor_triage_page_is_hidden_from_the_registering_caseworker(
    network: Network, client: Client
) -> None:
    operation = declare(network)
    minor = register(network, operation, "W9", unaccompanied_minor=True)
    login(client, network.users["caseworker"])
    assert client.get(reverse("emergency:arrival_triage", kwargs={"pk": minor.pk})).status_code == 404


def test_manifest_screen_reports_the_failing_row(network: Network, client: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.emergency.helpers import manifest

    operation = declare(network)
    login(client, network.users["caseworker"])
    upload = SimpleUploadedFile("m.csv", manifest("W1,,,,,,,,,,", "W2,,,Q,,,,,,,"), content_type="text/csv")
    with translation.override("en"):
        response = client.post(
            reverse("emergency:import_manifest", kwargs={"slug": operation.slug}), {"file": upload}
        )
    assert response.status_code == 200
    assert response.context["errors"] == ["Row 3, column “sex”: Use F, M, X or U."]
    assert not Arrival.objects.exists()


def test_board_refresh_returns_the_panel_and_logs_the_listed_arrivals(
    network: Network, client: Client
) -> None:
    from acollida.core.models import ReadLog

    operation = declare(network)
    minor = register(network, operation, "W9", unaccompanied_minor=True)
    login(client, network.users["coordinator"])
    response = client.get(reverse("emergency:board", kwargs={"slug": operation.slug}), HTTP_HX_REQUEST="true")
    assert response.content.lstrip().startswith(b'<div id="board"')
    assert ReadLog.objects.filter(record_type="emergency_arrival", record_id=str(minor.pk)).exists()
