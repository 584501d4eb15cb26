"""Transfer: a coordinator of the holder hands the whole case to another organisation."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from acollida.cases.models import Case, CaseTransfer
from acollida.cases.services import case_open
from acollida.cases.services_referrals import case_transfer, consent_record
from acollida.core.models import User
from acollida.people.households import household_create, household_member_join
from acollida.people.models import AccessGrant, Person
from tests.cases.conftest import open_case
from tests.conftest import Network


def transfer(network: Network, case: Case, who: str = "coordinator", **kwargs: object) -> CaseTransfer:
    kwargs.setdefault("to_organisation", network.cear)
    kwargs.setdefault("reason", "The person moved to CEAR's reception programme")
    return case_transfer(actor=network.users[who], case=case, **kwargs)  # type: ignore[arg-type]


def sees(user: User, case: Case) -> bool:
    return Case.objects.visible_to(user).filter(pk=case.pk).exists()


def test_transfer_moves_the_holding_organisation(network: Network, case: Case) -> None:
    record = transfer(network, case)
    case.refresh_from_db()
    assert case.organisation == network.cear
    assert case.responsible is None
    assert record.from_organisation == network.cai
    assert record.transferred_by == network.users["coordinator"]


def test_old_holder_loses_access_and_new_holder_gains_it(network: Network, case: Case) -> None:
    transfer(network, case)
    assert not sees(network.users["caseworker"], case)
    assert not sees(network.users["coordinator"], case)
    assert sees(network.users["ngo_caseworker"], case)


def test_person_record_follows_when_the_old_holder_has_no_other_open_case(
    network: Network, case: Case
) -> None:
    transfer(network, case)
    person = Person.objects.get(pk=case.person_id)
    assert person.organisation == network.cear


def _household_case_at_cai(network: Network, case: Case) -> Case:
    actor = network.users["caseworker"]
    household = household_create(actor=actor, organisation=network.cai, name="Diallo")
    assert case.person is not None
    household_member_join(actor=actor, household=household, person=case.person, relationship="head")
    return case_open(actor=actor, organisation=network.cai, household=household)


def test_person_record_stays_while_the_old_holder_keeps_their_household_case(
    network: Network, case: Case
) -> None:
    _household_case_at_cai(network, case)
    consent = consent_record(
        actor=network.users["caseworker"], case=case, purposes=["sharing"], method="written"
    )
    transfer(network, case, consent=consent)
    assert Person.objects.get(pk=case.person_id).organisation == network.cai
    assert sees(network.users["ngo_caseworker"], case)
    assert AccessGrant.objects.filter(person_id=case.person_id, organisation=network.cear).exists()


def test_person_record_kept_by_the_old_holder_needs_consent_to_be_shared(
    network: Network, case: Case
) -> None:
    _household_case_at_cai(network, case)
    with pytest.raises(ValidationError) as raised:
        transfer(network, case)
    assert "consent" in raised.value.message_dict
    case.refresh_from_db()
    assert case.organisation == network.cai


def test_caseworker_cannot_transfer(network: Network, case: Case) -> None:
    with pytest.raises(PermissionDenied):
        transfer(network, case, who="caseworker")


def test_receiver_staff_cannot_transfer(network: Network, case: Case) -> None:
    with pytest.raises(PermissionDenied):
        transfer(network, case, who="ngo_caseworker", to_organisation=network.accem)


def test_transfer_needs_a_reason(network: Network, case: Case) -> None:
    with pytest.raises(ValidationError) as raised:
        transfer(network, case, reason="  ")
    assert "reason" in raised.value.message_dict


def test_protected_case_is_not_transferred(network: Network) -> None:
    case = open_case(network, sensitivity="protected")
    case.protected_staff.add(network.users["coordinator"])
    with pytest.raises(ValidationError):
        transfer(network, case)


def test_consent_for_another_organisation_is_refused(network: Network, case: Case) -> None:
    consent = consent_record(
        actor=network.users["caseworker"],
        case=case,
        purposes=["referral"],
        method="written",
        organisation=network.accem,
    )
    with pytest.raises(ValidationError) as raised:
        transfer(network, case, consent=consent)
    assert "consent" in raised.value.message_dict
