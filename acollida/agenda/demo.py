"""Demo agenda: two weeks of published slots at the CAI's first office and a few bookings."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone


def load_demo(stdout: Any) -> None:
    from acollida.agenda import services
    from acollida.agenda.models import ServiceType, Slot
    from acollida.core.models import Office, User
    from acollida.people.models import Person

    office = Office.objects.filter(organisation__slug="cai").order_by("pk").first()
    coordinator = User.objects.filter(username="laia.coordinator").first()
    caseworker = User.objects.filter(username="marta.caseworker").first()
    if office is None or coordinator is None or caseworker is None or Slot.objects.exists():
        return
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    slots = []
    for offset, service in enumerate(
        [ServiceType.FIRST_RECEPTION, ServiceType.LEGAL_ADVICE, ServiceType.HOUSING]
    ):
        for hour in (9, 10, 11, 12):
            day = monday + timedelta(days=offset)
            slots += services.slot_publish(
                actor=coordinator,
                office=office,
                service_type=service,
                staff=caseworker if hour < 11 else None,
                starts_at=timezone.make_aware(datetime.combine(day, time(hour))),
                ends_at=timezone.make_aware(datetime.combine(day, time(hour, 45))),
                capacity=1 if hour < 11 else 2,
                repeat_weeks=2,
            )
    persons = list(Person.objects.visible_to(caseworker).filter(is_protected=False).order_by("pk")[:6])
    booked = 0
    for slot, person in zip(slots[4::3], persons, strict=False):
        try:
            services.appointment_book(actor=caseworker, person=person, booking=services.Booking(slot=slot))
        except Exception:  # noqa: S112 (a demo booking that clashes is simply skipped)
            continue
        booked += 1
    stdout.write(f"Published {len(slots)} demo slots at {office.name}; booked {booked} appointments.")
