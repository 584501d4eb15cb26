"""The case page checks a case once (``policy.case_access``) and hands that to its sections: what
each section reads of one case through it is exactly what the ``*_visible_to`` functions give,
for the holder's staff, a receiver of a referral and anyone else."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from acollida.cases.models import Case, CaseDocument, CasePathway, Consent, PathwayTemplate, Referral
from acollida.cases.services_pathways import pathway_start, pathway_templates_load
from acollida.cases.services_referrals import consent_record, referral_accept, referral_send
from acollida.core import policy
from tests.cases.test_documents import upload
from tests.conftest import Network

WHO = ("caseworker", "coordinator", "ngo_caseworker", "volunteer", "dpo", "outsider")


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Iterator[Path]:
    settings.MEDIA_ROOT = str(tmp_path)
    yield tmp_path


def _refer(network: Network, case: Case, to: str, sections: list[str], accept: bool = True) -> Referral:
    consent = consent_record(
        actor=network.users["caseworker"], case=case, purposes=["referral"], method="spoken"
    )
    referral = referral_send(
        actor=network.users["caseworker"],
        case=case,
        to_organisation=getattr(network, to),
        service="Legal advice",
        purpose="Asylum interview",
        sections=sections,
        expires_on=timezone.localdate() + timedelta(days=30),
        consent=consent,
    )
    if accept:
        referral_accept(actor=network.users["ngo_caseworker"], referral=referral)
    return referral


def _fill(network: Network, case: Case) -> None:
    """A document of each kind, a pathway, and referrals (with their consents) to CEAR and Accem."""
    upload(network, case, title="Lease")
    upload(network, case, title="Medical report", is_special_category=True)
    pathway_templates_load(language="en")
    template = PathwayTemplate.objects.get(code="padron", organisation__isnull=True)
    pathway_start(actor=network.users["caseworker"], case=case, template=template)
    _refer(network, case, "accem", ["needs"], accept=False)


def _ids(qs: QuerySet[Any]) -> set[int]:
    return set(qs.values_list("pk", flat=True))


def _agree(user: Any, case: Case) -> None:
    access = policy.case_access(user, case)
    pairs = (
        (policy.case_pathways_for, policy.case_pathways_visible_to, CasePathway),
        (policy.case_documents_for, policy.case_documents_visible_to, CaseDocument),
        (policy.case_referrals_for, policy.referrals_visible_to, Referral),
        (policy.case_consents_for, policy.consents_visible_to, Consent),
    )
    for one_case, visible_to, model in pairs:
        everything = model._default_manager.all()
        assert _ids(one_case(access, everything)) == _ids(visible_to(user, everything.filter(case=case))), (
            user.username,
            model.__name__,
        )
    assert set(access.sections) == policy.case_sections_for(user, case)


@pytest.mark.parametrize("sections", [["needs"], ["needs", "documents", "pathways"], ["identity"]])
def test_each_section_read_through_the_case_access_agrees_with_the_policy(
    network: Network, case: Case, sections: list[str]
) -> None:
    _fill(network, case)
    _refer(network, case, "cear", sections)
    for who in WHO:
        _agree(network.users[who], case)


def test_a_receiver_reads_the_shared_documents_but_not_the_special_category_ones(
    network: Network, case: Case
) -> None:
    _fill(network, case)
    _refer(network, case, "cear", ["documents"])
    access = policy.case_access(network.users["ngo_caseworker"], case)
    documents = policy.case_documents_for(access, CaseDocument.objects.all())
    assert not access.held
    assert list(documents.values_list("title", flat=True)) == ["Lease"]


def test_the_holder_reads_every_section_in_one_query(
    network: Network, case: Case, django_assert_num_queries: Any
) -> None:
    user = network.users["caseworker"]
    policy.memberships_of(user)
    with django_assert_num_queries(1):
        access = policy.case_access(user, case)
    assert access.held and access.sections == policy.CASE_SECTIONS


def test_a_referral_not_accepted_opens_nothing(network: Network, case: Case) -> None:
    _refer(network, case, "cear", ["needs", "documents"], accept=False)
    access = policy.case_access(network.users["ngo_caseworker"], case)
    assert not access.held and access.sections == frozenset()
    assert not policy.case_documents_for(access, CaseDocument.objects.all()).exists()
