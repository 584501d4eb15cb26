"""Agenda records as personal data, for export, erasure and retention (``acollida.core.rights``)."""

from acollida.agenda.models import Appointment, WalkInTicket
from acollida.core.rights import PersonalModel, register

register(PersonalModel(Appointment, paths=("person",), retention={"notes": "", "cancel_reason": ""}))
register(PersonalModel(WalkInTicket, paths=("person",)))
