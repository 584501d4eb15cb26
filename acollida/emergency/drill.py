"""``acollida emergency drill --people N``: a full fictitious operation, timed stage by stage.

A fresh operation receives N arrivals with a mix plausible for a Mediterranean rescue (Sudan,
Eritrea, Nigeria, Mali, Afghanistan, Syria, Algeria… with their languages), families and travel
groups, about 10 % unaccompanied minors, some pregnant women and some medical urgencies. Stages:

- ``registration_import``: half the arrivals as a manifest through ``imports.manifest_import``;
- ``registration_desks``: the other half one by one through ``services.arrival_register``;
- ``triage``: those with a flag through ``services.arrival_triage``, the rest marked triaged at once;
- ``rota``: interpreters for two days of three shifts at the port and at triage, planned by
  ``acollida.emergency.rota.plan_rota``;
- ``capacity``: emergency accommodations (sports halls, hotel floors for families, NGO reserve
  places, a child-protection centre) with their places;
- ``placement``: ``services_placement.placement_propose`` and ``placement_accept``.

Everything runs in one transaction rolled back at the end unless ``keep`` is set. The result is
one dict (printed as JSON by the command) whose checks must read 0: ``families_split`` and
``minors_outside_child_protection``.
"""

from __future__ import annotations

import math
import random
import secrets
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from acollida.core.models import Membership, Organisation, OrganisationKind, Role, User
from acollida.core.spreadsheets import Table
from acollida.emergency import imports, rota, services, services_placement
from acollida.emergency.models import Arrival, Operation, Shift, ShiftAssignment, Site, Volunteer
from acollida.housing.models import Accommodation, AccommodationKind, Place, Unit

# (nationality, weight, languages spoken, probability of each extra language)
NATIONALITIES: list[tuple[str, int, list[str]]] = [
    ("SD", 20, ["ar"]),
    ("ER", 14, ["ti", "ar"]),
    ("NG", 12, ["en", "ha", "yo"]),
    ("ML", 8, ["fr", "bm"]),
    ("AF", 10, ["fa", "ps"]),
    ("SY", 9, ["ar", "ku"]),
    ("DZ", 7, ["ar", "fr"]),
    ("GN", 6, ["fr", "ff"]),
    ("CI", 5, ["fr"]),
    ("SO", 5, ["so"]),
    ("PK", 4, ["ur"]),
]
GIVEN = {
    "F": ["Amina", "Fatima", "Helen", "Mariam", "Aisha", "Grace", "Zahra", "Selam", "Awa", "Hodan"],
    "M": ["Ahmed", "Yonas", "Ibrahim", "Moussa", "Ali", "Samuel", "Omar", "Abdul", "Karim", "Daniel"],
}
FAMILY = ["Hassan", "Tesfaye", "Okafor", "Traoré", "Rahimi", "Haddad", "Benali", "Diallo", "Kone", "Warsame"]
SHIFT_HOURS = 8
INTERPRETER_PER_SPEAKERS = 40  # one interpreter on shift per this many speakers at a site
ROTA_TIME_LIMIT = 2.0  # two phases of a second each: coverage, then fairness


class _Rollback(Exception):
    """Raised at the end of a drill that is not kept, to undo everything it wrote."""


@dataclass
class Person:
    wristband: str
    name: str
    sex: str
    age: int
    nationality: str
    languages: list[str]
    group_id: str = ""
    unaccompanied_minor: bool = False
    pregnant: bool = False
    medical_urgent: bool = False
    disability: bool = False


@dataclass
class Result:
    stages: dict[str, float] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)


def population(n: int, seed: int = 0) -> list[Person]:
    """N fictitious arrivals: ~10 % unaccompanied minors, a third in families of 2–6, single adults
    (four in five men). Some pregnant women, ~5 % medical urgencies, ~2 % with a disability."""
    rng = random.Random(seed)  # noqa: S311 (a fictitious population, reproducible)
    weights = [w for _, w, _ in NATIONALITIES]
    people: list[Person] = []
    group = 0

    def person(nat: tuple[str, int, list[str]], sex: str, age: int, **flags: Any) -> Person:
        code, _, langs = nat
        spoken = [langs[0], *[lang for lang in langs[1:] if rng.random() < 0.4]]
        if rng.random() < 0.15:
            spoken.append(rng.choice(["en", "fr", "ar"]))
        name = f"{rng.choice(GIVEN[sex])} {rng.choice(FAMILY)}"
        return Person(
            wristband=f"D{len(people) + 1:06d}",
            name=name,
            sex=sex,
            age=age,
            nationality=code,
            languages=sorted(set(spoken)),
            **flags,
        )

    while len(people) < n:
        nat = rng.choices(NATIONALITIES, weights)[0]
        roll = rng.random()
        left = n - len(people)
        if roll < 0.13:  # draws, so that about 10 % of the people are minors alone
            people.append(person(nat, rng.choice("MMMF"), rng.randint(13, 17), unaccompanied_minor=True))
        elif roll < 0.25 and left >= 2:
            group += 1
            gid = f"G{group:05d}"
            size = min(left, rng.choice([2, 3, 3, 4, 4, 5, 6]))
            mother = person(nat, "F", rng.randint(20, 42), group_id=gid, pregnant=rng.random() < 0.12)
            people.append(mother)
            if size >= 3 or rng.random() < 0.5:
                people.append(person(nat, "M", rng.randint(22, 50), group_id=gid))
            while sum(1 for p in people if p.group_id == gid) < size and len(people) < n:
                child = person(nat, rng.choice("MF"), rng.randint(0, 16), group_id=gid)
                people.append(child)
        else:
            sex = "M" if rng.random() < 0.8 else "F"
            people.append(
                person(
                    nat,
                    sex,
                    rng.randint(18, 45),
                    pregnant=sex == "F" and rng.random() < 0.1,
                )
            )
    for p in people:
        p.medical_urgent = rng.random() < 0.05
        p.disability = rng.random() < 0.02
    return people[:n]


def _data(p: Person, site: Site | None = None, desk: str = "") -> services.ArrivalData:
    return services.ArrivalData(
        wristband=p.wristband,
        name_as_said=p.name,
        sex=p.sex,
        age_estimate=p.age,
        nationality=p.nationality,
        languages=p.languages,
        group_id=p.group_id,
        unaccompanied_minor=p.unaccompanied_minor,
        pregnant=p.pregnant,
        medical_urgent=p.medical_urgent,
        disability=p.disability,
        site=site,
        desk=desk,
    )


def manifest_table(people: list[Person]) -> Table:
    """The people as a manifest with the import's columns (``imports.COLUMNS``)."""
    headers = [
        "wristband",
        "given_name",
        "family_name",
        "sex",
        "age_estimate",
        "nationality",
        "languages",
        "group_id",
        "unaccompanied_minor",
        "pregnant",
        "medical_urgent",
    ]

    def yes(flag: bool) -> str:
        return "yes" if flag else "no"

    rows = [
        [
            p.wristband,
            p.name.split(" ", 1)[0],
            p.name.split(" ", 1)[1],
            p.sex,
            str(p.age),
            p.nationality,
            ";".join(p.languages),
            p.group_id,
            yes(p.unaccompanied_minor),
            yes(p.pregnant),
            yes(p.medical_urgent),
        ]
        for p in people
    ]
    return Table(headers=headers, rows=rows, numbers=list(range(2, len(rows) + 2)))


def _setup(tag: str) -> tuple[User, Organisation, Operation, Site, Site]:
    org = Organisation(name=f"Drill {tag}", slug=f"drill-{tag}", kind=OrganisationKind.MUNICIPAL)
    org.full_clean()
    org.save()
    # No e-mail address: the drill sends no mail to anyone.
    user = User.objects.create_user(username=f"drill-{tag}", email="", password=None)
    Membership.objects.create(user=user, organisation=org, role=Role.COORDINATOR)
    operation = services.operation_declare(
        actor=user,
        data={
            "slug": f"drill-{tag}",
            "name": f"Drill {tag}",
            "kind": Operation.Kind.SHIP,
            "starts_at": timezone.now(),
            "status": Operation.Status.ACTIVE,
        },
        lead_organisations=[org],
    )
    port = services.site_create(
        actor=user, operation=operation, name="Port reception", kind=Site.Kind.PORT_RECEPTION
    )
    triage = services.site_create(actor=user, operation=operation, name="Triage", kind=Site.Kind.TRIAGE)
    return user, org, operation, port, triage


def _triage(user: User, operation: Operation, triage_site: Site) -> None:
    flagged = Arrival.objects.filter(operation=operation).filter(models_q_flagged())
    for arrival in flagged:
        data = services.ArrivalData(
            wristband=arrival.wristband,
            name_as_said=arrival.name_as_said,
            sex=arrival.sex,
            age_estimate=arrival.age_estimate,
            nationality=arrival.nationality,
            languages=list(arrival.languages),
            group_id=arrival.group_id,
            unaccompanied_minor=arrival.unaccompanied_minor,
            pregnant=arrival.pregnant,
            medical_urgent=arrival.medical_urgent,
            disability=arrival.disability,
            site=triage_site,
        )
        services.arrival_triage(actor=user, arrival=arrival, data=data, notes="Drill: seen at triage.")
    Arrival.objects.filter(operation=operation, status=Arrival.Status.REGISTERED).update(
        status=Arrival.Status.TRIAGED, triaged_at=timezone.now(), triaged_by=user, site=triage_site
    )


def models_q_flagged() -> Any:
    from django.db.models import Q

    return Q(unaccompanied_minor=True) | Q(pregnant=True) | Q(medical_urgent=True) | Q(disability=True)


def _interpreters(people: list[Person], org: Organisation, seed: int) -> list[Volunteer]:
    """Interpreters offered by the organisations: about one for every 5 arrivals, languages in
    proportion to the speakers, a few languages short (as on a real day)."""
    rng = random.Random(seed + 1)  # noqa: S311 (fictitious)
    speakers = Counter(lang for p in people for lang in p.languages)
    total = sum(speakers.values())
    count = max(6, len(people) // 5)
    volunteers = []
    for i in range(count):
        lang = rng.choices(list(speakers), [speakers[k] for k in speakers])[0] if total else "ar"
        langs = [{"code": lang, "level": "native"}]
        if rng.random() < 0.4:
            langs.append({"code": rng.choice(["en", "fr", "ar"]), "level": "C1"})
        volunteers.append(
            Volunteer(
                name=f"Interpreter {i + 1}",
                email=f"interpreter{i + 1}@drill.invalid",
                organisation=org,
                languages=langs,
                skills=["interpreting"],
                status=Volunteer.Status.APPROVED,
                background_check=Volunteer.BackgroundCheck.CLEARED,
            )
        )
    return Volunteer.objects.bulk_create(volunteers, batch_size=1000)


def language_needs(people: list[Person], sites: int) -> dict[str, int]:
    """Interpreters needed on one shift at one of ``sites`` sites, per language spoken."""
    speakers = Counter(lang for p in people for lang in p.languages)
    return {lang: max(1, math.ceil(n / INTERPRETER_PER_SPEAKERS / sites)) for lang, n in speakers.items()}


def _shifts(operation: Operation, sites: list[Site], people: list[Person], start: datetime) -> list[Shift]:
    needs = language_needs(people, len(sites))
    shifts = [
        Shift(
            operation=operation,
            site=site,
            starts_at=start + timedelta(hours=SHIFT_HOURS * k),
            ends_at=start + timedelta(hours=SHIFT_HOURS * (k + 1)),
            language_needs=needs,
        )
        for k in range(2 * 24 // SHIFT_HOURS)
        for site in sites
    ]
    return Shift.objects.bulk_create(shifts)


def plan_rota(
    shifts: list[Shift], volunteers: list[Volunteer], user: User, start: datetime, seed: int
) -> tuple[list[ShiftAssignment], float]:
    """The rota planner (``acollida.emergency.rota``) on the drill's shifts: each interpreter is
    available for one shift's time a day (as volunteers sign up), the plan is written in bulk.
    Returns the assignments and the share of language-minutes covered."""
    rng = random.Random(seed + 2)  # noqa: S311 (fictitious)
    people = []
    for v in volunteers:
        windows = []
        for day in range(2):
            k = rng.randrange(24 // SHIFT_HOURS)
            begins = start + timedelta(hours=24 * day + SHIFT_HOURS * k)
            windows.append((begins, begins + timedelta(hours=SHIFT_HOURS)))
        people.append(
            rota.Person(
                v.pk,
                {str(i["code"]): str(i["level"]) for i in v.languages},
                tuple(windows),
                v.background_check == Volunteer.BackgroundCheck.CLEARED,
            )
        )
    needs = [rota.ShiftNeed(s.pk, s.starts_at, s.ends_at, dict(s.language_needs)) for s in shifts]
    plan = rota.plan_rota(people, needs, time_limit=ROTA_TIME_LIMIT)
    assignments = ShiftAssignment.objects.bulk_create(
        [
            ShiftAssignment(
                shift_id=slot.shift,
                volunteer_id=slot.person,
                role=ShiftAssignment.Role.INTERPRETER,
                language=slot.language,
                planned_by=user,
            )
            for slot in plan.assignments
        ],
        batch_size=1000,
    )
    return assignments, plan.language_share_covered


def beds_in(total: float, per_unit: int) -> tuple[int, int]:
    """Units and beds per unit for ``total`` people with a margin (8 % and two beds)."""
    total = math.ceil(total * 1.08) + 2
    units = max(1, math.ceil(total / per_unit))
    return units, math.ceil(total / units)


def _capacity(org: Organisation, people: list[Person]) -> list[Accommodation]:
    """Emergency capacity a little above the arrivals: halls, hotel floors for families, NGO
    reserve places and a child-protection centre for the unaccompanied minors."""
    minors = sum(1 for p in people if p.unaccompanied_minor)
    in_families = sum(1 for p in people if p.group_id)
    others = len(people) - minors - in_families

    def acc(name: str, **rules: bool) -> Accommodation:
        a = Accommodation(kind=AccommodationKind.EMERGENCY, operator=org, name=name, **rules)
        a.full_clean()
        a.save()
        return a

    plan: list[tuple[Accommodation, int, int]] = []  # accommodation, units, beds per unit

    units, per = beds_in(minors, 120)
    plan.append((acc("Child-protection centre (drill)", minors_only=True, step_free=True), units, per))
    units, per = beds_in(in_families * 0.6, 400)
    plan.append((acc("Hotel for families (drill)", families_only=True, step_free=True), units, per))
    units, per = beds_in(others * 0.8 + in_families * 0.4, 800)
    plan.append((acc("Sports hall (drill)", step_free=True), units, per))
    units, per = beds_in(others * 0.2, 200)
    plan.append((acc("NGO reserve places (drill)"), units, per))
    unit_rows = [
        Unit(accommodation=a, name=f"Section {i + 1}", kind=Unit.Kind.ROOM)
        for a, count, _ in plan
        for i in range(count)
    ]
    Unit.objects.bulk_create(unit_rows)
    per_unit = {a.pk: per for a, _, per in plan}
    places = [Place(unit=u, label=str(j + 1)) for u in unit_rows for j in range(per_unit[u.accommodation_id])]
    Place.objects.bulk_create(places, batch_size=2000)
    return [a for a, _, _ in plan]


def _check(operation: Operation) -> dict[str, int]:
    minors_sites = set(
        Site.objects.filter(
            operation=operation,
            kind=Site.Kind.SHELTER,
            name__in=Accommodation.objects.filter(minors_only=True).values("name"),
        ).values_list("pk", flat=True)
    )
    sites_of_group: dict[str, set[Any]] = defaultdict(set)
    outside = 0
    rows = Arrival.objects.filter(operation=operation).values_list(
        "group_id", "unaccompanied_minor", "status", "site_id"
    )
    for group_id, minor, status, site_id in rows:
        placed = status == Arrival.Status.PLACED
        if group_id and not minor:
            sites_of_group[group_id].add(site_id if placed else None)
        if minor and placed and site_id not in minors_sites:
            outside += 1
    split = sum(1 for sites in sites_of_group.values() if len(sites) > 1)
    return {"families_split": split, "minors_outside_child_protection": outside}


def run(*, people: int, keep: bool = False, seed: int = 0) -> dict[str, Any]:
    """Run the drill and return its figures (see the module's docstring)."""
    if people < 2:
        raise ValueError("a drill needs at least two arrivals")
    result = Result()
    tag = timezone.now().strftime("%Y%m%d%H%M%S") + f"-{secrets.token_hex(3)}"
    started = time.perf_counter()

    def stage(name: str, since: float) -> float:
        now = time.perf_counter()
        result.stages[name] = round(now - since, 3)
        return now

    try:
        with transaction.atomic():
            t = time.perf_counter()
            crowd = population(people, seed)
            user, org, operation, port, triage_site = _setup(tag)
            t = stage("setup", t)
            half = len(crowd) // 2
            imports.manifest_import(actor=user, operation=operation, table=manifest_table(crowd[:half]))
            t = stage("registration_import", t)
            for i, p in enumerate(crowd[half:]):
                services.arrival_register(
                    actor=user, operation=operation, data=_data(p, port, desk=f"Desk {i % 4 + 1}")
                )
            t = stage("registration_desks", t)
            _triage(user, operation, triage_site)
            t = stage("triage", t)
            volunteers = _interpreters(crowd, org, seed)
            start = operation.starts_at.replace(minute=0, second=0, microsecond=0)
            shifts = _shifts(operation, [port, triage_site], crowd, start)
            assignments, covered = plan_rota(shifts, volunteers, user, start, seed)
            t = stage("rota", t)
            accommodations = _capacity(org, crowd)
            t = stage("capacity", t)
            proposal = services_placement.placement_propose(
                actor=user, operation=operation, accommodations=accommodations, explain=False
            )
            accepted = services_placement.placement_accept(actor=user, proposal=proposal)
            t = stage("placement", t)
            checks = _check(operation)
            result.figures = {
                "people": people,
                "operation": operation.slug,
                "database": connection.vendor,
                "households": len(proposal.groups),
                "families": sum(1 for g in proposal.groups.values() if len(g.arrival_ids) > 1),
                "unaccompanied_minors": sum(1 for p in crowd if p.unaccompanied_minor),
                "places": sum(1 for _ in Place.objects.filter(unit__accommodation__in=accommodations)),
                "placed": accepted.people_placed,
                "placed_share": round(accepted.people_placed / people, 4),
                "solver_status": proposal.plan.status,
                "interpreters": len(volunteers),
                "shifts": len(shifts),
                "interpreter_shifts": len(assignments),
                "language_hours_covered_share": round(covered, 4),
                **checks,
                "kept": keep,
            }
            if not keep:
                raise _Rollback
    except _Rollback:
        pass
    result.stages["total"] = round(time.perf_counter() - started, 3)
    return {"stages_seconds": result.stages, "total_seconds": result.stages["total"], **result.figures}


def command_output(people: int, keep: bool, seed: int, as_json: bool) -> str:
    """What ``acollida emergency drill`` prints: one JSON object, or one line per figure."""
    import json

    from django.core.management.base import CommandError

    if people < 2:
        raise CommandError("--people must be at least 2.")
    figures = run(people=people, keep=keep, seed=seed)
    if as_json:
        return json.dumps(figures, sort_keys=False)
    lines = [f"{name}: {seconds:.3f} s" for name, seconds in figures["stages_seconds"].items()]
    lines += [f"{k}: {v}" for k, v in figures.items() if k not in ("stages_seconds",)]
    return "\n".join(lines)
