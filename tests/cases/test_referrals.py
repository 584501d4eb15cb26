"""Referrals: the isolation story. A CAI case referred to CEAR with the person's consent; Accem, a
third NGO, never sees it; expiry, withdrawal of consent, decline and withdrawal end or refuse access.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from acollida.cases.models import Case, Consent, Referral
from acollida.cases.services_referrals import (
    consent_record,
    consent_withdraw,
    referral_accept,
    referral_decline,
    referral_record_outcome,
    referral_send,
    referral_withdraw,
)
from acollida.core import policy
from acollida.core.models import ReadLog, Role, User
from acollida.people.models import Person
from tests.cases.conftest import open_case
from tests.conftest import Network, make_user


def consent(network: Network, case: Case, **kwargs: Any) -> Consent:
    kwargs.setdefault("purposes", ["referral"])
    kwargs.setdefault("method", "spoken")
    return consent_record(actor=network.users["caseworker"], case=case, **kwargs)


def refer(network: Network, case: Case, who: str = "caseworker", **kwargs: Any) -> Referral:
    kwargs.setdefault("to_organisation", network.cear)
    kwargs.setdefault("service", "Legal advice")
    kwargs.setdefault("purpose", "Asylum interview preparation")
    kwargs.setdefault("sections", ["identity", "needs"])
    kwargs.setdefault("expires_on", timezone.localdate() + timedelta(days=30))
    if "consent" not in kwargs and not kwargs.get("override_reason"):
        kwargs["consent"] = consent(network, case)
    return referral_send(actor=network.users[who], case=case, **kwargs)


def accepted(network: Network, case: Case, **kwargs: Any) -> Referral:
    referral = refer(network, case, **kwargs)
    return referral_accept(actor=network.users["ngo_caseworker"], referral=referral)


def sees(user: User, case: Case) -> bool:
    return Case.objects.visible_to(user).filter(pk=case.pk).exists()


@pytest.fixture
def accem_caseworker(network: Network) -> User:
    return make_user("accem_caseworker", (network.accem, Role.CASEWORKER))


def test_sent_referral_does_not_open_the_case_to_the_receiver(network: Network, case: Case) -> None:
    refer(network, case)
    assert not sees(network.users["ngo_caseworker"], case)


def test_sent_referral_is_visible_to_the_receiver_to_decide(network: Network, case: Case) -> None:
    referral = refer(network, case)
    receiver = network.users["ngo_caseworker"]
    assert policy.referrals_visible_to(receiver, Referral.objects.all()).filter(pk=referral.pk).exists()


def test_accepted_referral_opens_the_case_to_the_receiver(network: Network, case: Case) -> None:
    accepted(network, case)
    assert sees(network.users["ngo_caseworker"], case)


def test_receiver_sees_only_the_sections_shared(network: Network, case: Case) -> None:
    accepted(network, case, sections=["needs", "plan"])
    assert policy.case_sections_for(network.users["ngo_caseworker"], case) == {"needs", "plan"}


def test_holder_staff_see_every_section(network: Network, case: Case) -> None:
    accepted(network, case, sections=["needs"])
    assert policy.case_sections_for(network.users["caseworker"], case) == set(policy.CASE_SECTIONS)


def test_third_ngo_cannot_open_a_referred_case(network: Network, case: Case, accem_caseworker: User) -> None:
    accepted(network, case)
    assert not sees(accem_caseworker, case)
    assert policy.case_sections_for(accem_caseworker, case) == set()
    assert not policy.referrals_visible_to(accem_caseworker, Referral.objects.all()).exists()


def test_receiver_does_not_see_the_cases_other_referrals(
    network: Network, case: Case, accem_caseworker: User
) -> None:
    accepted(network, case)
    to_accem = refer(network, case, to_organisation=network.accem)
    visible = policy.referrals_visible_to(network.users["ngo_caseworker"], Referral.objects.all())
    assert not visible.filter(pk=to_accem.pk).exists()


def test_volunteer_of_the_receiver_cannot_open_the_case(network: Network, case: Case) -> None:
    accepted(network, case)
    assert not sees(network.users["volunteer"], case)


def test_expiry_ends_access(network: Network, case: Case) -> None:
    accepted(network, case, expires_on=timezone.localdate() + timedelta(days=10))
    with time_machine.travel(timezone.now() + timedelta(days=11)):
        assert not sees(network.users["ngo_caseworker"], case)


def test_access_lasts_until_the_last_day(network: Network, case: Case) -> None:
    accepted(network, case, expires_on=timezone.localdate() + timedelta(days=10))
    with time_machine.travel(timezone.now() + timedelta(days=10)):
        assert sees(network.users["ngo_caseworker"], case)


def test_consent_expiry_ends_access(network: Network, case: Case) -> None:
    given = consent(network, case, expires_on=timezone.localdate() + timedelta(days=5))
    accepted(network, case, consent=given)
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        assert not sees(network.users["ngo_caseworker"], case)


def test_consent_withdrawal_ends_access_at_once(network: Network, case: Case) -> None:
    given = consent(network, case)
    referral = accepted(network, case, consent=given)
    consent_withdraw(actor=network.users["caseworker"], consent=given)
    referral.refresh_from_db()
    assert referral.ended_at is not None
    assert not sees(network.users["ngo_caseworker"], case)


def test_consent_withdrawal_ends_access_even_if_a_row_was_left_unended(network: Network, case: Case) -> None:
    """The policy reads the consent itself, not only the referral's end."""
    given = consent(network, case)
    accepted(network, case, consent=given)
    Consent.objects.filter(pk=given.pk).update(withdrawn_at=timezone.now())
    assert not sees(network.users["ngo_caseworker"], case)


def test_decline_gives_nothing(network: Network, case: Case) -> None:
    referral = refer(network, case)
    referral_decline(actor=network.users["ngo_caseworker"], referral=referral, reason="No places")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DECLINED
    assert referral.decline_reason == "No places"
    assert not sees(network.users["ngo_caseworker"], case)


def test_decline_needs_a_reason(network: Network, case: Case) -> None:
    referral = refer(network, case)
    with pytest.raises(ValidationError):
        referral_decline(actor=network.users["ngo_caseworker"], referral=referral, reason="  ")


def test_sender_cannot_accept_their_own_referral(network: Network, case: Case) -> None:
    referral = refer(network, case)
    with pytest.raises(PermissionDenied):
        referral_accept(actor=network.users["caseworker"], referral=referral)


def test_outcome_is_recorded_and_ends_the_sharing(network: Network, case: Case) -> None:
    referral = accepted(network, case)
    receiver = network.users["ngo_caseworker"]
    referral_record_outcome(actor=receiver, referral=referral, outcome="Interview done")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.COMPLETED
    assert referral.outcome == "Interview done"
    assert not sees(network.users["ngo_caseworker"], case)


def test_sender_withdraws_and_the_receiver_loses_access(network: Network, case: Case) -> None:
    referral = accepted(network, case)
    referral_withdraw(actor=network.users["caseworker"], referral=referral)
    assert not sees(network.users["ngo_caseworker"], case)


def test_receiver_cannot_withdraw(network: Network, case: Case) -> None:
    referral = accepted(network, case)
    with pytest.raises(PermissionDenied):
        referral_withdraw(actor=network.users["ngo_caseworker"], referral=referral)


def test_referral_without_consent_is_refused(network: Network, case: Case) -> None:
    with pytest.raises(ValidationError) as raised:
        refer(network, case, consent=None)
    assert "override_reason" in raised.value.message_dict


def test_caseworker_cannot_override_missing_consent(network: Network, case: Case) -> None:
    with pytest.raises(ValidationError) as raised:
        refer(network, case, consent=None, override_reason="Urgent: eviction tomorrow")
    assert "override_reason" in raised.value.message_dict
    assert not Referral.objects.exists()


def test_coordinator_overrides_with_a_reason(network: Network, case: Case) -> None:
    referral = refer(network, case, who="coordinator", consent=None, override_reason="Eviction tomorrow")
    assert referral.consent is None
    assert referral.override_reason == "Eviction tomorrow"


def test_coordinator_override_needs_a_reason(network: Network, case: Case) -> None:
    with pytest.raises(ValidationError):
        refer(network, case, who="coordinator", consent=None, override_reason=" ")


def test_override_is_in_the_change_log_and_the_read_log(network: Network, case: Case) -> None:
    referral = refer(network, case, who="coordinator", consent=None, override_reason="Eviction tomorrow")
    entry = LogEntry.objects.get_for_object(referral).get()
    assert entry.additional_data["referral_override"] is True
    assert entry.actor == network.users["coordinator"]
    assert "Eviction" not in str(entry.changes)  # the reason is masked in the change log
    log = ReadLog.objects.get(record_type="case", record_id=str(case.pk))
    assert log.user == network.users["coordinator"]
    assert log.purpose.startswith("referral without consent")


def test_consent_for_another_organisation_does_not_cover_the_referral(network: Network, case: Case) -> None:
    for_accem = consent(network, case, organisation=network.accem)
    with pytest.raises(ValidationError) as raised:
        refer(network, case, consent=for_accem)
    assert "consent" in raised.value.message_dict


def test_consent_for_reminders_only_does_not_cover_the_referral(network: Network, case: Case) -> None:
    reminders = consent(network, case, purposes=["reminders"])
    with pytest.raises(ValidationError):
        refer(network, case, consent=reminders)


def test_withdrawn_consent_does_not_cover_a_new_referral(network: Network, case: Case) -> None:
    given = consent(network, case)
    consent_withdraw(actor=network.users["caseworker"], consent=given)
    with pytest.raises(ValidationError):
        refer(network, case, consent=given)


def test_receiver_cannot_refer_the_case_on(network: Network, case: Case, accem_caseworker: User) -> None:
    accepted(network, case)
    with pytest.raises(PermissionDenied):
        referral_send(
            actor=network.users["ngo_caseworker"],
            case=case,
            to_organisation=network.accem,
            service="Housing",
            purpose="x",
            sections=["needs"],
            expires_on=timezone.localdate() + timedelta(days=5),
            override_reason="x",
        )


def test_protected_case_needs_its_named_staff_and_a_reason(network: Network) -> None:
    case = open_case(network, sensitivity="protected")
    given = consent(network, case)
    with pytest.raises(ValidationError):
        refer(network, case, consent=given)
    referral = refer(network, case, consent=given, override_reason="Safe house placement")
    assert referral.override_reason == "Safe house placement"


def test_coordinator_not_named_cannot_refer_a_protected_case(network: Network) -> None:
    case = open_case(network, sensitivity="protected")
    with pytest.raises(PermissionDenied):
        refer(network, case, who="coordinator", consent=None, override_reason="x")


def test_protected_case_referred_never_shows_the_location(network: Network) -> None:
    case = open_case(network, sensitivity="protected")
    referral = refer(network, case, override_reason="Safe house placement")
    referral_accept(actor=network.users["ngo_caseworker"], referral=referral)
    seen = Case.objects.visible_to(network.users["ngo_caseworker"]).get(pk=case.pk)
    assert seen.hides_location


def test_identity_shared_opens_the_person_to_the_receiver(network: Network, case: Case) -> None:
    accepted(network, case, sections=["identity", "needs"])
    assert Person.objects.visible_to(network.users["ngo_caseworker"]).filter(pk=case.person_id).exists()


def test_identity_not_shared_keeps_the_person_closed(network: Network, case: Case) -> None:
    accepted(network, case, sections=["needs"])
    assert not Person.objects.visible_to(network.users["ngo_caseworker"]).filter(pk=case.person_id).exists()


def test_protected_person_is_never_opened_by_a_referral(network: Network) -> None:
    case = open_case(network, sensitivity="protected")
    Person.objects.filter(pk=case.person_id).update(is_protected=True)
    case.person.protected_staff.add(network.users["caseworker"])  # type: ignore[union-attr]
    referral = refer(network, case, override_reason="Safe house", sections=["identity"])
    referral_accept(actor=network.users["ngo_caseworker"], referral=referral)
    assert not Person.objects.visible_to(network.users["ngo_caseworker"]).filter(pk=case.person_id).exists()


def test_expired_referral_cannot_be_accepted(network: Network, case: Case) -> None:
    referral = refer(network, case, expires_on=timezone.localdate() + timedelta(days=2))
    with time_machine.travel(timezone.now() + timedelta(days=3)), pytest.raises(ValidationError):
        referral_accept(actor=network.users["ngo_caseworker"], referral=referral)


def test_a_second_open_referral_to_the_same_organisation_is_refused(network: Network, case: Case) -> None:
    refer(network, case)
    with pytest.raises(ValidationError):
        refer(network, case)


def test_referral_to_the_holder_itself_is_refused(network: Network, case: Case) -> None:
    with pytest.raises(ValidationError):
        refer(network, case, to_organisation=network.cai)


def test_referral_longer_than_a_year_is_refused(network: Network, case: Case) -> None:
    with pytest.raises(ValidationError):
        refer(network, case, expires_on=timezone.localdate() + timedelta(days=400))
