"""Case records as personal data, for export, erasure and retention (``acollida.core.rights``).

A household's case is about each member: it is exported to each, but kept when one member is
erased. At retention what statistics count stays (needs areas, services, outcomes, dates); free
text, special-category notes and documents go.
"""

from acollida.cases.models import (
    Case,
    CaseDocument,
    CaseImport,
    CasePathway,
    CasePathwayStep,
    CaseTransfer,
    Consent,
    Goal,
    LegalHold,
    Need,
    Referral,
    TimelineEntry,
)
from acollida.core.rights import DELETE, PersonalModel, register

_HOUSEHOLD = "household__members__person"

register(
    PersonalModel(
        Case,
        paths=("person",),
        shared_paths=(_HOUSEHOLD,),
        read_log_type="case",
        retention={"waiting_for": ""},
    )
)
register(
    PersonalModel(
        Need, paths=("case__person",), shared_paths=(f"case__{_HOUSEHOLD}",), retention={"description": ""}
    )
)
register(
    PersonalModel(
        TimelineEntry,
        paths=("case__person",),
        shared_paths=(f"case__{_HOUSEHOLD}",),
        retention={"text": "", "sensitive_text": ""},
    )
)
register(
    PersonalModel(
        Goal,
        paths=("case__person",),
        shared_paths=(f"case__{_HOUSEHOLD}",),
        retention={"description": "", "outcome_note": ""},
    )
)
register(PersonalModel(CasePathway, paths=("case__person",), shared_paths=(f"case__{_HOUSEHOLD}",)))
register(
    PersonalModel(
        CasePathwayStep,
        paths=("pathway__case__person",),
        shared_paths=(f"pathway__case__{_HOUSEHOLD}",),
        retention={"note": ""},
    )
)
register(
    PersonalModel(
        CaseDocument,
        paths=("case__person",),
        shared_paths=(f"case__{_HOUSEHOLD}",),
        exclude=frozenset({"storage_name", "sha256"}),
        retention=DELETE,
    )
)
register(PersonalModel(Consent, paths=("person", "case__person"), retention={"note": ""}))
register(
    PersonalModel(
        Referral,
        paths=("case__person",),
        shared_paths=(f"case__{_HOUSEHOLD}",),
        retention={"purpose": "", "override_reason": "", "decline_reason": "", "outcome": ""},
    )
)
register(
    PersonalModel(
        CaseTransfer, paths=("case__person",), shared_paths=(f"case__{_HOUSEHOLD}",), retention={"reason": ""}
    )
)
register(PersonalModel(LegalHold, paths=("person",), retention={"reason": ""}))
register(PersonalModel(CaseImport, shared_paths=("cases__person",), exclude=frozenset({"table", "mapping"})))
