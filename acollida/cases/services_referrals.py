"""Consent, referrals and transfers: how a case (or part of it) reaches another organisation.

DESIGN.md §Data protection rule 3: a case is held by one organisation; others see it only through
a referral with a purpose, a consent record and an expiry. The access itself is decided in one
place, ``policy.cases_visible_to`` (and ``policy.case_sections_for`` for what a receiver sees):
these services only write the records it reads.

* ``consent_record`` / ``consent_withdraw``: what the person agreed to share, with whom, for what,
  until when. Withdrawal ends every referral resting on the consent at once (``ended_at``).
* ``referral_send``: by someone who records matters at the holder, on a standing consent that
  covers referrals to the receiver; without one only a coordinator of the holder, with a reason
  (kept, and marked in the change log). A protected case goes only when one of its named staff
  sends it, with a reason, whatever the consent.
* ``referral_accept`` / ``referral_decline`` / ``referral_record_outcome``: the receiver's
  answers, by staff who record matters there. Recording the outcome ends the sharing.
* ``referral_withdraw``: the sender's side ends the referral.
* ``case_transfer``: a coordinator of the holder hands the whole case over (see its docstring for
  what happens to the person's record).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from acollida.cases.models import Case, CaseTransfer, Consent, Referral
from acollida.core import policy
from acollida.core.models import Organisation, ReadLog, User
from acollida.core.policy import Perm
from acollida.people.models import AccessGrant, HouseholdMember, Person

# A referral is never open-ended: a year at most, like a sharing grant.
MAX_REFERRAL_DAYS = 365
DEFAULT_REFERRAL_DAYS = 90
TEXT_MAX = 2000
OVERRIDE_PURPOSE = "referral without consent"


def default_referral_end(today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(days=DEFAULT_REFERRAL_DAYS)


# --- Checks --------------------------------------------------------------------------------------


def _require_holder_staff(actor: User, case: Case, perm: Perm = Perm.EDIT_PERSONS) -> None:
    """The actor holds ``perm`` at the holding organisation and may open the case there (a
    receiver of a referral never acts for the holder)."""
    if not policy.can(actor, perm, case.organisation_id):
        raise PermissionDenied
    if not policy.held_cases_visible_to(actor, Case.objects.filter(pk=case.pk)).exists():
        raise PermissionDenied


def _require_receiver(actor: User, referral: Referral) -> None:
    if not policy.can(actor, Perm.EDIT_PERSONS, referral.to_organisation_id):
        raise PermissionDenied


def _clean_text(value: str, field: str, message: str) -> str:
    value = (value or "").replace("\x00", "").strip()
    if not value:
        raise ValidationError({field: message})
    if len(value) > TEXT_MAX:
        raise ValidationError({field: _("Keep it under %(max)s characters.") % {"max": TEXT_MAX}})
    return value


def is_protected(case: Case) -> bool:
    """A protected case, or the case of a protected person."""
    return case.sensitivity == Case.Sensitivity.PROTECTED or bool(
        case.person_id and case.person and case.person.is_protected
    )


def consent_stands(consent: Consent, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        consent.withdrawn_at is None
        and consent.given_on <= today
        and (consent.expires_on is None or consent.expires_on >= today)
    )


def consent_covers(consent: Consent, case: Case, to_organisation_id: int, purpose: str) -> bool:
    """The consent stands, is about this case (or its person), is given for ``purpose`` and names
    the receiving organisation or none."""
    about_case = consent.case_id == case.pk or (
        consent.case_id is None and case.person_id is not None and consent.person_id == case.person_id
    )
    return (
        about_case
        and consent_stands(consent)
        and purpose in (consent.purposes or [])
        and consent.organisation_id in (None, to_organisation_id)
    )


def _mark_in_change_log(actor: User, referral: Referral, **data: Any) -> None:
    """The change-log entry of the referral's creation says it went without consent (the reason
    itself stays masked there: it is on the referral, for those who may read it)."""
    entries = LogEntry.objects.get_for_object(referral).filter(action=LogEntry.Action.CREATE)
    entries.update(additional_data=data)
    entries.filter(actor__isnull=True).update(actor=actor)


# --- Consent -------------------------------------------------------------------------------------


def _person_of_case(case: Case, person: Person | None) -> Person:
    """The person a consent on ``case`` is from: the case's person, or a current household member."""
    if case.person_id:
        if person is not None and person.pk != case.person_id:
            raise ValidationError({"person": _("The consent must be given by the person of this case.")})
        assert case.person is not None
        return case.person
    if person is None:
        raise ValidationError({"person": _("Say which member of the household gave their consent.")})
    is_member = HouseholdMember.objects.filter(
        household_id=case.household_id or 0, person=person, left_on__isnull=True
    ).exists()
    if not is_member:
        raise ValidationError({"person": _("Choose a current member of the household.")})
    return person


@transaction.atomic
def consent_record(
    *,
    actor: User,
    case: Case,
    purposes: Iterable[str],
    method: str,
    person: Person | None = None,
    organisation: Organisation | None = None,
    given_on: date | None = None,
    expires_on: date | None = None,
    note: str = "",
) -> Consent:
    """Record what the person agreed to: for which purposes, with which organisation (none: any of
    the network), how it was given, from when and until when."""
    _require_holder_staff(actor, case)
    subject = _person_of_case(case, person)
    today = timezone.localdate()
    chosen = sorted(set(purposes))
    errors: dict[str, list[str]] = {}
    if not chosen or any(p not in Consent.Purpose.values for p in chosen):
        errors["purposes"] = [_("Choose at least one purpose the person agreed to.")]
    given_on = given_on or today
    if given_on > today:
        errors["given_on"] = [_("Consent cannot be given in the future.")]
    if expires_on is not None and expires_on < max(given_on, today):
        errors["expires_on"] = [_("The end date cannot be in the past.")]
    if organisation is not None and organisation.pk == case.organisation_id:
        errors["organisation"] = [_("Choose another organisation, or none for the whole network.")]
    if errors:
        raise ValidationError(errors)
    consent = Consent(
        person=subject,
        case=case,
        purposes=chosen,
        organisation=organisation,
        method=method,
        given_on=given_on,
        expires_on=expires_on,
        note=(note or "").replace("\x00", "").strip()[:TEXT_MAX],
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, consent: Consent) -> Consent:
    """The person takes their consent back: from this moment every referral resting on it stops
    sharing (``ended_at``), and the receivers can no longer open the case through it."""
    locked = (
        Consent.objects.select_for_update(of=("self",)).select_related("case", "person").get(pk=consent.pk)
    )
    if locked.case is not None:
        _require_holder_staff(actor, locked.case)
    elif not (
        policy.can(actor, Perm.EDIT_PERSONS, locked.person.organisation_id)
        and Person.objects.visible_to(actor).filter(pk=locked.person_id).exists()
    ):
        raise PermissionDenied
    if locked.withdrawn_at is not None:
        raise ValidationError(_("This consent has already been withdrawn."), code="withdrawn")
    now = timezone.now()
    locked.withdrawn_at = now
    locked.withdrawn_by = actor
    locked.full_clean()
    locked.save(update_fields=["withdrawn_at", "withdrawn_by"])
    for referral in Referral.objects.select_for_update().filter(consent=locked, ended_at__isnull=True):
        referral.ended_at = now
        referral.save(update_fields=["ended_at"])
    consent.refresh_from_db()
    return locked


# --- Referrals -----------------------------------------------------------------------------------


def _check_sections(sections: Iterable[str]) -> list[str]:
    chosen = [s for s in Referral.Section.values if s in set(sections)]
    if not chosen or len(chosen) != len(set(sections)):
        raise ValidationError({"sections": _("Choose the parts of the case to share.")})
    return chosen


def _check_dates(expires_on: date, respond_by: date | None) -> dict[str, list[str]]:
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if expires_on <= today:
        errors["expires_on"] = [_("The end date must be after today.")]
    elif expires_on > today + timedelta(days=MAX_REFERRAL_DAYS):
        errors["expires_on"] = [
            _("A referral shares a case for one year at most. Choose an earlier end date.")
        ]
    if respond_by is not None and (respond_by < today or respond_by > expires_on):
        errors["respond_by"] = [_("The answer date must be between today and the end date.")]
    return errors


def _log_override(actor: User, case: Case, to_organisation: Organisation, channel: str) -> None:
    """The explicit trace of a referral without consent in the read log: what the DPO reads first."""
    ReadLog.objects.create(
        user=actor,
        organisation=policy.acting_organisation(actor, Perm.COORDINATE, case.organisation_id)
        or policy.acting_organisation(actor, Perm.EDIT_PERSONS, case.organisation_id),
        record_type="case",
        record_id=str(case.pk),
        record_organisation_id=case.organisation_id,
        channel=channel,
        purpose=f"{OVERRIDE_PURPOSE} → {to_organisation.pk}"[:200],
        path="",
    )


def _override_allowed(actor: User, case: Case) -> str:
    """Who may refer without a standing consent: for a protected case its named staff only; for
    any other case a coordinator of the holder. Returns the error message, or "" when allowed."""
    if is_protected(case):
        if not case.protected_staff.filter(pk=actor.pk).exists():
            return _("A protected case is referred only by its named staff, with a reason.")
        return ""
    if not policy.can(actor, Perm.COORDINATE, case.organisation_id):
        return _(
            "There is no consent of the person for this referral. Record it first, or ask a "
            "coordinator to refer without consent, with a reason."
        )
    return ""


@transaction.atomic
def referral_send(
    *,
    actor: User,
    case: Case,
    to_organisation: Organisation,
    service: str,
    purpose: str,
    sections: Iterable[str],
    expires_on: date,
    respond_by: date | None = None,
    consent: Consent | None = None,
    override_reason: str = "",
    channel: str = ReadLog.Channel.PAGE,
) -> Referral:
    """Refer the case (the ``sections`` chosen) to ``to_organisation`` for a service.

    It rests on the person's ``consent`` (standing, for referrals, naming the receiver or no one);
    without one, a coordinator of the holder may still refer with an ``override_reason``, kept on
    the referral, marked in the change log and written to the read log. A protected case always
    needs one of its named staff and a reason: its location never travels.
    """
    _require_holder_staff(actor, case)
    locked = Case.objects.select_for_update(of=("self",)).select_related("person").get(pk=case.pk)
    if locked.is_closed:
        raise ValidationError({"__all__": _("This case is closed. Reopen it first.")})
    errors: dict[str, list[str]] = {}
    if to_organisation.pk == locked.organisation_id or not to_organisation.is_active:
        errors["to_organisation"] = [_("Choose another active organisation of the network.")]
    try:
        chosen = _check_sections(sections)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        chosen = []
    service = (service or "").replace("\x00", "").strip()
    if not service:
        errors["service"] = [_("Say for which service.")]
    purpose = (purpose or "").replace("\x00", "").strip()
    if not purpose:
        errors["purpose"] = [_("Say why the case is referred.")]
    errors.update(_check_dates(expires_on, respond_by))
    override_reason = (override_reason or "").replace("\x00", "").strip()[:TEXT_MAX]
    if consent is not None and not consent_covers(consent, locked, to_organisation.pk, "referral"):
        errors["consent"] = [
            _(
                "This consent does not cover a referral to this organisation "
                "(withdrawn, expired or for other purposes)."
            )
        ]
    override = consent is None or is_protected(locked)
    if override and not errors:
        refused = _override_allowed(actor, locked)
        if refused:
            errors["override_reason"] = [refused]
        elif not override_reason:
            errors["override_reason"] = [_("Say why the case is referred without the person's consent.")]
    if errors:
        raise ValidationError(errors)
    already = Referral.objects.filter(
        case=locked,
        to_organisation=to_organisation,
        status__in=[Referral.Status.SENT, Referral.Status.ACCEPTED],
        ended_at__isnull=True,
    ).exists()
    if already:
        raise ValidationError({"to_organisation": _("This case is already referred to this organisation.")})
    referral = Referral(
        case=locked,
        from_organisation_id=locked.organisation_id,
        to_organisation=to_organisation,
        service=service[:200],
        purpose=purpose[:TEXT_MAX],
        sections=chosen,
        consent=consent,
        override_reason=override_reason if override else "",
        expires_on=expires_on,
        respond_by=respond_by,
        sent_by=actor,
    )
    referral.full_clean()
    if override:
        referral.save()
        _mark_in_change_log(actor, referral, referral_override=True, protected=is_protected(locked))
        _log_override(actor, locked, to_organisation, channel)
    else:
        referral.save()
    return referral


def _lock(referral: Referral) -> Referral:
    return Referral.objects.select_for_update(of=("self",)).select_related("case").get(pk=referral.pk)


@transaction.atomic
def referral_accept(*, actor: User, referral: Referral) -> Referral:
    """The receiver takes the referral on: from now, until it ends, they open the sections shared."""
    locked = _lock(referral)
    _require_receiver(actor, locked)
    if locked.status != Referral.Status.SENT or locked.ended_at is not None:
        raise ValidationError(_("This referral has already been answered or has ended."), code="decided")
    if locked.expires_on < timezone.localdate():
        raise ValidationError(_("This referral has expired. Ask the sender to refer the case again."))
    if locked.consent is not None and not consent_stands(locked.consent):
        raise ValidationError(_("The person's consent for this referral no longer stands."))
    locked.status = Referral.Status.ACCEPTED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    referral.refresh_from_db()
    return locked


@transaction.atomic
def referral_decline(*, actor: User, referral: Referral, reason: str) -> Referral:
    """The receiver turns the referral down, saying why; nothing of the case is shared."""
    locked = _lock(referral)
    _require_receiver(actor, locked)
    if locked.status != Referral.Status.SENT or locked.ended_at is not None:
        raise ValidationError(_("This referral has already been answered or has ended."), code="decided")
    locked.decline_reason = _clean_text(reason, "reason", _("Say why the referral is declined."))
    locked.status = Referral.Status.DECLINED
    locked.decided_by = actor
    locked.decided_at = locked.ended_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["status", "decline_reason", "decided_by", "decided_at", "ended_at"])
    referral.refresh_from_db()
    return locked


@transaction.atomic
def referral_record_outcome(*, actor: User, referral: Referral, outcome: str) -> Referral:
    """The receiver says how the service went; the sender reads it. The sharing ends here: the
    receiver keeps the referral and its outcome, not the case."""
    locked = _lock(referral)
    _require_receiver(actor, locked)
    if locked.status != Referral.Status.ACCEPTED:
        raise ValidationError(_("An outcome is recorded on an accepted referral."), code="status")
    locked.outcome = _clean_text(outcome, "outcome", _("Say how the service went."))
    now = timezone.now()
    locked.status = Referral.Status.COMPLETED
    locked.outcome_at = now
    locked.ended_at = locked.ended_at or now
    locked.full_clean()
    locked.save(update_fields=["status", "outcome", "outcome_at", "ended_at"])
    referral.refresh_from_db()
    return locked


@transaction.atomic
def referral_withdraw(*, actor: User, referral: Referral) -> Referral:
    """The holder's side takes the referral back: the receiver can no longer open the case."""
    locked = _lock(referral)
    _require_holder_staff(actor, locked.case)
    if locked.status not in {Referral.Status.SENT, Referral.Status.ACCEPTED} or locked.ended_at is not None:
        raise ValidationError(_("This referral has already ended."), code="ended")
    locked.status = Referral.Status.WITHDRAWN
    locked.ended_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["status", "ended_at"])
    referral.refresh_from_db()
    return locked


# --- Transfer ------------------------------------------------------------------------------------


def _other_open_cases_at(case: Case, organisation_id: int) -> bool:
    """Whether ``organisation_id`` still works with the case's subject through another open case:
    for a person, their household's open case there (a person has one open case per holder)."""
    others = Case.objects.open().filter(organisation_id=organisation_id).exclude(pk=case.pk)
    if case.person_id:
        households = HouseholdMember.objects.filter(person_id=case.person_id, left_on__isnull=True)
        return others.filter(
            Q(person_id=case.person_id) | Q(household_id__in=households.values("household_id"))
        ).exists()
    return others.filter(household_id=case.household_id or 0).exists()


def _grant_active(person_id: int, organisation_id: int) -> bool:
    return AccessGrant.objects.filter(
        person_id=person_id,
        organisation_id=organisation_id,
        revoked_at__isnull=True,
        expires_on__gte=timezone.localdate(),
    ).exists()


def _move_subject(*, actor: User, case: Case, to_organisation: Organisation, consent: Consent | None) -> None:
    """Where the person's (or household's) record goes with the case; see ``case_transfer``."""
    old = case.organisation_id
    subject: Any = case.person if case.person_id else case.household
    if subject is None:
        return
    if subject.organisation_id == to_organisation.pk:
        return
    if subject.organisation_id == old and not _other_open_cases_at(case, old):
        subject.organisation = to_organisation
        subject.save(update_fields=["organisation"])
        return
    if case.household_id:
        # The household record stays; the new holder sees a household case through its members.
        return
    if subject.organisation_id != old:
        if not _grant_active(subject.pk, to_organisation.pk):
            raise ValidationError(
                {
                    "to_organisation": _(
                        "The person's record is held by another organisation: ask it to share "
                        "the record with the new holder first."
                    )
                }
            )
        return
    if consent is None:
        raise ValidationError(
            {
                "consent": _(
                    "The person has another open case here, so their record stays here and is "
                    "shared with the new holder: record their consent first."
                )
            }
        )
    if not _grant_active(subject.pk, to_organisation.pk):
        grant = AccessGrant(
            person=subject,
            organisation=to_organisation,
            basis=AccessGrant.Basis.CONSENT,
            basis_note=_("Consent recorded for the transfer of case %(reference)s.")
            % {"reference": case.reference},
            expires_on=min(
                consent.expires_on or date.max,
                timezone.localdate() + timedelta(days=MAX_REFERRAL_DAYS),
            ),
            granted_by=actor,
        )
        grant.full_clean()
        grant.save()


@transaction.atomic
def case_transfer(
    *,
    actor: User,
    case: Case,
    to_organisation: Organisation,
    reason: str,
    consent: Consent | None = None,
) -> CaseTransfer:
    """Hand the whole case to ``to_organisation``: a separate, explicit act of a coordinator of the
    holder, with a reason (and the person's consent, when there is one).

    The person's registry record follows the case when the old holder held it and has no other
    open case with them: the new holder now keeps both. When the old holder still works with
    them (their household's open case there), the record stays and is shared with the new holder by a
    sharing grant resting on the person's consent (so consent is then required). A record held
    by a third organisation stays there, and the transfer waits until that organisation shares it
    with the new holder. A household's record follows the same first rule; otherwise it stays.

    The responsible caseworker and the named staff are cleared (the new holder's coordinators
    assign theirs); a referral to the new holder ends, since it now holds the case. A protected
    case is never transferred: only its named staff may see it, and they stay where they are.
    """
    _require_holder_staff(actor, case, Perm.COORDINATE)
    locking = Case.objects.select_for_update(of=("self",))
    locked = locking.select_related("person", "household").get(pk=case.pk)
    if locked.is_closed:
        raise ValidationError({"__all__": _("This case is closed. Reopen it first.")})
    if is_protected(locked):
        raise ValidationError(
            {"__all__": _("A protected case is not transferred. Its named staff keep it where it is.")}
        )
    errors: dict[str, list[str]] = {}
    if to_organisation.pk == locked.organisation_id or not to_organisation.is_active:
        errors["to_organisation"] = [_("Choose another active organisation of the network.")]
    try:
        reason = _clean_text(reason, "reason", _("Say why the case is transferred."))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if consent is not None and not (
        consent_covers(consent, locked, to_organisation.pk, "referral")
        or consent_covers(consent, locked, to_organisation.pk, "sharing")
    ):
        errors["consent"] = [_("This consent does not cover handing the case to this organisation.")]
    if errors:
        raise ValidationError(errors)
    from_organisation_id = locked.organisation_id
    _move_subject(actor=actor, case=locked, to_organisation=to_organisation, consent=consent)
    now = timezone.now()
    for referral in Referral.objects.select_for_update().filter(
        case=locked, to_organisation=to_organisation, ended_at__isnull=True
    ):
        referral.ended_at = now
        referral.save(update_fields=["ended_at"])
    locked.organisation = to_organisation
    locked.responsible = None
    locked.full_clean()
    locked.save(update_fields=["organisation", "responsible", "updated_at"])
    locked.protected_staff.clear()
    transfer = CaseTransfer(
        case=locked,
        from_organisation_id=from_organisation_id,
        to_organisation=to_organisation,
        reason=reason,
        consent=consent,
        transferred_by=actor,
        transferred_at=now,
    )
    transfer.full_clean()
    transfer.save()
    case.refresh_from_db()
    return transfer
