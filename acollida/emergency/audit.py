"""Write audit of emergency records (django-auditlog), with personal and special-category text masked."""

from auditlog.registry import auditlog

from acollida.emergency.models import Arrival, ArrivalLink, Operation, Shift, ShiftAssignment, Site, Volunteer

auditlog.register(Operation, m2m_fields={"lead_organisations"})
auditlog.register(Site)
auditlog.register(
    Arrival, exclude_fields=["updated_at"], mask_fields=["name_as_said", "trafficking_signs", "notes"]
)
auditlog.register(ArrivalLink)
auditlog.register(Volunteer, mask_fields=["name", "email", "phone"])
auditlog.register(Shift)
auditlog.register(ShiftAssignment)
