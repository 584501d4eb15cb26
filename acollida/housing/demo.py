"""Demo housing network for ``acollida demo``: shelters, flats, a host family and an emergency hall
run by several organisations of the Valencia network, and a waiting list from the demo cases.

Written directly (the demo loads in seconds and has no acting coordinator at every operator); safe
to repeat: nothing is added once an accommodation exists. Every name and address is fictitious.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from acollida.cases.models import Case
from acollida.core.models import Membership, Organisation, Role
from acollida.housing import selectors
from acollida.housing.models import (
    Accommodation,
    Place,
    Placement,
    PlaceStatus,
    Programme,
    Unit,
    WaitingListEntry,
)

# operator slug, programme, name, kind, district, address, lat, lon, flags, languages,
# units [(name, kind, rooms, [place kinds])]
B, C, P = Place.Kind.BED, Place.Kind.COT, Place.Kind.COUPLE
NETWORK: list[tuple[Any, ...]] = [
    ("cear-pv", "Protecció internacional", "Centre d'acollida Benimaclet", "reception_shelter", "benimaclet",
     "Carrer de la Murta 12 (demo)", 39.4871, -0.3590, {"lgbti_safe": True}, ["ar", "fr", "en", "es"],
     [(f"Habitació {i}", "room", 1, [B, B, B, C]) for i in range(1, 7)]),
    ("cear-pv", "Protecció internacional", "Casa Violeta", "reception_shelter", "campanar",
     "Adreça protegida (demo)", 39.4810, -0.3930,
     {"women_only": True, "is_protected_address": True, "lgbti_safe": True}, ["ar", "es", "fr"],
     [(f"Habitació {i}", "room", 1, [B, B, C]) for i in range(1, 4)]),
    *[
        ("cear-pv", "Protecció internacional", f"Pis tutelat Patraix {n}", "supervised_flat", "patraix",
         f"Carrer de Sant Isidre {10 + n} (demo)", 39.4600 + n / 1000, -0.3950, {"families_only": True},
         ["es", "en"], [("Pis", "flat", 3, [P, B, B, C])])
        for n in range(1, 4)
    ],
    ("accem", "Protecció internacional", "Centre Accem Quatre Carreres", "reception_shelter",
     "quatre-carreres",
     "Avinguda de la Plata 40 (demo)", 39.4580, -0.3660, {"step_free": True, "adapted_bathroom": True},
     ["ar", "uk", "ru", "es"], [(f"Habitació {i}", "room", 1, [B, B, B, B]) for i in range(1, 6)]),
    *[
        ("accem", "Protecció internacional", f"Pis compartit Rascanya {n}", "shared_flat", "rascanya",
         f"Carrer de Sant Vicent de Paül {n} (demo)", 39.4930, -0.3700 + n / 1000, {"men_only": True},
         ["ar", "wo", "fr"], [(f"Habitació {i}", "room", 1, [B, B]) for i in range(1, 4)])
        for n in range(1, 3)
    ],
    ("accem", "València inclou", "Pis Accem Jesús", "supervised_flat", "jesus",
     "Carrer de Jesús 88 (demo)", 39.4610, -0.3830, {"families_only": True, "pets_allowed": True},
     ["uk", "ru", "es"], [("Pis", "flat", 3, [P, B, B, C])]),
    ("creu-roja", "Emergència", "Poliesportiu del Cabanyal (emergència)", "emergency", "poblats-maritims",
     "Carrer de la Reina 150 (demo)", 39.4700, -0.3300, {}, ["es", "en", "fr", "ar"],
     [("Pavelló", "room", 1, [C] * 20)]),
    ("creu-roja", "Menors no acompanyats", "Llar Algirós", "supervised_flat", "algiros",
     "Adreça protegida (demo)", 39.4760, -0.3500, {"minors_only": True, "is_protected_address": True},
     ["ar", "fr", "bm"], [(f"Habitació {i}", "room", 1, [B, B]) for i in range(1, 4)]),
    ("caritas", "Llars d'acollida", "Pis Càritas Ciutat Vella", "shared_flat", "ciutat-vella",
     "Carrer de Quart 30 (demo)", 39.4770, -0.3830, {"families_only": True}, ["es", "en"],
     [(f"Pis {i}", "flat", 2, [P, B, C]) for i in (1, 2)]),
    ("sjm", "Hospitalitat", "Família acollidora Benicalap", "host_family", "benicalap",
     "Adreça protegida (demo)", 39.4960, -0.3960, {"is_protected_address": True}, ["es", "fr"],
     [("Habitació de convidats", "room", 1, [P])]),
    ("valencia-acull", "Llars d'acollida", "Pis València Acull", "supervised_flat", "extramurs",
     "Carrer d'Àngel Guimerà 20 (demo)", 39.4720, -0.3900, {"pets_allowed": True, "step_free": True},
     ["es", "ar", "ur"], [(f"Pis {i}", "flat", 2, [B, B, B, B]) for i in (1, 2)]),
    *[
        ("cai", "València inclou", f"Habitatge municipal Olivereta {n}", "supervised_flat", "olivereta",
         f"Carrer de Campillo de Altobuey {n} (demo)", 39.4690, -0.4050,
         {"step_free": True, "adapted_bathroom": True, "families_only": True}, ["es", "ca", "en"],
         [("Pis", "flat", 3, [P, B, B, C])])
        for n in (1, 2)
    ],
]  # fmt: skip

WAITING = 60


def _place_code(unit_name: str, number: int) -> str:
    """A bed's code as painted on the bed frame: the unit's initial and a number (not translated)."""
    return f"{unit_name[:1]}{number}"


def _network() -> int:
    operators = {o.slug: o for o in Organisation.objects.filter(slug__in={spec[0] for spec in NETWORK})}
    programmes: dict[tuple[int, str], Programme] = {}
    created = 0
    for slug, programme_name, name, kind, district, address, lat, lon, flags, languages, units in NETWORK:
        operator = operators.get(slug)
        if operator is None:
            continue
        key = (operator.pk, programme_name)
        if key not in programmes:
            programmes[key] = Programme.objects.create(
                organisation=operator,
                name=programme_name,
                funder="Generalitat Valenciana"
                if programme_name != "València inclou"
                else "Ajuntament de València",
            )
        accommodation = Accommodation(
            operator=operator,
            programme=programmes[key],
            name=name,
            kind=kind,
            district=district,
            address=address,
            lat=lat,
            lon=lon,
            languages=languages,
            **flags,
        )
        e_lat, e_lon = selectors.entry_point()
        accommodation.distance_entry_point_m = selectors.distance_m(lat, lon, e_lat, e_lon)
        accommodation.save()
        for unit_name, unit_kind, rooms, kinds in units:
            unit = Unit.objects.create(
                accommodation=accommodation, name=unit_name, kind=unit_kind, rooms=rooms
            )
            Place.objects.bulk_create(
                Place(
                    unit=unit,
                    label=_place_code(unit_name, i),
                    kind=k,
                    accessible=bool(flags.get("step_free")),
                )
                for i, k in enumerate(kinds, start=1)
            )
        created += 1
    return created


def _waiting_list(rng: random.Random) -> int:
    cases = list(
        Case.objects.open()
        .exclude(sensitivity=Case.Sensitivity.PROTECTED)
        .filter(waiting_list_entries__isnull=True)
        .select_related("household")
        .order_by("pk")[:WAITING]
    )
    staff = dict(
        Membership.objects.active()
        .filter(role__in=[Role.CASEWORKER, Role.COORDINATOR])
        .values_list("organisation_id", "user_id")
    )
    fallback = next(iter(staff.values()), None)
    if fallback is None:
        return 0
    rules = selectors.active_priority_rules()
    today = timezone.localdate()
    vulnerabilities = list(rules.vulnerability_weights)
    entries = []
    for case in cases:
        adults = rng.choice([1, 1, 2, 2, 2])
        children = rng.choice([0, 0, 1, 2, 3]) if adults == 2 or rng.random() < 0.3 else 0
        size = adults + children
        entry = WaitingListEntry(
            case=case,
            organisation_id=case.organisation_id,
            size=size,
            composition={
                "adults": adults,
                "children": children,
                "ages": [rng.randint(0, 17) for _ in range(children)],
            },
            beds_needed=size,
            rooms_needed=1 if size <= 3 else 2,
            step_free=rng.random() < 0.1,
            women_only=adults == 1 and children > 0 and rng.random() < 0.5,
            lgbti_safe=rng.random() < 0.05,
            pets=rng.random() < 0.05,
            preferred_districts=rng.sample(
                ["benimaclet", "patraix", "jesus", "extramurs", "rascanya"], k=rng.randint(0, 2)
            ),
            languages=[rng.choice(["ar", "uk", "fr", "es", "wo", "ur"])],
            vulnerabilities=rng.sample(vulnerabilities, k=rng.choice([0, 0, 1, 1, 2])),
            entered_on=today - timedelta(days=rng.randint(1, 180)),
            created_by_id=staff.get(case.organisation_id, fallback),
        )
        if children and rng.random() < 0.5:
            entry.school_lat, entry.school_lon = (
                39.47 + rng.uniform(-0.02, 0.02),
                -0.37 + rng.uniform(-0.03, 0.03),
            )
        entry.priority, entry.priority_parts = selectors.priority_of(entry, rules, today)
        entry.priority_computed_at = timezone.now()
        entries.append(entry)
    WaitingListEntry.objects.bulk_create(entries)
    return len(entries)


def _some_placements(rng: random.Random) -> int:
    """A few households already staying, so occupancy and the check-out screens have data."""
    entries = list(WaitingListEntry.objects.filter(status="waiting", size__lte=2).order_by("pk")[:12])
    units = list(
        Unit.objects.filter(accommodation__kind__in=["reception_shelter", "shared_flat"]).order_by("pk")
    )
    today = timezone.localdate()
    placed = 0
    for entry in entries:
        rng.shuffle(units)
        for unit in units:
            free = list(unit.places.filter(status=PlaceStatus.FREE).order_by("label")[: entry.beds_needed])
            if len(free) < entry.beds_needed:
                continue
            staying = rng.random() < 0.75
            placement = Placement.objects.create(
                entry=entry,
                unit=unit,
                reserved_by_id=entry.created_by_id,
                status=Placement.Status.CHECKED_IN if staying else Placement.Status.RESERVED,
                check_in_on=today - timedelta(days=rng.randint(5, 90)) if staying else None,
                planned_check_out_on=today + timedelta(days=rng.randint(30, 180)),
            )
            placement.places.set(free)
            Place.objects.filter(pk__in=[p.pk for p in free]).update(
                status=PlaceStatus.OCCUPIED if staying else PlaceStatus.RESERVED
            )
            entry.status = WaitingListEntry.Status.PLACED
            entry.save(update_fields=["status"])
            placed += 1
            break
    return placed


@transaction.atomic
def load_demo(stdout: Any) -> None:
    if Accommodation.objects.exists():
        return
    rng = random.Random(2026)  # noqa: S311 (fictitious demo data, not secrets)
    accommodations = _network()
    entries = _waiting_list(rng)
    placed = _some_placements(rng)
    stdout.write(
        f"Housing: {accommodations} accommodations, {Unit.objects.count()} units, "
        f"{Place.objects.count()} places; "
        f"{entries} households on the waiting list, {placed} placed."
    )
