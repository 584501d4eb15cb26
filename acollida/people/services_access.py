"""Sharing a person's record with another organisation: the holder decides on access requests.

A caseworker who finds a person held elsewhere asks for access (``services.access_request_create``).
Only the holding organisation decides: granting makes an ``AccessGrant`` with its legal basis (the
person's consent, recorded with who gave it, when and how; a vital interest; a legal obligation)
and an end date no more than a year ahead; refusing keeps the reason for the requester. A grant
ends at once when it is revoked or its end date passes: ``policy.persons_visible_to`` reads only
active grants. Every write is in the audit log (``people/audit.py``).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acollida.core import policy
from acollida.core.models import User
from acollida.core.policy import Perm
from acollida.people.models import AccessGrant, AccessRequest, Person

# A grant is never open-ended: a year at most, renewable by a new request.
MAX_GRANT_DAYS = 365
DEFAULT_GRANT_DAYS = 90


def default_grant_end(today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(days=DEFAULT_GRANT_DAYS)


def _require_holder(actor: User, person: Person) -> None:
    """Only someone who records persons at the holding organisation, and may open this person,
    decides who else sees them."""
    if not policy.can(actor, Perm.EDIT_PERSONS, person.organisation_id):
        raise PermissionDenied
    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied


def _lock_open_request(actor: User, request: AccessRequest) -> AccessRequest:
    locked = AccessRequest.objects.select_for_update().select_related("person").get(pk=request.pk)
    _require_holder(actor, locked.person)
    if locked.requested_by_id == actor.pk or policy.can(
        actor, Perm.VIEW_PERSONS, locked.requesting_organisation_id
    ):
        # Nobody decides on their own request, nor for their own organisation.
        raise PermissionDenied
    if locked.status != AccessRequest.Status.OPEN:
        raise ValidationError(_("This request has already been decided."), code="decided")
    return locked


def _check_end(expires_on: date) -> None:
    today = timezone.localdate()
    if expires_on <= today:
        raise ValidationError({"expires_on": _("The end date must be after today.")})
    if expires_on > today + timedelta(days=MAX_GRANT_DAYS):
        raise ValidationError(
            {"expires_on": _("Access can be granted for one year at most. Choose an earlier end date.")}
        )


@transaction.atomic
def access_request_grant(
    *, actor: User, request: AccessRequest, basis: str, basis_note: str, expires_on: date
) -> AccessGrant:
    """Let the requesting organisation open the person's record until ``expires_on``.

    ``basis_note`` says how the basis was established; for consent: who gave it, when and how.
    A protected person's record is never shared.
    """
    locked = _lock_open_request(actor, request)
    if locked.person.is_protected:
        raise ValidationError(_("A protected person's record is never shared with another organisation."))
    errors: dict[str, list[str]] = {}
    if basis not in AccessGrant.Basis.values:
        errors["basis"] = [_("Choose the legal basis for sharing.")]
    if not basis_note.strip():
        errors["basis_note"] = [
            _("Say how the basis was established: for consent, who gave it, when and how.")
        ]
    try:
        _check_end(expires_on)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    grant = AccessGrant(
        person=locked.person,
        organisation_id=locked.requesting_organisation_id,
        request=locked,
        basis=basis,
        basis_note=basis_note.strip(),
        expires_on=expires_on,
        granted_by=actor,
    )
    grant.full_clean()
    grant.save()
    locked.status = AccessRequest.Status.GRANTED
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked.full_clean()
    locked.save(update_fields=["status", "decided_at", "decided_by"])
    request.refresh_from_db()
    return grant


@transaction.atomic
def access_request_refuse(*, actor: User, request: AccessRequest, reason: str) -> AccessRequest:
    """Refuse the request; the reason is kept and shown to the requester. Nothing is shared."""
    locked = _lock_open_request(actor, request)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the request is refused.")})
    locked.status = AccessRequest.Status.REFUSED
    locked.decision_note = reason.strip()
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked.full_clean()
    locked.save(update_fields=["status", "decision_note", "decided_at", "decided_by"])
    request.refresh_from_db()
    return locked


@transaction.atomic
def access_grant_revoke(*, actor: User, grant: AccessGrant) -> AccessGrant:
    """End a grant now: from this moment the other organisation can no longer open the record."""
    locked = AccessGrant.objects.select_for_update().select_related("person").get(pk=grant.pk)
    _require_holder(actor, locked.person)
    if not locked.is_active():
        raise ValidationError(_("This grant has already ended."), code="ended")
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    locked.full_clean()
    locked.save(update_fields=["revoked_at", "revoked_by"])
    grant.refresh_from_db()
    return locked
