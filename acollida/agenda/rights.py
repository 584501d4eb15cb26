"""Agenda records as personal data, for export, erasure and retention (``acollida.core.rights``).

A request made from the public directory belongs to a person once it is handled into a booking.
"""

from acollida.agenda.models import Appointment, AppointmentRequest, WalkInTicket
from acollida.core.rights import PersonalModel, register

register(PersonalModel(Appointment, paths=("person",), retention={"notes": "", "cancel_reason": ""}))
register(PersonalModel(WalkInTicket, paths=("person",)))
register(
    PersonalModel(
        AppointmentRequest,
        paths=("appointment__person",),
        retention={"name": "", "contact": "", "need": "", "preferred_times": "", "closing_note": ""},
    )
)
