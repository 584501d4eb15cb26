"""Cases never cross an organisation boundary except through an active referral: a property.

Random organisations, staff with random roles, cases of persons held by random organisations (some
restricted or protected, some persons protected, with random named staff), and random referrals of
them to random organisations: any status, ending before or after today, ended or not, on no consent,
a standing one, a withdrawn one or an expired one. For every member of staff: the cases they may
open are exactly those held where they read persons (within the case's sensitivity) plus those
referred to an organisation where they read persons by an accepted, unended, unexpired referral on a
standing consent (or a logged override); a receiver reads only the sections shared (the API's case
file is checked for a marker in each section); a referred person opens only when "identity" is
shared and never when protected. The expected sets are computed here from the drawn network,
independently of ``policy.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from acollida.cases.models import Case, Consent, Need, Referral
from acollida.core import policy
from acollida.core.models import Membership, Organisation, OrganisationKind, Role, User
from acollida.people.models import Person
from tests.conftest import login

READERS = [Role.CASEWORKER, Role.COORDINATOR]
ROLES = [*READERS, *READERS, Role.VOLUNTEER, Role.DPO]
STATUSES = [s.value for s in Referral.Status]
CONSENTS = ["none", "standing", "withdrawn", "expired"]
SECTIONS = ["identity", "needs", "plan", "timeline"]


@dataclass
class CaseSpec:
    holder: int
    sensitivity: str
    person_protected: bool
    named: list[int]  # users named on the case and on the person


@dataclass
class ReferralSpec:
    case: int
    to: int
    status: str
    days: int  # expires_on = today + days (negative: already expired)
    ended: bool
    consent: str
    sections: list[str]


@dataclass
class Spec:
    organisations: int
    memberships: list[list[tuple[int, str]]]
    cases: list[CaseSpec]
    referrals: list[ReferralSpec]


@st.composite
def specs(draw: st.DrawFn) -> Spec:
    organisations = draw(st.integers(2, 3))
    users = draw(st.integers(2, 4))
    memberships = [
        draw(st.lists(st.tuples(st.integers(0, organisations - 1), st.sampled_from(ROLES)), max_size=2))
        for _ in range(users)
    ]
    cases = draw(
        st.lists(
            st.builds(
                CaseSpec,
                holder=st.integers(0, organisations - 1),
                sensitivity=st.sampled_from(["normal", "normal", "restricted", "protected"]),
                person_protected=st.booleans(),
                named=st.lists(st.integers(0, users - 1), max_size=2, unique=True),
            ),
            min_size=1,
            max_size=3,
        )
    )
    referrals = draw(
        st.lists(
            st.builds(
                ReferralSpec,
                case=st.integers(0, len(cases) - 1),
                to=st.integers(0, organisations - 1),
                status=st.sampled_from(STATUSES),
                days=st.integers(-2, 3),
                ended=st.booleans(),
                consent=st.sampled_from(CONSENTS),
                sections=st.lists(st.sampled_from(SECTIONS), min_size=1, max_size=4, unique=True),
            ),
            min_size=1,
            max_size=4,
        )
    )
    return Spec(organisations, memberships, cases, referrals)


def need_marker(c: int) -> str:
    return f"Zn{chr(ord('a') + c)}need"


def build(spec: Spec) -> tuple[list[User], list[Case]]:
    orgs = [
        Organisation.objects.create(name=f"Org {i}", slug=f"org-{i}", kind=OrganisationKind.NGO)
        for i in range(spec.organisations)
    ]
    users = []
    for u, memberships in enumerate(spec.memberships):
        user = User.objects.create_user(username=f"user{u}", password="correct horse battery staple")
        for org, role in dict.fromkeys(memberships):
            Membership.objects.get_or_create(user=user, organisation=orgs[org], role=role)
        users.append(user)
    opener = User.objects.create_user(username="opener")
    cases = []
    for c, case_spec in enumerate(spec.cases):
        person = Person.objects.create(
            organisation=orgs[case_spec.holder], family_name="Diallo", is_protected=case_spec.person_protected
        )
        person.protected_staff.set([users[u] for u in case_spec.named])
        case = Case.objects.create(
            organisation=orgs[case_spec.holder],
            person=person,
            reference=f"C-{c}",
            sensitivity=case_spec.sensitivity,
            opened_by=opener,
        )
        case.protected_staff.set([users[u] for u in case_spec.named])
        Need.objects.create(case=case, area="housing", description=need_marker(c))
        cases.append(case)
    today = timezone.localdate()
    for r in spec.referrals:
        case = cases[r.case]
        consent = None
        if r.consent != "none":
            consent = Consent.objects.create(
                person=case.person,
                case=case,
                purposes=["referral"],
                method="spoken",
                given_on=today - timedelta(days=5),
                expires_on=today - timedelta(days=1) if r.consent == "expired" else None,
                withdrawn_at=timezone.now() if r.consent == "withdrawn" else None,
                recorded_by=opener,
            )
        Referral.objects.create(
            case=case,
            from_organisation=case.organisation,
            to_organisation=orgs[r.to],
            service="Legal advice",
            purpose="help",
            sections=r.sections,
            consent=consent,
            override_reason="" if consent else "urgent",
            expires_on=today + timedelta(days=r.days),
            status=r.status,
            sent_by=opener,
            ended_at=timezone.now() if r.ended else None,
        )
    return users, cases


def reads_at(spec: Spec, u: int, organisation: int) -> bool:
    return any(org == organisation and role in READERS for org, role in spec.memberships[u])


def coordinates_at(spec: Spec, u: int, organisation: int) -> bool:
    return (organisation, Role.COORDINATOR) in spec.memberships[u]


def holds(spec: Spec, u: int, c: int) -> bool:
    case = spec.cases[c]
    if not reads_at(spec, u, case.holder):
        return False
    if case.person_protected and u not in case.named:
        return False
    if case.sensitivity == "restricted":
        return coordinates_at(spec, u, case.holder) or u in case.named
    if case.sensitivity == "protected":
        return u in case.named
    return True


def active_referrals(spec: Spec, u: int, c: int) -> list[ReferralSpec]:
    return [
        r
        for r in spec.referrals
        if r.case == c
        and r.status == "accepted"
        and not r.ended
        and r.days >= 0
        and r.consent in {"none", "standing"}
        and reads_at(spec, u, r.to)
    ]


def sections(spec: Spec, u: int, c: int) -> set[str]:
    if holds(spec, u, c):
        return set(policy.CASE_SECTIONS)
    return {s for r in active_referrals(spec, u, c) for s in r.sections}


def person_opens(spec: Spec, u: int, c: int) -> bool:
    case = spec.cases[c]
    if reads_at(spec, u, case.holder):
        return not case.person_protected or u in case.named
    return not case.person_protected and "identity" in sections(spec, u, c)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=specs())
@example(
    # Always tried, from organisation 0 to the reader at organisation 1: an active referral on a
    # standing consent (needs only), one on a withdrawn consent, an expired one, one only sent,
    # and an active override of a protected person's case sharing identity.
    spec=Spec(
        organisations=2,
        memberships=[[(0, Role.CASEWORKER)], [(1, Role.CASEWORKER)]],
        cases=[
            CaseSpec(0, "normal", False, []),
            CaseSpec(0, "normal", False, []),
            CaseSpec(0, "normal", False, []),
            CaseSpec(0, "restricted", False, []),
            CaseSpec(0, "protected", True, [0]),
        ],
        referrals=[
            ReferralSpec(0, 1, "accepted", 0, False, "standing", ["needs"]),
            ReferralSpec(1, 1, "accepted", 3, False, "withdrawn", ["needs"]),
            ReferralSpec(2, 1, "accepted", -1, False, "standing", ["needs"]),
            ReferralSpec(3, 1, "sent", 3, False, "standing", ["needs"]),
            ReferralSpec(4, 1, "accepted", 3, False, "none", ["identity", "plan"]),
        ],
    )
)
def test_no_case_crosses_an_organisation_boundary_but_through_an_active_referral(
    db: None, spec: Spec
) -> None:
    with transaction.atomic():
        users, cases = build(spec)
        for u, user in enumerate(users):
            expected = {c for c in range(len(cases)) if holds(spec, u, c) or active_referrals(spec, u, c)}
            visible = set(Case.objects.visible_to(user).values_list("pk", flat=True))
            assert visible == {cases[c].pk for c in expected}, (u, spec)
            persons = set(Person.objects.visible_to(user).values_list("pk", flat=True))
            assert persons == {cases[c].person_id for c in range(len(cases)) if person_opens(spec, u, c)}, (
                u,
                spec,
            )
            client = login(Client(), user)
            for c, case in enumerate(cases):
                assert policy.case_sections_for(user, case) == (
                    sections(spec, u, c) if c in expected else set()
                )
                response = client.get(f"/api/v1/cases/{case.pk}")
                if c not in expected:
                    assert response.status_code in {403, 404}, (u, c, spec)
                    continue
                assert response.status_code == 200, (u, c, spec)
                body = response.json()
                assert (need_marker(c) in response.content.decode()) == ("needs" in sections(spec, u, c))
                assert (body["person_id"] is not None) == ("identity" in sections(spec, u, c))
        transaction.set_rollback(True)
