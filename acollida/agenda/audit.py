"""Write audit of agenda records (django-auditlog); notes and feed secrets are masked."""

from auditlog.registry import auditlog

from acollida.agenda.models import Appointment, AppointmentRequest, CalendarFeed, Slot, WalkInTicket

_MASK_CALLABLE = "acollida.core.audit.mask_completely"

auditlog.register(Slot)
auditlog.register(Appointment, mask_fields=["notes", "cancel_reason"], mask_callable=_MASK_CALLABLE)
auditlog.register(WalkInTicket)
auditlog.register(CalendarFeed, mask_fields=["token_hash"], mask_callable=_MASK_CALLABLE)
auditlog.register(
    AppointmentRequest, mask_fields=["name", "contact", "need", "closing_note"], mask_callable=_MASK_CALLABLE
)
