"""What keeps the workload pages fast with a large caseload (``bench/caseload.py``): a case is
checked against its own person, never against every person the user may open, with the same
outcome as ``persons_visible_to``; and Due this week takes as many queries for many goals as for one."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from acollida.cases.models import Case
from acollida.cases.services import case_open, goal_add
from acollida.people.models import AccessGrant, Person
from acollida.people.services import access_request_create
from acollida.people.services_access import access_request_grant
from tests.cases.conftest import open_case, register
from tests.conftest import Network, login


def _case_seen(user: object, case: Case) -> bool:
    return Case.objects.visible_to(user).filter(pk=case.pk).exists()


def _person_seen(user: object, person: Person) -> bool:
    return Person.objects.visible_to(user).filter(pk=person.pk).exists()


def test_the_case_condition_on_its_person_agrees_with_persons_visible_to(network: Network) -> None:
    plain = open_case(network)
    protected_named = open_case(network, person=register(network, is_protected=True))
    hidden = open_case(network, "coordinator")
    assert hidden.person is not None
    hidden.person.is_protected = True
    hidden.person.save()
    cases = [plain, protected_named, hidden]
    for who in ("caseworker", "coordinator", "ngo_caseworker", "volunteer"):
        user = network.users[who]
        for case in cases:
            assert case.person is not None
            if _case_seen(user, case):
                assert _person_seen(user, case.person), (who, case.person)
    assert [_case_seen(network.users["caseworker"], case) for case in cases] == [True, True, False]


def test_a_case_about_a_person_shared_by_an_active_grant_opens_to_the_grantee(network: Network) -> None:
    """A CEAR case about a CAI person it may open only through a grant: the grant path counts."""
    person = register(network)
    request = access_request_create(actor=network.users["ngo_caseworker"], person=person, reason="Follow-up")
    grant = access_request_grant(
        actor=network.users["caseworker"],
        request=request,
        basis=AccessGrant.Basis.CONSENT,
        basis_note="Spoken consent",
        expires_on=timezone.localdate() + timedelta(days=30),
    )
    case = case_open(actor=network.users["ngo_caseworker"], organisation=network.cear, person=person)
    assert _case_seen(network.users["ngo_caseworker"], case)
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    assert not _case_seen(network.users["ngo_caseworker"], case)


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_due_this_week_queries_do_not_grow_with_goals(network: Network, client: Client) -> None:
    actor = network.users["caseworker"]
    login(client, actor)
    due = f"{reverse('cases:mine')}?tab=due"
    goal_add(actor=actor, case=open_case(network), description="Padrón", target_date=timezone.localdate())
    _queries(client, due)  # warm the session and caches
    one = _queries(client, due)
    for index in range(29):
        case = open_case(network)
        goal_add(actor=actor, case=case, description=f"Goal {index}", target_date=timezone.localdate())
    assert _queries(client, due) == one
