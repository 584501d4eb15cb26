"""The people registry's personal data, for export, erasure and retention (``acollida.core.rights``).

At retention the person keeps what statistics count (sex, year of birth, district, nationalities,
languages, households); names, contact details, documents, photo, search keys and free text go.
"""

from acollida.core.rights import DELETE, PersonalModel, register
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
    PersonKey,
    PersonName,
    PersonPhoto,
    SpokenLanguage,
)

register(
    PersonalModel(
        Person,
        paths=("pk",),
        read_log_type="person",
        # Names and the date of birth are replaced by ``rights_erasure`` (pseudonym, year only).
        retention={
            "native_name": "",
            "preferred_name": "",
            "gender": "",
            "phone": "",
            "email": "",
            "address": "",
            "vulnerabilities": "",
            "creation_reason": "",
        },
    )
)
register(PersonalModel(PersonName, paths=("person",), retention=DELETE))
register(PersonalModel(Nationality, paths=("person",)))
register(PersonalModel(SpokenLanguage, paths=("person",)))
register(
    PersonalModel(IdentityDocument, paths=("person",), exclude=frozenset({"number_hash"}), retention=DELETE)
)
register(PersonalModel(Household, shared_paths=("members__person",), read_log_type="household"))
register(PersonalModel(HouseholdMember, paths=("person",)))
register(PersonalModel(PersonKey, paths=("person",), exclude=frozenset({"key"}), retention=DELETE))
register(PersonalModel(DuplicateCandidate, paths=("person_a", "person_b"), retention={"explanation": {}}))
register(PersonalModel(Merge, paths=("survivor", "merged"), retention={"moved": {}}))
register(
    PersonalModel(
        PersonImport,
        shared_paths=("persons",),
        exclude=frozenset({"table", "mapping"}),
    )
)
register(PersonalModel(AccessRequest, paths=("person",), retention={"reason": "", "decision_note": ""}))
register(PersonalModel(AccessGrant, paths=("person",), retention={"basis_note": ""}))
register(PersonalModel(PersonPhoto, paths=("person",), retention=DELETE))
