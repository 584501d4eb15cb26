"""Tenant isolation, as a property: whatever the network looks like, nobody reads across it.

Hypothesis builds random networks: organisations (some sections of others, some inactive), staff
with random roles in random organisations (some memberships inactive) and API tokens scoped to
subsets of their organisations. For every member of staff (signed in) and every token, every page and
endpoint that lists or shows private records must keep to the organisations the policy gives them:

* staff records: organisations they manage (and those organisations' sections), plus their own;
* the read log: reads by, or of records of, organisations they audit (and their sections);
* API tokens: their own, and nobody else's;
* a token never reaches beyond the organisations it was scoped to.

The expected sets are computed here from the network as drawn, independently of ``policy.py``.
Private records are recognisable in responses by markers that no other text on a page can contain.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acollida.core.models import ApiToken, Membership, Organisation, OrganisationKind, ReadLog, Role, User
from tests.conftest import login

MANAGING_ROLES = {Role.ORG_ADMIN, Role.PLATFORM_ADMIN}
AUDITING_ROLES = {Role.DPO}


@dataclass(frozen=True)
class Spec:
    parents: list[int | None]  # organisation i's parent (an earlier index) or None
    inactive_orgs: frozenset[int]
    memberships: list[list[tuple[int, str, bool]]]  # per user: (organisation, role, active)
    tokens: list[tuple[int, frozenset[int]]]  # (user, organisations in scope)
    reads: list[tuple[int, int | None, int | None]]  # (reader, acting organisation, record organisation)


@st.composite
def specs(draw: st.DrawFn) -> Spec:
    n_orgs = draw(st.integers(2, 4))
    parents: list[int | None] = [None]
    for i in range(1, n_orgs):
        parents.append(draw(st.one_of(st.none(), st.integers(0, i - 1))))
    inactive = draw(st.frozensets(st.integers(0, n_orgs - 1), max_size=1))
    n_users = draw(st.integers(2, 4))
    roles = st.sampled_from(list(Role))
    held = [
        draw(st.lists(st.tuples(st.integers(0, n_orgs - 1), roles), max_size=3, unique=True))
        for _u in range(n_users)
    ]
    # A few memberships are inactive: they must grant nothing.
    memberships = [
        [(org, role, draw(st.sampled_from([True, True, True, False]))) for org, role in user] for user in held
    ]
    tokens: list[tuple[int, frozenset[int]]] = []
    for u, held in enumerate(memberships):
        orgs = sorted({org for org, _role, _active in held})
        if orgs and draw(st.booleans()):
            tokens.append((u, draw(st.frozensets(st.sampled_from(orgs), min_size=1))))
    org_or_none = st.one_of(st.none(), st.integers(0, n_orgs - 1))
    reads = draw(
        st.lists(st.tuples(st.integers(0, n_users - 1), org_or_none, org_or_none), min_size=1, max_size=6)
    )
    return Spec(parents, inactive, memberships, tokens, reads)


# Markers: characters that never occur in CSRF tokens, URLs or the templates' own text.
def org_marker(i: int) -> str:
    return f"Ω{i}Ω"


def username(u: int) -> str:
    return f"staff_{u}_zq"


def read_marker(k: int) -> str:
    return f"§{k}§"


def token_marker(t: int) -> str:
    return f"¶{t}¶"


@dataclass
class World:
    spec: Spec
    orgs: list[Organisation]
    users: list[User]
    memberships: list[list[Membership]]
    tokens: list[tuple[ApiToken, str]]
    reads: list[ReadLog]

    def descendants(self, roots: Iterable[int]) -> set[int]:
        found = set(roots)
        changed = True
        while changed:
            changed = False
            for i, parent in enumerate(self.spec.parents):
                if parent in found and i not in found:
                    found.add(i)
                    changed = True
        return found

    def acting(self, u: int, scope: frozenset[int] | None) -> list[tuple[int, str]]:
        """The (organisation, role) pairs user ``u`` acts through, narrowed to a token's scope."""
        return [
            (org, role)
            for org, role, active in self.spec.memberships[u]
            if active and org not in self.spec.inactive_orgs and (scope is None or org in scope)
        ]

    def managed(self, u: int, scope: frozenset[int] | None) -> set[int]:
        pairs = self.acting(u, scope)
        if any(role == Role.PLATFORM_ADMIN for _org, role in pairs):
            return set(range(len(self.orgs)))
        return self.descendants(org for org, role in pairs if role in MANAGING_ROLES)

    def audited(self, u: int, scope: frozenset[int] | None) -> set[int]:
        return self.descendants(org for org, role in self.acting(u, scope) if role in AUDITING_ROLES)

    def org_index(self, org_id: int | None) -> int | None:
        return None if org_id is None else next(i for i, o in enumerate(self.orgs) if o.pk == org_id)

    def visible_memberships(self, u: int, scope: frozenset[int] | None) -> set[int]:
        """Membership ids user ``u`` may see: in organisations they manage, or their own active ones."""
        managed = self.managed(u, scope)
        own_orgs = {org for org, _role in self.acting(u, scope)}
        visible = set()
        for v, held in enumerate(self.memberships):
            for (org, _role, active), membership in zip(self.spec.memberships[v], held, strict=True):
                own = v == u and active and org in own_orgs
                if org in managed or own:
                    visible.add(membership.pk)
        return visible

    def visible_staff(self, u: int, scope: frozenset[int] | None) -> set[int]:
        managed = self.managed(u, scope)
        return {
            v for v, held in enumerate(self.spec.memberships) if any(org in managed for org, _r, _a in held)
        }

    def visible_reads(self, u: int, scope: frozenset[int] | None) -> set[int]:
        audited = self.audited(u, scope)
        return {
            k
            for k, (_reader, acting, record) in enumerate(self.spec.reads)
            if acting in audited or record in audited
        }


def build(spec: Spec) -> World:
    orgs: list[Organisation] = []
    for i, parent in enumerate(spec.parents):
        orgs.append(
            Organisation.objects.create(
                name=f"Agency {org_marker(i)}",
                slug=f"agency-{i}",
                kind=OrganisationKind.NGO,
                parent=orgs[parent] if parent is not None else None,
                is_active=i not in spec.inactive_orgs,
            )
        )
    users: list[User] = []
    memberships: list[list[Membership]] = []
    for u, held in enumerate(spec.memberships):
        user = User.objects.create_user(username=username(u), email=f"{username(u)}@example.org")
        users.append(user)
        memberships.append(
            [
                Membership.objects.create(user=user, organisation=orgs[org], role=role, is_active=active)
                for org, role, active in held
            ]
        )
    tokens: list[tuple[ApiToken, str]] = []
    for t, (u, scope) in enumerate(spec.tokens):
        raw, lookup, digest = ApiToken.new_secret()
        token = ApiToken.objects.create(
            user=users[u],
            name=f"token {token_marker(t)}",
            lookup=lookup,
            token_hash=digest,
            expires_at=timezone.now() + timedelta(days=5),
        )
        token.organisations.set([orgs[i] for i in scope])
        tokens.append((token, raw))
    reads = [
        ReadLog.objects.create(
            user=users[reader],
            organisation=orgs[acting] if acting is not None else None,
            record_type="staff",
            record_id=str(users[(reader + 1) % len(users)].pk),
            record_organisation=orgs[record] if record is not None else None,
            channel=ReadLog.Channel.PAGE,
            purpose=f"purpose {read_marker(k)}",
            path="/",
        )
        for k, (reader, acting, record) in enumerate(spec.reads)
    ]
    return World(spec, orgs, users, memberships, tokens, reads)


def markers_in(text: str, markers: dict[int, str]) -> set[int]:
    return {key for key, marker in markers.items() if marker in text}


def check_api(world: World, client: Client, u: int, scope: frozenset[int] | None, **headers: Any) -> None:
    who = f"user {u} with scope {scope}"
    if scope is not None and client.get("/api/v1/me", **headers).status_code == 401:
        # The token's organisations give its owner no API right: it opens nothing at all.
        for path in (
            "/api/v1/staff",
            "/api/v1/audit/reads",
            "/api/v1/tokens",
            f"/api/v1/staff/{world.users[0].pk}",
        ):
            assert client.get(path, **headers).status_code == 401, (who, path)
        return
    managed = world.managed(u, scope)
    # The staff list: only memberships of organisations managed, and one's own.
    response = client.get("/api/v1/staff", {"limit": 200}, **headers)
    if managed:
        assert response.status_code == 200, who
        seen = {item["membership_id"] for item in response.json()["items"]}
        assert seen <= world.visible_memberships(u, scope), who
        assert {i["user_id"] for i in response.json()["items"]} <= {
            world.users[v].pk for v in world.visible_staff(u, scope) | {u}
        }, who
    else:
        assert response.status_code == 403, who
    # One member of staff: only those with a membership in an organisation managed.
    allowed_staff = world.visible_staff(u, scope)
    for v, target in enumerate(world.users):
        response = client.get(f"/api/v1/staff/{target.pk}", **headers)
        if v in allowed_staff:
            assert response.status_code == 200, who
            shown = {m["id"] for m in response.json()["memberships"]}
            assert shown <= world.visible_memberships(u, scope), who
        else:
            assert response.status_code == 404, (who, v)
    # The read log.
    audited = world.audited(u, scope)
    response = client.get("/api/v1/audit/reads", {"limit": 200}, **headers)
    if audited:
        assert response.status_code == 200, who
        seeded = {r.pk: k for k, r in enumerate(world.reads)}
        rows = response.json()["items"]
        while len(rows) < response.json()["count"]:
            more = client.get("/api/v1/audit/reads", {"limit": 200, "offset": len(rows)}, **headers)
            rows += more.json()["items"]
        for row in rows:
            acting = world.org_index(row["organisation_id"])
            record = world.org_index(row["record_organisation_id"])
            assert acting in audited or record in audited, (who, row)
        assert {seeded[r["id"]] for r in rows if r["id"] in seeded} == world.visible_reads(u, scope), who
    else:
        assert response.status_code == 403, who
    # Tokens: one's own only.
    response = client.get("/api/v1/tokens", **headers)
    assert response.status_code == 200, who
    own = {token.pk for token, _raw in world.tokens if token.user_id == world.users[u].pk}
    assert {t["id"] for t in response.json()} == own, who


def check_pages(world: World, client: Client, u: int, detail_target: int) -> None:
    who = f"user {u}"
    org_markers = {i: org_marker(i) for i in range(len(world.orgs))}
    user_markers = {v: username(v) for v in range(len(world.users))}
    own_orgs = {org for org, _role in world.acting(u, None)}
    managed = world.managed(u, None)
    visible_staff = world.visible_staff(u, None) | {u}

    response = client.get(reverse("core:staff_list"), {"status": "all"})
    if managed:
        assert response.status_code == 200, who
        text = response.content.decode()
        assert markers_in(text, user_markers) <= visible_staff, who
        assert markers_in(text, org_markers) <= managed | own_orgs, who
    else:
        assert response.status_code == 403, who

    target = world.users[detail_target]
    response = client.get(reverse("core:staff_detail", args=[target.pk]))
    if detail_target in world.visible_staff(u, None):
        assert response.status_code == 200, who
        text = response.content.decode()
        assert markers_in(text, org_markers) <= managed | own_orgs, who
        assert markers_in(text, user_markers) <= {u, detail_target}, who
    else:
        assert response.status_code == 404, who

    response = client.get(reverse("core:audit_reads"))
    if world.audited(u, None):
        assert response.status_code == 200, who
        text = response.content.decode()
        found = markers_in(text, {k: read_marker(k) for k in range(len(world.reads))})
        assert found <= world.visible_reads(u, None), who
    else:
        assert response.status_code == 403, who

    response = client.get(reverse("core:tokens"))
    if response.status_code == 200:
        text = response.content.decode()
        own = {t for t, (token, _raw) in enumerate(world.tokens) if token.user_id == world.users[u].pk}
        assert markers_in(text, {t: token_marker(t) for t in range(len(world.tokens))}) == own, who
    else:
        assert response.status_code == 403, who


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=specs(), pick=st.randoms(use_true_random=False))
def test_nobody_reads_across_organisations(db: None, spec: Spec, pick: Any) -> None:
    with transaction.atomic():
        world = build(spec)
        for u, user in enumerate(world.users):
            client = login(Client(), user)
            check_api(world, client, u, None)
            check_pages(world, client, u, pick.randrange(len(world.users)))
        for token, raw in world.tokens:
            u = world.users.index(token.user)
            scope = frozenset(spec.tokens[world.tokens.index((token, raw))][1])
            check_api(world, Client(), u, scope, HTTP_AUTHORIZATION=f"Bearer {raw}")
        transaction.set_rollback(True)
