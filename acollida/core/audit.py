"""Audit: the trail of writes (django-auditlog) and the read log of personal data (``ReadLog``).

Every model holding personal data is registered here with its sensitive fields masked. Reads are
recorded by ``read_record`` / ``read_records``, called by the views and endpoints that show a
person-level record: the read log is a table of its own, not a debug log.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from auditlog.registry import auditlog
from django.http import HttpRequest

from acollida.core import policy
from acollida.core.models import ApiToken, Membership, Office, Organisation, ReadLog, User

if TYPE_CHECKING:
    from acollida.core.policy import AnyUser

MASK = "********"


def mask_completely(value: str) -> str:
    """Hide a masked field's value entirely: auditlog's default keeps its second half in clear,
    which is half a password hash with its salt, or the domain of an e-mail address."""
    return MASK if value else ""


_MASK_CALLABLE = "acollida.core.audit.mask_completely"

auditlog.register(
    User,
    exclude_fields=["last_login"],
    mask_fields=["password", "email", "first_name", "last_name"],
    mask_callable=_MASK_CALLABLE,
)
auditlog.register(Membership)
auditlog.register(Organisation)
auditlog.register(Office)
auditlog.register(
    ApiToken,
    exclude_fields=["last_used_at"],
    mask_fields=["token_hash", "lookup"],
    mask_callable=_MASK_CALLABLE,
)


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def read_records(
    request: HttpRequest,
    *,
    user: AnyUser,
    record_type: str,
    records: Iterable[tuple[object, int | None]],
    purpose: str,
    channel: str = ReadLog.Channel.PAGE,
    perm: policy.Perm = policy.Perm.VIEW_PERSONS,
) -> None:
    """Log that ``user`` read each ``(record_id, holding_organisation_id)`` in ``records``."""
    rows = []
    for record_id, record_org_id in records:
        acting = policy.acting_organisation(user, perm, record_org_id)
        rows.append(
            ReadLog(
                user_id=int(user.pk or 0),
                organisation=acting,
                record_type=record_type,
                record_id=str(record_id),
                record_organisation_id=record_org_id,
                channel=channel,
                purpose=purpose[:200],
                path=request.get_full_path()[:300],
                ip_address=_client_ip(request),
            )
        )
    if rows:
        ReadLog.objects.bulk_create(rows)


def read_record(
    request: HttpRequest,
    *,
    user: AnyUser,
    record_type: str,
    record_id: object,
    record_organisation_id: int | None,
    purpose: str,
    channel: str = ReadLog.Channel.PAGE,
    perm: policy.Perm = policy.Perm.VIEW_PERSONS,
) -> None:
    """Log one read of a person-level record."""
    read_records(
        request,
        user=user,
        record_type=record_type,
        records=[(record_id, record_organisation_id)],
        purpose=purpose,
        channel=channel,
        perm=perm,
    )
