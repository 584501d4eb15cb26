"""Demo emergency operation for ``acollida demo``: the rescue ship Aquarius arriving tomorrow.

A planned operation led by the CAI and Creu Roja with its sites (port reception, triage, two
emergency shelters), emergency capacity run by demo NGOs (a minors-only child-protection centre
among it), about 80 approved volunteers and interpreters available for two days, two days of shifts
with their language needs, and a fictitious manifest of 629 arrivals written as CSV for the
coordinator to import on the operation's import screen. The people come from the drill's generator
(``acollida.emergency.drill``), so the manifest is the same on every run.

Safe to repeat: the operation, sites, volunteers, shifts and accommodations are updated in place by
their slug, name or e-mail address; arrivals already imported are left as they are.
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from acollida.core.models import Organisation, User
from acollida.emergency import drill, services
from acollida.emergency.models import Operation, Shift, Site, Volunteer
from acollida.housing.models import Accommodation, AccommodationKind, Place, Unit

SLUG = "aquarius-demo"
ARRIVALS = 629
SEED = 629
COORDINATOR = "laia.coordinator"
LEADS = ("cai", "creu-roja")
EXTRA_LANGUAGES = ("am",)  # Ethiopians may be aboard: the coordinator plans for Amharic too
INTERPRETERS = 60
HELPERS = 20
MADRID = ZoneInfo("Europe/Madrid")
PORT = "Moll de Ponent, zona de recepció (demo)"
TRIAGE = "Tinglado 2, triatge (demo)"
NGOS = ("creu-roja", "accem", "cear-pv", "caritas", "sjm", "valencia-acull")
HELPER_SKILLS = (
    Volunteer.Skill.MEDICAL,
    Volunteer.Skill.LEGAL,
    Volunteer.Skill.CHILD_PROTECTION,
    Volunteer.Skill.DRIVING,
)
GIVEN = ("Núria", "Jordi", "Sara", "Hamid", "Mireia", "Ousmane", "Elena", "Tesfay", "Clara", "Bilal")
FAMILY = ("Ribes", "Camps", "Ndiaye", "Ortega", "Gebre", "Salvador", "Mansouri", "Pons", "Keita", "Roig")


def manifest_path() -> Path:
    return Path(settings.VAR_DIR) / "demo" / "aquarius-manifest.csv"


def start_of_operation() -> datetime:
    """Tomorrow at 08:00 in Valencia."""
    tomorrow = timezone.localdate(timezone=MADRID) + timedelta(days=1)
    return datetime.combine(tomorrow, time(8, 0), tzinfo=MADRID)


def write_manifest(people: list[drill.Person]) -> Path:
    table = drill.manifest_table(people)
    path = manifest_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(table.headers)
        writer.writerows(table.rows)
    return path


def _operation(actor: User, people: list[drill.Person], start: datetime) -> Operation:
    leads = list(Organisation.objects.filter(slug__in=LEADS).order_by("slug"))
    speakers = Counter(lang for p in people for lang in p.languages)
    data: dict[str, Any] = {
        "name": "Aquarius (demo)",
        "kind": Operation.Kind.SHIP,
        "status": Operation.Status.PLANNED,
        "starts_at": start,
        "ends_at": None,
        "expected_arrivals": len(people),
        "expected_languages": [
            *[code for code, _n in speakers.most_common()],
            *[code for code in EXTRA_LANGUAGES if code not in speakers],
        ],
    }
    operation = Operation.objects.filter(slug=SLUG).first()
    if operation is None:
        return services.operation_declare(actor=actor, data={"slug": SLUG, **data}, lead_organisations=leads)
    if operation.is_closed:  # closed after an earlier rehearsal: the demo opens it again
        Operation.objects.filter(pk=operation.pk).update(status=Operation.Status.PLANNED)
        operation.refresh_from_db()
    return services.operation_update(actor=actor, operation=operation, data=data, lead_organisations=leads)


def _site(actor: User, operation: Operation, name: str, kind: str, capacity: int | None = None) -> Site:
    site = Site.objects.filter(operation=operation, name=name).first()
    if site is None:
        return services.site_create(actor=actor, operation=operation, name=name, kind=kind, capacity=capacity)
    site.kind, site.capacity = kind, capacity
    site.full_clean()
    site.save(update_fields=["kind", "capacity"])
    return site


def _capacity(people: list[drill.Person]) -> list[tuple[Accommodation, int]]:
    """Emergency accommodations sized like the drill's (``drill.beds_in``): a child-protection centre
    for the unaccompanied minors, a hotel for families, a sports hall and NGO reserve places.
    An accommodation that exists keeps its units and places (they may hold placements)."""
    minors = sum(1 for p in people if p.unaccompanied_minor)
    in_families = sum(1 for p in people if p.group_id)
    others = len(people) - minors - in_families
    operators = {o.slug: o for o in Organisation.objects.filter(slug__in=NGOS)}
    specs: list[tuple[str, str, float, int, dict[str, bool]]] = [
        ("creu-roja", "Centre de protecció de menors El Saler (emergència)", minors, 60,
         {"minors_only": True, "step_free": True}),
        ("accem", "Hotel Marítim, plantes 2–4 (emergència)", in_families * 0.6, 100,
         {"families_only": True, "step_free": True}),
        ("creu-roja", "Pavelló Font de Sant Lluís (emergència)", others * 0.8 + in_families * 0.4, 150,
         {"step_free": True}),
        ("cear-pv", "Places de reserva CEAR (emergència)", others * 0.2, 40, {}),
    ]  # fmt: skip
    out: list[tuple[Accommodation, int]] = []
    for slug, name, total, per_unit, rules in specs:
        operator = operators.get(slug) or next(iter(operators.values()))
        accommodation = Accommodation.objects.filter(kind=AccommodationKind.EMERGENCY, name=name).first()
        if accommodation is None:
            accommodation = Accommodation(kind=AccommodationKind.EMERGENCY, operator=operator, name=name)
        accommodation.operator = operator
        accommodation.languages = ["es", "ca", "en", "fr", "ar"]
        for flag, value in rules.items():
            setattr(accommodation, flag, value)
        accommodation.full_clean()
        accommodation.save()
        if not accommodation.units.exists():
            units, per = drill.beds_in(total, per_unit)
            for i in range(units):
                unit = Unit.objects.create(
                    accommodation=accommodation, name=f"Zona {i + 1}", kind=Unit.Kind.ROOM
                )
                Place.objects.bulk_create(
                    Place(unit=unit, label=str(j + 1), accessible=bool(rules.get("step_free")))
                    for j in range(per)
                )
        beds = Place.objects.filter(unit__accommodation=accommodation, unit__is_active=True).count()
        out.append((accommodation, beds))
    return out


def _volunteers(actor: User, people: list[drill.Person], start: datetime) -> list[Volunteer]:
    """Interpreters in proportion to the speakers (a few languages short, as on a real day) and
    helpers with other skills, each available for one eight-hour shift on each of the two days."""
    rng = random.Random(SEED)  # noqa: S311 (fictitious demo data)
    speakers = Counter(lang for p in people for lang in p.languages)
    organisations = list(Organisation.objects.filter(slug__in=NGOS).order_by("slug"))
    now = timezone.now()
    volunteers = []
    for i in range(INTERPRETERS + HELPERS):
        interpreter = i < INTERPRETERS
        if interpreter:
            lang = rng.choices(list(speakers), [speakers[k] for k in speakers])[0]
            languages = [{"code": lang, "level": "native"}]
            if rng.random() < 0.5:
                languages.append({"code": rng.choice(["es", "ca"]), "level": rng.choice(["B2", "C1"])})
            skills = [str(Volunteer.Skill.INTERPRETING)]
        else:
            languages = [{"code": "es", "level": "native"}, {"code": rng.choice(["en", "fr"]), "level": "B2"}]
            skills = [str(rng.choice(HELPER_SKILLS))]
        windows = []
        for day in range(2):
            begins = start + timedelta(hours=24 * day + drill.SHIFT_HOURS * rng.randrange(3))
            windows.append([begins.isoformat(), (begins + timedelta(hours=drill.SHIFT_HOURS)).isoformat()])
        kind = "interpreter" if interpreter else "volunteer"
        volunteer, _created = Volunteer.objects.update_or_create(
            email=f"aquarius.{kind}{i + 1}@example.org",
            defaults={
                "name": f"{GIVEN[i % len(GIVEN)]} {FAMILY[(i * 7 // len(GIVEN)) % len(FAMILY)]}",
                "organisation": organisations[i % len(organisations)] if organisations else None,
                "languages": languages,
                "skills": skills,
                "availability": {"windows": windows},
                "background_check": Volunteer.BackgroundCheck.CLEARED
                if rng.random() < 0.9
                else Volunteer.BackgroundCheck.PENDING,
                "status": Volunteer.Status.APPROVED,
                "approved_by": actor,
                "approved_at": now,
                "consent_at": now,
            },
        )
        volunteers.append(volunteer)
    return volunteers


def _shifts(operation: Operation, sites: list[Site], people: list[drill.Person], start: datetime) -> int:
    """Three eight-hour shifts a day for two days at each site, with the drill's language needs."""
    needs = drill.language_needs(people, len(sites))
    kept = []
    for k in range(2 * 24 // drill.SHIFT_HOURS):
        begins = start + timedelta(hours=drill.SHIFT_HOURS * k)
        for site in sites:
            shift, _created = Shift.objects.update_or_create(
                operation=operation,
                site=site,
                starts_at=begins,
                defaults={
                    "ends_at": begins + timedelta(hours=drill.SHIFT_HOURS),
                    "language_needs": needs,
                    "volunteers_needed": 3,
                },
            )
            kept.append(shift.pk)
    # A later run moves the operation to the next day: the shifts of the earlier day go.
    Shift.objects.filter(operation=operation).exclude(pk__in=kept).delete()
    return len(kept)


@transaction.atomic
def load_demo(stdout: Any) -> None:
    actor = User.objects.filter(username=COORDINATOR).first()
    if actor is None or not Organisation.objects.filter(slug__in=LEADS).exists():
        return
    people = drill.population(ARRIVALS, seed=SEED)
    start = start_of_operation()
    operation = _operation(actor, people, start)
    capacity = _capacity(people)
    hall, hotel = capacity[2][0], capacity[1][0]
    port = _site(actor, operation, PORT, Site.Kind.PORT_RECEPTION)
    triage = _site(actor, operation, TRIAGE, Site.Kind.TRIAGE)
    for accommodation, beds in ((hall, capacity[2][1]), (hotel, capacity[1][1])):
        _site(actor, operation, accommodation.name[:200], Site.Kind.SHELTER, capacity=beds)
    volunteers = _volunteers(actor, people, start)
    shifts = _shifts(operation, [port, triage], people, start)
    path = write_manifest(people)
    stdout.write(
        f"Emergency: operation {operation.name} from {start:%Y-%m-%d %H:%M} with "
        f"{operation.sites.count()} sites, {sum(beds for _a, beds in capacity)} emergency beds, "
        f"{len(volunteers)} volunteers, {shifts} shifts; manifest of {len(people)} arrivals at {path}."
    )
