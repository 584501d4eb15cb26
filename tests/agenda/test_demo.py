from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from acollida.agenda.models import Appointment, Slot


def test_the_demo_publishes_slots_and_books_a_few_appointments(db: None) -> None:
    call_command("demo", "--quiet-logins", "--force", stdout=StringIO())
    assert Slot.objects.count() == 24
    assert Appointment.objects.exists()
