"""Persona users, built once per test through the real models (STYLE.md practice 5).

The network: the city (with its CAI section), two NGOs. One user per role, plus an outsider who
belongs to no organisation. ``login(client, user)`` signs in *and* passes the second factor.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from acollida.core.models import Membership, Organisation, OrganisationKind, Role, User

PASSWORD = "correct horse battery staple"


@dataclass
class Network:
    city: Organisation
    cai: Organisation
    cear: Organisation
    accem: Organisation
    users: dict[str, User]


def make_user(username: str, *roles: tuple[Organisation, str]) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, email=f"{username}@example.org")
    for organisation, role in roles:
        Membership.objects.create(user=user, organisation=organisation, role=role)
        if role == Role.PLATFORM_ADMIN:
            user.is_staff = user.is_superuser = True
            user.save()
    return user


def build_network() -> Network:
    city = Organisation.objects.create(name="City", slug="city", kind=OrganisationKind.MUNICIPAL)
    cai = Organisation.objects.create(name="CAI", slug="cai", kind=OrganisationKind.MUNICIPAL, parent=city)
    cear = Organisation.objects.create(name="CEAR-PV", slug="cear", kind=OrganisationKind.NGO)
    accem = Organisation.objects.create(name="Accem", slug="accem", kind=OrganisationKind.NGO)
    users = {
        "caseworker": make_user("caseworker", (cai, Role.CASEWORKER)),
        "ngo_caseworker": make_user("ngo_caseworker", (cear, Role.CASEWORKER)),
        "coordinator": make_user("coordinator", (cai, Role.COORDINATOR)),
        "org_admin": make_user("org_admin", (city, Role.ORG_ADMIN)),
        "ngo_admin": make_user("ngo_admin", (accem, Role.ORG_ADMIN)),
        "dpo": make_user("dpo", (city, Role.DPO)),
        "council_secretary": make_user("council_secretary", (city, Role.COUNCIL_SECRETARY)),
        "researcher": make_user("researcher", (city, Role.RESEARCHER)),
        "volunteer": make_user("volunteer", (cear, Role.VOLUNTEER)),
        "interpreter": make_user("interpreter", (cear, Role.INTERPRETER)),
        "platform_admin": make_user("platform_admin", (city, Role.PLATFORM_ADMIN)),
        "outsider": make_user("outsider"),
    }
    return Network(city=city, cai=cai, cear=cear, accem=accem, users=users)


@pytest.fixture
def network(db: None) -> Network:
    return build_network()


def login(client: Client, user: User) -> Client:
    """Sign in and pass the second factor, as the product's own views would."""
    device, _created = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture(autouse=True)
def _english_outside_requests() -> object:
    """Services and forms called directly in a test speak English, so tests can read their messages;
    requests still take their language from the URL, as in the product."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: counts the navigation keeps a short while per user
    (``acollida.core.badges``) never pass from one test to the next."""
    cache.clear()
