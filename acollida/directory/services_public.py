"""Writes from the public directory: a newcomer's appointment request, and its rate limits.

A request lands in the entry point's agenda (the CAI, ``ACOLLIDA_ENTRY_POINT``), where staff find or
register the person and book a real appointment. Nobody is registered by the request itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from acollida.agenda.models import AppointmentRequest, ServiceType
from acollida.core.models import Office

# Needs of the directory taxonomy → the agenda's service types, so a request reaches the right desk.
SERVICE_TYPE_BY_NEED = {
    "legal-asylum": ServiceType.LEGAL_ADVICE,
    "registration-documents": ServiceType.FIRST_RECEPTION,
    "housing-shelter": ServiceType.HOUSING,
    "language-courses": ServiceType.LANGUAGE_COURSE,
    "training-jobs": ServiceType.TRAINING_EMPLOYMENT,
}


def entry_point_office() -> Office | None:
    """The public office of the entry point organisation that takes appointment requests."""
    slug = getattr(settings, "ACOLLIDA_ENTRY_POINT", "cai")
    return Office.objects.filter(organisation__slug=slug, is_public=True).order_by("pk").first()


def service_type_for(need_codes: list[str]) -> str:
    for code in need_codes:
        if code in SERVICE_TYPE_BY_NEED:
            return str(SERVICE_TYPE_BY_NEED[code])
    return ""


@transaction.atomic
def appointment_request_create(
    *,
    office: Office,
    directory_service: UUID | None,
    service_type: str,
    name: str,
    language: str,
    contact: str,
    need: str,
    preferred_times: str,
    consent_text_version: str,
) -> AppointmentRequest:
    """Record a request for an appointment at ``office``, as the person typed it (encrypted)."""
    request = AppointmentRequest(
        office=office,
        directory_service=directory_service,
        service_type=service_type,
        name=name.strip(),
        language=language,
        contact=contact.strip(),
        need=need.strip(),
        preferred_times=preferred_times.strip(),
        consent_text_version=consent_text_version,
    )
    request.full_clean()
    request.save()
    return request


# --- rate limits --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    per_address: int
    per_session: int
    window_seconds: int


def request_limits() -> Limits:
    """Requests allowed per client address and per browser session in a window (settings
    ``ACOLLIDA_APPOINTMENT_REQUESTS_PER_ADDRESS``/``_PER_SESSION``). An address is shared by a
    whole office or a shelter's wifi, so its limit is the looser one."""
    return Limits(
        per_address=int(getattr(settings, "ACOLLIDA_APPOINTMENT_REQUESTS_PER_ADDRESS", 20)),
        per_session=int(getattr(settings, "ACOLLIDA_APPOINTMENT_REQUESTS_PER_SESSION", 3)),
        window_seconds=int(getattr(settings, "ACOLLIDA_APPOINTMENT_REQUESTS_WINDOW", 60 * 60)),
    )


def client_address(meta: Mapping[str, Any]) -> str:
    """The client's address for the rate limit. Behind ``ACOLLIDA_PROXY_COUNT`` reverse proxies
    (which overwrite ``X-Forwarded-For``, as operations.md's nginx block does) it is the address the
    outermost proxy saw; otherwise ``REMOTE_ADDR``, which behind a proxy would put every newcomer of
    the city under one limit."""
    count = int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0)
    if count > 0:
        forwarded = [part.strip() for part in str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            return forwarded[-count]
    return str(meta.get("REMOTE_ADDR", ""))


def _hashed(kind: str, value: str) -> str:
    """A cache key that does not hold the address or session key itself."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{kind}:{value}".encode()).hexdigest()[:32]
    return f"directory:request-limit:{kind}:{digest}"


def _keys(address: str, session_key: str) -> list[tuple[str, int]]:
    limits = request_limits()
    keys = [(_hashed("address", address), limits.per_address)]
    if session_key:
        keys.append((_hashed("session", session_key), limits.per_session))
    return keys


def request_limit_reached(*, address: str, session_key: str) -> bool:
    """Whether this address or session already sent as many requests as the window allows."""
    return any(int(cache.get(key, 0)) >= limit for key, limit in _keys(address, session_key))


def request_counted(*, address: str, session_key: str) -> None:
    """Count one request against the address and the session."""
    window = request_limits().window_seconds
    for key, _limit in _keys(address, session_key):
        if cache.add(key, 1, timeout=window):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
