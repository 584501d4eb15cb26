"""Operations built through the real services for the emergency tests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from acollida.core.spreadsheets import read_table
from acollida.emergency import services
from acollida.emergency.models import Arrival, Operation
from tests.conftest import Network

HEADER = (
    "wristband,given_name,family_name,sex,age_estimate,nationality,languages,group_id,"
    "unaccompanied_minor,pregnant,medical_urgent\n"
)


def declare(network: Network, *, slug: str = "aquarius") -> Operation:
    """The Aquarius, led by the CAI, declared by the coordinator and under way."""
    return services.operation_declare(
        actor=network.users["coordinator"],
        data={
            "slug": slug,
            "name": "Aquarius",
            "kind": "ship",
            "starts_at": timezone.now() - timedelta(hours=1),
            "expected_arrivals": 629,
            "expected_languages": ["ar", "fr", "en"],
            "status": Operation.Status.ACTIVE,
        },
        lead_organisations=[network.cai],
    )


def register(network: Network, operation: Operation, wristband: str, **fields: object) -> Arrival:
    return services.arrival_register(
        actor=network.users["caseworker"],
        operation=operation,
        data=services.ArrivalData(wristband=wristband, **fields),  # type: ignore[arg-type]
    )


def manifest(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def table(*rows: str):  # type: ignore[no-untyped-def]
    return read_table(manifest(*rows))
