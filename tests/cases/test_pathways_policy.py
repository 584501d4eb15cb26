"""Who sees a case's pathways: the holder's staff who may open the case, and a referral's
receiver only while the referral is active and shares the "pathways" section."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from acollida.cases import selectors_pathways
from acollida.cases.models import Case, CasePathway, PathwayTemplate
from acollida.cases.services_pathways import pathway_start, pathway_templates_load, step_complete
from acollida.cases.services_referrals import consent_record, referral_accept, referral_send
from tests.api.conftest import bearer
from tests.cases.conftest import open_case
from tests.conftest import Network, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def pathway(network: Network, case: Case) -> CasePathway:
    pathway_templates_load(language="en")
    template = PathwayTemplate.objects.get(code="padron", organisation__isnull=True)
    return pathway_start(actor=network.users["caseworker"], case=case, template=template)


def _refer(network: Network, case: Case, sections: list[str]) -> None:
    consent = consent_record(
        actor=network.users["caseworker"], case=case, purposes=["referral"], method="spoken"
    )
    referral = referral_send(
        actor=network.users["caseworker"],
        case=case,
        to_organisation=network.cear,
        service="Legal advice",
        purpose="Asylum",
        sections=sections,
        expires_on=timezone.localdate() + timedelta(days=30),
        consent=consent,
    )
    referral_accept(actor=network.users["ngo_caseworker"], referral=referral)


def _sees(network: Network, who: str, pathway: CasePathway) -> bool:
    return selectors_pathways.pathways_visible(network.users[who]).filter(pk=pathway.pk).exists()


def test_the_holders_staff_see_the_pathways(network: Network, pathway: CasePathway) -> None:
    assert _sees(network, "caseworker", pathway)
    assert _sees(network, "coordinator", pathway)


def test_another_organisation_does_not(network: Network, pathway: CasePathway) -> None:
    assert not _sees(network, "ngo_caseworker", pathway)
    assert not _sees(network, "org_admin", pathway)


def test_a_restricted_case_hides_its_pathways_from_other_caseworkers(network: Network) -> None:
    pathway_templates_load(language="en")
    template = PathwayTemplate.objects.get(code="padron", organisation__isnull=True)
    restricted = open_case(network, "coordinator", sensitivity="restricted")
    pathway = pathway_start(actor=network.users["coordinator"], case=restricted, template=template)
    assert not _sees(network, "caseworker", pathway)


def test_a_referral_sharing_the_pathways_shows_them_to_the_receiver(
    network: Network, case: Case, pathway: CasePathway
) -> None:
    _refer(network, case, ["identity", "pathways"])
    assert _sees(network, "ngo_caseworker", pathway)


def test_a_referral_without_the_pathways_section_keeps_them_hidden(
    network: Network, case: Case, pathway: CasePathway
) -> None:
    _refer(network, case, ["identity", "needs"])
    assert not _sees(network, "ngo_caseworker", pathway)
    response = Client().get(f"/api/v1/cases/{case.pk}/pathways", **bearer(network, "ngo_caseworker"))
    assert response.status_code == 200 and response.json() == []


def test_a_receiver_reads_shared_pathways_but_cannot_record_steps(
    network: Network, client: Client, case: Case, pathway: CasePathway
) -> None:
    from django.core.exceptions import PermissionDenied

    _refer(network, case, ["identity", "pathways"])
    step = pathway.steps.get(order=1)
    with pytest.raises(PermissionDenied):
        step_complete(actor=network.users["ngo_caseworker"], step=step)
    login(client, network.users["ngo_caseworker"])
    response = client.post(reverse("cases:pathway_step", args=[case.pk, step.pk]), {"action": "done"})
    assert response.status_code == 403
