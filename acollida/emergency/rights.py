"""Emergency arrivals as personal data, for export, erasure and retention (``acollida.core.rights``).

An arrival that became a person (``person``) belongs to them; its links belong to both ends. At
retention the quay's free text and name go, what statistics count (sex, age, nationality, flags) stays.
"""

from acollida.core.rights import PersonalModel, register
from acollida.emergency.models import Arrival, ArrivalLink

register(
    PersonalModel(
        Arrival,
        paths=("person",),
        read_log_type="emergency_arrival",
        retention={"name_as_said": "", "trafficking_signs": "", "notes": "", "desk": ""},
    )
)
register(PersonalModel(ArrivalLink, paths=("from_arrival__person", "to_arrival__person")))
