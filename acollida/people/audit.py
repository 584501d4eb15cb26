"""Write audit of people records (django-auditlog), with special-category values masked."""

from auditlog.registry import auditlog

from acollida.people.models import (
    AccessGrant,
    AccessRequest,
    DuplicateCandidate,
    Household,
    HouseholdMember,
    IdentityDocument,
    Merge,
    Nationality,
    Person,
    PersonImport,
    PersonName,
    PersonPhoto,
    SpokenLanguage,
)

auditlog.register(
    Person,
    exclude_fields=["updated_at"],
    mask_fields=["given_name", "family_name", "native_name", "preferred_name", "phone", "email", "address",
                 "vulnerabilities", "gender", "date_of_birth"],
)  # fmt: skip
auditlog.register(PersonName, mask_fields=["name"])
auditlog.register(IdentityDocument, mask_fields=["number", "number_hash"])
auditlog.register(Nationality)
auditlog.register(SpokenLanguage)
auditlog.register(Household, mask_fields=["name"])
auditlog.register(HouseholdMember)
auditlog.register(DuplicateCandidate, exclude_fields=["explanation"])
auditlog.register(Merge)
auditlog.register(PersonImport, exclude_fields=["table", "file_name"], m2m_fields={"persons"})
auditlog.register(AccessRequest, mask_fields=["reason", "decision_note"])
auditlog.register(AccessGrant, mask_fields=["basis_note"])
auditlog.register(PersonPhoto, exclude_fields=["image"])
