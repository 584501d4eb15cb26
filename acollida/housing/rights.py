"""Housing records as personal data, for export, erasure and retention (``acollida.core.rights``).

A waiting list entry is about a person, a household or a case's person or household; placements,
absences and optimizer matches follow their entry. At retention what statistics count stays
(sizes, dates, units, exit destinations); free text and the household's locations go.
"""

from acollida.core.rights import PersonalModel, register
from acollida.housing.models import Absence, OptimizerMatch, Placement, WaitingListEntry

_OWN = ("person", "case__person")
_SHARED = ("household__members__person", "case__household__members__person")


def _via(prefix: str, paths: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{prefix}__{path}" for path in paths)


register(
    PersonalModel(
        WaitingListEntry,
        paths=_OWN,
        shared_paths=_SHARED,
        read_log_type="waiting_list_entry",
        retention={
            "notes": "",
            "school_lat": None,
            "school_lon": None,
            "work_lat": None,
            "work_lon": None,
            "medical_lat": None,
            "medical_lon": None,
            "preferred_districts": [],
        },
    )
)
register(PersonalModel(Placement, paths=_via("entry", _OWN), shared_paths=_via("entry", _SHARED)))
register(
    PersonalModel(
        Absence,
        paths=_via("placement__entry", _OWN),
        shared_paths=_via("placement__entry", _SHARED),
        retention={"reason": ""},
    )
)
register(
    PersonalModel(
        OptimizerMatch,
        paths=_via("entry", _OWN),
        shared_paths=_via("entry", _SHARED),
        exclude=frozenset({"explanation"}),
        retention={"explanation": {}},
    )
)
