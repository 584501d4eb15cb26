"""Persons never cross organisation boundaries: a property over random networks.

Random organisations, staff with random roles, persons held by random organisations, some of them
protected with random named staff. For every member of staff and every way in (the persons list,
each person's API record and page, the search page and the search API): a person comes back in
full only if the policy lets the user open them; search may show a person held elsewhere only
redacted (initials, birth year, holder); a protected person appears to nobody but named staff.
Every name carries a unique marker so a leak cannot hide.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acollida.core.models import Membership, Organisation, OrganisationKind, Role, User
from acollida.people.models import Person
from tests.conftest import login

ROLES = [Role.CASEWORKER, Role.COORDINATOR, Role.ORG_ADMIN, Role.DPO, Role.VOLUNTEER, Role.RESEARCHER]
READERS = {Role.CASEWORKER, Role.COORDINATOR}


@dataclass
class Spec:
    organisations: int
    memberships: list[list[tuple[int, str]]]  # per user: (organisation, role)
    persons: list[tuple[int, bool, list[int]]]  # holder, protected, named staff (user indexes)


@st.composite
def specs(draw: st.DrawFn) -> Spec:
    organisations = draw(st.integers(2, 3))
    users = draw(st.integers(2, 4))
    memberships = [
        draw(st.lists(st.tuples(st.integers(0, organisations - 1), st.sampled_from(ROLES)), max_size=2))
        for _ in range(users)
    ]
    persons = draw(
        st.lists(
            st.tuples(
                st.integers(0, organisations - 1),
                st.booleans(),
                st.lists(st.integers(0, users - 1), max_size=2, unique=True),
            ),
            min_size=1,
            max_size=4,
        )
    )
    return Spec(organisations, memberships, persons)


def marker(index: int) -> str:
    return f"Zq{chr(ord('a') + index)}mark"


def build(spec: Spec) -> tuple[list[User], list[Person], list[Organisation]]:
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
    persons = []
    for p, (holder, protected, named) in enumerate(spec.persons):
        person = Person.objects.create(
            organisation=orgs[holder], given_name="Amina", family_name=marker(p), is_protected=protected
        )
        person.protected_staff.set([users[u] for u in named])
        persons.append(person)
    return users, persons, orgs


def may_open(spec: Spec, u: int, p: int) -> bool:
    holder, protected, named = spec.persons[p]
    reads_there = any(org == holder and role in READERS for org, role in spec.memberships[u])
    return reads_there and (not protected or u in named)


def may_find(spec: Spec, u: int, p: int) -> bool:
    _holder, protected, named = spec.persons[p]
    reads_anywhere = any(role in READERS for _org, role in spec.memberships[u])
    return reads_anywhere and (not protected or u in named)


def markers_in(text: str, count: int) -> set[int]:
    return {p for p in range(count) if marker(p) in text}


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=specs())
def test_no_person_crosses_an_organisation_boundary(db: None, spec: Spec) -> None:
    with transaction.atomic(), translation.override("en"):
        users, persons, _orgs = build(spec)
        count = len(persons)
        for u, user in enumerate(users):
            client = login(Client(), user)
            openable = {p for p in range(count) if may_open(spec, u, p)}
            findable = {p for p in range(count) if may_find(spec, u, p)}
            listed = client.get("/api/v1/persons", {"limit": 200})
            if listed.status_code == 200:
                assert markers_in(listed.content.decode(), count) <= openable, (u, spec)
            for p, person in enumerate(persons):
                api = client.get(f"/api/v1/persons/{person.pk}")
                page = client.get(reverse("people:detail", args=[person.pk]))
                if p in openable:
                    assert api.status_code == 200 and page.status_code == 200, (u, p, spec)
                else:
                    assert api.status_code in {401, 403, 404}, (u, p, spec)
                    assert page.status_code in {403, 404}, (u, p, spec)
                    assert marker(p) not in api.content.decode() + page.content.decode(), (u, p, spec)
            searched = client.get(reverse("people:search"), {"q": "Amina"})
            searched_api = client.get("/api/v1/persons/search", {"q": "Amina"})
            shown = searched.content.decode() + (
                searched_api.content.decode() if searched_api.status_code == 200 else ""
            )
            assert markers_in(shown, count) <= openable, (u, spec)
            if searched_api.status_code == 200:
                items = searched_api.json()
                ids = {persons.index(p) for p in persons if any(i["id"] == p.pk for i in items)}
                assert ids <= openable, (u, spec)
                assert len(items) <= len(findable), (u, spec)
                assert all(i["given_name"] is None for i in items if not i["visible"]), (u, spec)
        transaction.set_rollback(True)
