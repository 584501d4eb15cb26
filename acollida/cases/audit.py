"""Write audit of case records (django-auditlog): free text and special-category notes masked."""

from auditlog.registry import auditlog

from acollida.cases.models import Case, Goal, Need, TimelineEntry

_MASK = "acollida.core.audit.mask_completely"

auditlog.register(Case, m2m_fields={"protected_staff"}, mask_fields=["waiting_for"], mask_callable=_MASK)
auditlog.register(Need, mask_fields=["description"], mask_callable=_MASK)
auditlog.register(TimelineEntry, mask_fields=["text", "sensitive_text"], mask_callable=_MASK)
auditlog.register(Goal, mask_fields=["description", "outcome_note"], mask_callable=_MASK)
