"""Demo case files for ``acollida demo``: a few hundred of the fictitious people get an open case.

Written with bulk inserts (the demo loads in seconds); the services are what real use goes through.
Each case gets a responsible caseworker of its holder where there is one, a few needs, a goal or
two with target dates around today, and a timeline of services and notes.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from acollida.cases.models import Case, Goal, Need, TimelineEntry
from acollida.cases.pathway_seed import load_demo_pathways
from acollida.cases.services import reference_code
from acollida.core.models import Membership, Organisation, Role
from acollida.people.models import Person

DEMO_CASES = 300

NOTES = [
    "First interview at the entry point; explained the services available.",
    "Called to confirm the appointment; the person will come with a friend who interprets.",
    "Brought the rental contract and the payslips for the file.",
    "Asked about Spanish classes for the evening.",
]
GOALS = [
    ("Register in the padrón", Need.Area.DOCUMENTATION),
    ("Apply for the health card (SIP)", Need.Area.HEALTH),
    ("Enrol in a Spanish A2 course", Need.Area.LANGUAGE),
    ("Find a room with a rental contract", Need.Area.HOUSING),
    ("Prepare the arraigo application", Need.Area.LEGAL_STATUS),
    ("Enrol the children at school", Need.Area.SCHOOLING),
]
WAITING = ["Answer from the asylum office", "Appointment at the foreigners' office", "Social services report"]


@transaction.atomic
def load_demo_cases(count: int = DEMO_CASES, seed: int = 2026) -> int:
    """Open ``count`` demo cases (none if any case exists); returns how many were opened."""
    call_command("cases", "load-pathways")
    call_command("cases", "load-document-templates")
    if Case.objects.exists():
        return 0
    persons = list(
        Person.objects.filter(merged_into__isnull=True, is_protected=False)
        .order_by("pk")
        .values_list("pk", "organisation_id")[:count]
    )
    if not persons:
        return 0
    staff: dict[int, list[int]] = {}
    for user_id, org_id in (
        Membership.objects.active()
        .filter(role__in=[Role.CASEWORKER, Role.COORDINATOR])
        .values_list("user_id", "organisation_id")
    ):
        staff.setdefault(org_id, []).append(user_id)
    author_fallback = next(iter(next(iter(staff.values()), [])), None)
    if author_fallback is None:
        return 0
    rng = random.Random(seed)  # noqa: S311 (fictitious demo data, not secrets)
    today = timezone.localdate()
    year = today.year
    codes = {
        org.pk: reference_code(org) for org in Organisation.objects.filter(pk__in={o for _p, o in persons})
    }
    numbers: dict[int, int] = {}
    cases: list[Case] = []
    for person_id, org_id in persons:
        numbers[org_id] = numbers.get(org_id, 0) + 1
        responsible = rng.choice(staff[org_id]) if org_id in staff else None
        waiting = rng.random() < 0.15
        cases.append(
            Case(
                person_id=person_id,
                organisation_id=org_id,
                reference=f"{codes[org_id]}-{year}-{numbers[org_id]:05d}",
                responsible_id=responsible,
                status=Case.Status.ON_HOLD if rng.random() < 0.1 else Case.Status.OPEN,
                sensitivity=Case.Sensitivity.RESTRICTED if rng.random() < 0.1 else Case.Sensitivity.NORMAL,
                waiting_for=rng.choice(WAITING) if waiting else "",
                waiting_since=today - timedelta(days=rng.randint(1, 60)) if waiting else None,
                opened_at=timezone.now() - timedelta(days=rng.randint(1, 365)),
                opened_by_id=responsible or author_fallback,
            )
        )
    Case.objects.bulk_create(cases)
    load_demo_pathways(cases, rng=rng, today=today)
    needs: list[Need] = []
    goals: list[Goal] = []
    entries: list[TimelineEntry] = []
    for case in cases:
        author = case.responsible_id or author_fallback
        for description, area in rng.sample(GOALS, k=rng.randint(1, 3)):
            needs.append(
                Need(
                    case=case,
                    area=area,
                    priority=rng.choice(Need.Priority.values),
                    status=rng.choice([Need.Status.IDENTIFIED, Need.Status.IN_PROGRESS]),
                    opened_on=today - timedelta(days=rng.randint(0, 90)),
                )
            )
            goals.append(
                Goal(
                    case=case,
                    description=description,
                    target_date=today + timedelta(days=rng.randint(-5, 60)),
                )
            )
        for _index in range(rng.randint(2, 5)):
            service = rng.random() < 0.6
            entries.append(
                TimelineEntry(
                    case=case,
                    kind=TimelineEntry.Kind.SERVICE if service else TimelineEntry.Kind.NOTE,
                    service_type=rng.choice(TimelineEntry.ServiceType.values) if service else "",
                    occurred_on=today - timedelta(days=rng.randint(0, 120)),
                    text="" if service else rng.choice(NOTES),
                    author_id=author,
                )
            )
    Need.objects.bulk_create(needs)
    Goal.objects.bulk_create(goals)
    TimelineEntry.objects.bulk_create(entries)
    return len(cases)
