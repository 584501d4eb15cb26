"""Write audit of case records (django-auditlog): free text and special-category notes masked."""

from auditlog.registry import auditlog

from acollida.cases.models import (
    Case,
    CaseDocument,
    CaseImport,
    CasePathway,
    CasePathwayStep,
    CaseTransfer,
    Consent,
    DocumentTemplate,
    Goal,
    LegalHold,
    Need,
    PathwayStepTemplate,
    PathwayTemplate,
    Referral,
    TimelineEntry,
)

_MASK = "acollida.core.audit.mask_completely"

auditlog.register(Case, m2m_fields={"protected_staff"}, mask_fields=["waiting_for"], mask_callable=_MASK)
auditlog.register(Need, mask_fields=["description"], mask_callable=_MASK)
auditlog.register(TimelineEntry, mask_fields=["text", "sensitive_text"], mask_callable=_MASK)
auditlog.register(Goal, mask_fields=["description", "outcome_note"], mask_callable=_MASK)
auditlog.register(PathwayTemplate)
auditlog.register(PathwayStepTemplate)
auditlog.register(CasePathway)
auditlog.register(CasePathwayStep, mask_fields=["note"], mask_callable=_MASK)
auditlog.register(
    CaseDocument,
    exclude_fields=["storage_name", "sha256"],
    mask_fields=["file_name", "title"],
    mask_callable=_MASK,
)
auditlog.register(DocumentTemplate)
auditlog.register(Consent, mask_fields=["note"], mask_callable=_MASK)
auditlog.register(
    Referral, mask_fields=["purpose", "override_reason", "decline_reason", "outcome"], mask_callable=_MASK
)
auditlog.register(CaseTransfer, mask_fields=["reason"], mask_callable=_MASK)
auditlog.register(LegalHold, mask_fields=["reason"], mask_callable=_MASK)
auditlog.register(CaseImport, exclude_fields=["table", "file_name"], m2m_fields={"cases"})
