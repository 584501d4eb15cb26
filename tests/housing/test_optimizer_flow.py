"""The placement optimizer's flow: run, read the proposal, lock, reject, re-run and accept."""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import translation

from acollida.core.models import ReadLog
from acollida.housing import services, services_optimizer
from acollida.housing.models import (
    OptimizerMatch,
    OptimizerRun,
    Placement,
    PlaceStatus,
    Unit,
    WaitingListEntry,
)
from acollida.housing.solver import DEFAULT_BACKEND
from tests.conftest import Network, login
from tests.housing.factories import case_for, coordinator_of, shelter, unit_with_places, waiting

pytestmark = pytest.mark.django_db


def _entries(network: Network, *names: str, **data: object) -> list[WaitingListEntry]:
    return [waiting(network, case=case_for(network, given=name), **data) for name in names]


def _run(network: Network, **kwargs: object) -> OptimizerRun:
    return services_optimizer.optimizer_run(actor=network.users["coordinator"], time_limit=5, **kwargs)  # type: ignore[arg-type]


def _free_beds(unit: Unit) -> int:
    return sum(p.sleeps for p in unit.places.filter(status=PlaceStatus.FREE))


def test_matches_never_exceed_a_units_free_beds_and_place_each_household_once(network: Network) -> None:
    room = unit_with_places(network, shelter(network), name="Room 1", places=2)
    flat = unit_with_places(network, shelter(network, name="Pis Russafa"), name="Flat A", places=3)
    entries = _entries(network, "Amina", "Bilal", "Chen", "Daria")
    entries.append(waiting(network, case=case_for(network, given="Eva"), size=3, beds_needed=3))
    run = _run(network)
    beds: dict[int, int] = defaultdict(int)
    seen: list[int] = []
    for match in run.matches.select_related("entry"):
        beds[match.unit_id] += match.entry.beds_needed
        seen.append(match.entry_id)
    assert beds[room.pk] <= 2 and beds[flat.pk] <= 3
    assert len(seen) == len(set(seen)) == run.output["households_placed"]
    assert run.output["households_placed"] == 2  # one household per room


def test_a_women_only_place_goes_only_to_a_household_without_men(network: Network) -> None:
    women = shelter(network, name="Casa Dones", women_only=True)
    unit_with_places(network, women, name="Room W", places=1)
    man = waiting(network, case=case_for(network, given="Omar"), composition={"adults": 1, "men": 1})
    woman = waiting(network, case=case_for(network, given="Fatima"), women_only=True)
    run = _run(network)
    assert list(run.matches.values_list("entry_id", flat=True)) == [woman.pk]
    assert man.pk not in run.matches.values_list("entry_id", flat=True)


def test_places_already_reserved_are_not_proposed(network: Network) -> None:
    coordinator = network.users["coordinator"]
    unit = services.unit_save(actor=coordinator, accommodation=shelter(network), name="Dorm", rooms=3)
    services.places_add(actor=coordinator, unit=unit, count=2)
    first = waiting(network, case=case_for(network, given="Amina"))
    services.placement_reserve(actor=network.users["coordinator"], entry=first, unit=unit)
    _entries(network, "Bilal", "Chen")
    run = _run(network)
    assert run.matches.count() == 1
    assert (run.input["units"][0]["reserved_beds"], run.input["units"][0]["reserved_rooms"]) == (1, 1)


def test_the_stored_run_keeps_its_input_output_and_first_come_first_served_plan(network: Network) -> None:
    unit_with_places(network, shelter(network), places=1)
    _entries(network, "Amina", "Bilal")
    run = _run(network)
    run.refresh_from_db()
    assert len(run.input["households"]) == 2 and len(run.input["units"]) == 1
    assert run.input["time_limit"] == 5
    assert run.output["status"] == "optimal" and len(run.output["matches"]) == 1
    assert run.output["fcfs"]["households_placed"] == 1
    assert (run.status, run.gap, run.backend) == ("optimal", 0.0, DEFAULT_BACKEND)
    assert run.objective is not None and run.baseline_objective is not None
    assert run.created_by == network.users["coordinator"]


def test_every_match_explains_needs_met_score_parts_and_the_best_alternative(network: Network) -> None:
    step_free = shelter(network, name="Casa Planta Baixa", step_free=True, languages=["ar"])
    unit_with_places(network, step_free, name="Room S", places=1)
    unit_with_places(network, shelter(network, name="Casa Alta", step_free=True), name="Room T", places=1)
    waiting(network, case=case_for(network, given="Amina"), step_free=True, languages=["ar"])
    match = _run(network).matches.get()
    assert {"beds", "step_free", "language"} <= set(match.explanation["needs_met"])
    assert match.explanation["parts"]["language"] > 0
    assert match.explanation["alternative_unit_id"] is not None
    assert match.explanation["alternative_reason"] == "lower_score"


def test_a_rerun_keeps_locked_matches_and_never_proposes_rejected_ones(network: Network) -> None:
    room = unit_with_places(network, shelter(network), name="Room 1", places=1)
    other = unit_with_places(network, shelter(network, name="Casa B"), name="Room 2", places=1)
    amina, bilal = _entries(network, "Amina", "Bilal")
    first = _run(network)
    coordinator = network.users["coordinator"]
    locked = first.matches.get(entry=amina)
    rejected = first.matches.get(entry=bilal)
    services_optimizer.match_decide(actor=coordinator, match=locked, decision="lock")
    services_optimizer.match_decide(actor=coordinator, match=rejected, decision="reject")
    second = _run(network, previous=first)
    kept = second.matches.get(entry=amina)
    assert (kept.unit_id, kept.decision) == (locked.unit_id, OptimizerMatch.Decision.LOCKED)
    assert not second.matches.filter(entry=bilal, unit_id=rejected.unit_id).exists()
    assert {room.pk, other.pk} >= set(second.matches.values_list("unit_id", flat=True))
    third = _run(network, previous=second)
    assert not third.matches.filter(entry=bilal, unit_id=rejected.unit_id).exists()


def test_accepting_one_match_reserves_the_units_places_for_the_household(network: Network) -> None:
    unit = unit_with_places(network, shelter(network), places=2)
    (entry,) = _entries(network, "Amina")
    match = _run(network).matches.get()
    accepted = services_optimizer.match_accept(actor=network.users["coordinator"], match=match)
    placement = Placement.objects.get(entry=entry)
    assert accepted.placement == placement and placement.status == Placement.Status.RESERVED
    assert (accepted.decision, accepted.decided_by) == ("accepted", network.users["coordinator"])
    assert unit.places.filter(status=PlaceStatus.RESERVED).count() == 1
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.PLACED


def test_accept_all_reserves_every_open_match_and_reports_places_taken_meanwhile(network: Network) -> None:
    room = unit_with_places(network, shelter(network), name="Room 1", places=1)
    unit_with_places(network, shelter(network, name="Casa B"), name="Room 2", places=1)
    amina, bilal = _entries(network, "Amina", "Bilal")
    run = _run(network)
    taken_by = amina if run.matches.get(entry=bilal).unit_id == room.pk else bilal
    late = waiting(network, case=case_for(network, given="Chen"))
    lost = run.matches.exclude(entry=taken_by).get()
    services.placement_reserve(actor=network.users["coordinator"], entry=late, unit=lost.unit)
    result = services_optimizer.run_accept_all(actor=network.users["coordinator"], run=run)
    assert [m.entry_id for m in result.accepted] == [taken_by.pk]
    assert [m.pk for m, _message in result.failed] == [lost.pk]
    assert _free_beds(room) == 0 and lost.unit.places.filter(status=PlaceStatus.RESERVED).count() == 1
    assert Placement.objects.filter(unit=lost.unit).count() == 1


def test_a_caseworker_can_neither_run_nor_accept(network: Network) -> None:
    unit_with_places(network, shelter(network), places=1)
    _entries(network, "Amina")
    match = _run(network).matches.get()
    with pytest.raises(PermissionDenied):
        services_optimizer.optimizer_run(actor=network.users["caseworker"])
    with pytest.raises(PermissionDenied):
        services_optimizer.match_accept(actor=network.users["caseworker"], match=match)


def test_a_caseworker_gets_no_optimizer_page_and_cannot_accept_by_post(
    network: Network, client: Client
) -> None:
    unit_with_places(network, shelter(network), places=1)
    _entries(network, "Amina")
    run = _run(network)
    match = run.matches.get()
    login(client, network.users["caseworker"])
    assert client.get(reverse("housing:optimizer_detail", args=[run.pk])).status_code == 403
    response = client.post(reverse("housing:optimizer_accept", args=[run.pk, match.pk]))
    assert response.status_code == 403
    match.refresh_from_db()
    assert match.decision == OptimizerMatch.Decision.PROPOSED


def test_a_protected_address_of_another_organisation_is_never_shown(network: Network, client: Client) -> None:
    hidden = shelter(
        network,
        operator=network.cear,
        name="Casa Refugi",
        address="Carrer Secret 9",
        is_protected_address=True,
    )
    unit_with_places(network, hidden, places=1)
    _entries(network, "Amina")
    run = _run(network)
    login(client, network.users["coordinator"])
    with translation.override("en"):
        page = client.get(reverse("housing:optimizer_detail", args=[run.pk])).content.decode()
    assert "Casa Refugi" in page
    assert "Carrer Secret 9" not in page
    assert "protected address" in page


def test_a_coordinator_runs_accepts_and_the_page_logs_the_households_shown(
    network: Network, client: Client
) -> None:
    unit_with_places(network, shelter(network), places=1)
    (entry,) = _entries(network, "Amina")
    login(client, network.users["coordinator"])
    response = client.post(reverse("housing:optimizer_run"), {"time_limit": 3})
    run = OptimizerRun.objects.get()
    assert response["Location"].endswith(reverse("housing:optimizer_detail", args=[run.pk]))
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Amina" in page.content.decode()
    assert ReadLog.objects.filter(record_type="waiting_list_entry", record_id=str(entry.pk)).exists()
    match = run.matches.get()
    client.post(reverse("housing:optimizer_accept", args=[run.pk, match.pk]))
    match.refresh_from_db()
    assert match.decision == OptimizerMatch.Decision.ACCEPTED


def test_accept_all_asks_for_confirmation_before_reserving(network: Network, client: Client) -> None:
    unit_with_places(network, shelter(network), places=1)
    _entries(network, "Amina")
    run = _run(network)
    login(client, network.users["coordinator"])
    url = reverse("housing:optimizer_accept_all", args=[run.pk])
    assert client.get(url).status_code == 200
    assert not Placement.objects.exists()
    client.post(url)
    assert Placement.objects.count() == 1


def test_a_bad_time_limit_is_refused_with_a_message(network: Network, client: Client) -> None:
    login(client, network.users["coordinator"])
    with translation.override("en"):
        response = client.post(reverse("housing:optimizer_run"), {"time_limit": 5000}, follow=True)
    assert response.status_code == 200
    assert not OptimizerRun.objects.exists()
    assert "less than or equal to 60" in response.content.decode()


def test_the_api_runs_reads_and_accepts_without_returning_locations(network: Network, client: Client) -> None:
    unit = unit_with_places(network, shelter(network, lat=39.4699, lon=-0.3763), places=1)
    waiting(network, case=case_for(network, given="Amina"), school_lat=39.4712, school_lon=-0.3701)
    login(client, network.users["coordinator"])
    created = client.post("/api/v1/optimizer-runs", {"time_limit": 3}, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["households_placed"] == 1 and body["input"]["households"] == 1
    assert "39.4" not in created.content.decode()
    match = body["matches"][0]
    assert match["unit_id"] == unit.pk and match["score_parts"]["school"] > 0
    detail = client.get(f"/api/v1/optimizer-runs/{body['id']}")
    assert detail.status_code == 200 and detail.json()["matches"] == body["matches"]
    decided = client.post(
        f"/api/v1/optimizer-runs/{body['id']}/matches/{match['id']}/decision",
        {"decision": "accept"},
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["placement_id"] is not None


def test_the_api_refuses_a_caseworker(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    response = client.post("/api/v1/optimizer-runs", {}, content_type="application/json")
    assert response.status_code == 403
    assert not OptimizerRun.objects.exists()


def test_a_lock_that_no_longer_fits_is_released_and_named_on_the_next_run(network: Network) -> None:
    unit_with_places(network, shelter(network), places=2)
    (entry,) = _entries(network, "Amina")
    first = _run(network)
    services_optimizer.match_decide(
        actor=network.users["coordinator"], match=first.matches.get(), decision="lock"
    )
    services.waiting_entry_update(
        actor=network.users["caseworker"], entry=entry, data={"size": 3, "beds_needed": 3}
    )
    second = _run(network, previous=first)
    assert second.status == OptimizerRun.Status.OPTIMAL
    assert second.input["released_locks"] == [[str(entry.pk), str(first.matches.get().unit_id)]]
    assert not second.matches.exists()


def test_a_coordinator_who_may_not_open_the_case_sees_the_household_without_its_name(
    network: Network, client: Client
) -> None:
    unit_with_places(network, shelter(network), places=1)
    (entry,) = _entries(network, "Amina")
    run = _run(network)
    login(client, coordinator_of(network, network.cear))
    with translation.override("en"):
        page = client.get(reverse("housing:optimizer_detail", args=[run.pk])).content.decode()
    assert f"Household W-{entry.pk}" in page
    assert "Amina" not in page and "Haddad" not in page
