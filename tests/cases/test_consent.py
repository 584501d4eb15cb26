"""Consent: recorded by the holder's staff with what it covers; withdrawn at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from acollida.cases.models import Case, Consent
from acollida.cases.services_referrals import consent_covers, consent_record, consent_withdraw
from acollida.core import policy
from tests.cases.conftest import register
from tests.conftest import Network


def record(network: Network, case: Case, who: str = "caseworker", **kwargs: object) -> Consent:
    kwargs.setdefault("purposes", ["referral"])
    kwargs.setdefault("method", "interpreter")
    return consent_record(actor=network.users[who], case=case, **kwargs)  # type: ignore[arg-type]


def test_consent_is_recorded_for_the_person_of_the_case(network: Network, case: Case) -> None:
    consent = record(network, case, purposes=["referral", "reminders"], note="Through an Arabic interpreter")
    assert consent.person_id == case.person_id
    assert consent.purposes == ["referral", "reminders"]
    assert consent.recorded_by == network.users["caseworker"]


def test_consent_needs_a_purpose(network: Network, case: Case) -> None:
    with pytest.raises(ValidationError) as raised:
        record(network, case, purposes=[])
    assert "purposes" in raised.value.message_dict


def test_unknown_purpose_is_refused(network: Network, case: Case) -> None:
    with pytest.raises(ValidationError):
        record(network, case, purposes=["marketing"])


def test_consent_cannot_be_given_in_the_future(network: Network, case: Case) -> None:
    with pytest.raises(ValidationError) as raised:
        record(network, case, given_on=timezone.localdate() + timedelta(days=1))
    assert "given_on" in raised.value.message_dict


def test_consent_cannot_end_in_the_past(network: Network, case: Case) -> None:
    with pytest.raises(ValidationError):
        record(network, case, expires_on=timezone.localdate() - timedelta(days=1))


def test_consent_for_someone_else_than_the_case_person_is_refused(network: Network, case: Case) -> None:
    other = register(network, given_name="Omar")
    with pytest.raises(ValidationError):
        record(network, case, person=other)


def test_another_organisations_staff_cannot_record_consent(network: Network, case: Case) -> None:
    with pytest.raises(PermissionDenied):
        record(network, case, who="ngo_caseworker")


def test_withdrawal_is_recorded_with_who_and_when(network: Network, case: Case) -> None:
    consent = record(network, case)
    consent_withdraw(actor=network.users["caseworker"], consent=consent)
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_by == network.users["caseworker"]


def test_consent_cannot_be_withdrawn_twice(network: Network, case: Case) -> None:
    consent = record(network, case)
    consent_withdraw(actor=network.users["caseworker"], consent=consent)
    with pytest.raises(ValidationError):
        consent_withdraw(actor=network.users["caseworker"], consent=consent)


def test_withdrawn_consent_covers_nothing(network: Network, case: Case) -> None:
    consent = record(network, case)
    assert consent_covers(consent, case, network.cear.pk, "referral")
    consent_withdraw(actor=network.users["caseworker"], consent=consent)
    consent.refresh_from_db()
    assert not consent_covers(consent, case, network.cear.pk, "referral")


def test_consents_are_visible_to_the_holder_only(network: Network, case: Case) -> None:
    consent = record(network, case)
    assert policy.consents_visible_to(network.users["caseworker"], Consent.objects.all()).get() == consent
    assert not policy.consents_visible_to(network.users["ngo_caseworker"], Consent.objects.all()).exists()
