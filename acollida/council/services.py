"""Writes of the council: bodies and their history, seats, organisations, members and mandates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from acollida.council.models import (
    Body,
    BodyStatus,
    CouncilOrganisation,
    Declaration,
    Mandate,
    MandateEndReason,
    MandateRole,
    Member,
    Seat,
    SeatCategory,
)

BODY_FIELDS = (
    "name",
    "purpose",
    "kind",
    "parent",
    "quorum_kind",
    "quorum_first_call",
    "quorum_second_call",
    "majority_rule",
    "term_years",
)


def _set(obj: Any, values: dict[str, Any], allowed: tuple[str, ...]) -> None:
    for name in allowed:
        if name in values:
            setattr(obj, name, values[name])


@transaction.atomic
def body_create(*, slug: str, values: dict[str, Any]) -> Body:
    """A new active body with its rules."""
    body = Body(slug=slug)
    _set(body, values, BODY_FIELDS)
    body.full_clean()
    body.save()
    return body


@transaction.atomic
def body_update(*, body: Body, values: dict[str, Any]) -> Body:
    """Change a body's name, purpose or rules; a merged or dissolved body is archive and stays as it was."""
    if not body.is_active:
        raise ValidationError(_("This body is archived: it can no longer be changed."))
    _set(body, values, BODY_FIELDS)
    body.full_clean()
    body.save()
    return body


def _end_open_mandates(*, body: Body, on: dt.date, reason: str) -> int:
    ended = 0
    running = Mandate.objects.filter(seat__body=body, starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=on)
    )
    for mandate in running:
        mandate.ends_on = on
        mandate.ended_reason = reason
        mandate.full_clean()
        mandate.save(update_fields=["ends_on", "ended_reason"])
        ended += 1
    # Mandates planned to start after the date never begin.
    for mandate in Mandate.objects.filter(seat__body=body, starts_on__gt=on).exclude(
        ended_reason__in=[reason]
    ):
        mandate.ends_on = mandate.starts_on
        mandate.ended_reason = reason
        mandate.save(update_fields=["ends_on", "ended_reason"])
    return ended


@transaction.atomic
def body_merge(*, body: Body, into: Body, on: dt.date | None = None) -> Body:
    """Fold ``body`` into ``into``: the body becomes archive (its seats, mandates, meetings and minutes
    stay where they are, read-only), its open mandates end on the day, and its child bodies move to
    the receiving body."""
    on = on or timezone.localdate()
    body = Body.objects.select_for_update().get(pk=body.pk)
    if not body.is_active:
        raise ValidationError(_("This body is already archived."))
    if into.pk == body.pk:
        raise ValidationError({"merged_into": _("A body cannot be merged into itself.")})
    if not into.is_active:
        raise ValidationError({"merged_into": _("A body can only be merged into an active body.")})
    ancestor: Body | None = into
    while ancestor is not None:
        if ancestor.pk == body.pk:
            raise ValidationError(
                {"merged_into": _("A body cannot be merged into one of its own working groups.")}
            )
        ancestor = ancestor.parent
    _end_open_mandates(body=body, on=on, reason=MandateEndReason.BODY_MERGED)
    Body.objects.filter(parent=body, status=BodyStatus.ACTIVE).update(parent=into)
    body.status = BodyStatus.MERGED
    body.merged_into = into
    body.merged_at = on
    body.full_clean()
    body.save()
    return body


@transaction.atomic
def body_dissolve(*, body: Body, on: dt.date | None = None) -> Body:
    """Dissolve a body; its archive is kept and its open mandates end on the day."""
    on = on or timezone.localdate()
    body = Body.objects.select_for_update().get(pk=body.pk)
    if not body.is_active:
        raise ValidationError(_("This body is already archived."))
    if body.children.filter(status=BodyStatus.ACTIVE).exists():
        raise ValidationError(_("Dissolve or merge its working groups first."))
    _end_open_mandates(body=body, on=on, reason=MandateEndReason.BODY_DISSOLVED)
    body.status = BodyStatus.DISSOLVED
    body.dissolved_at = on
    body.full_clean()
    body.save()
    return body


def _require_active(body: Body) -> None:
    if not body.is_active:
        raise ValidationError(_("This body is archived: it can no longer be changed."))


@transaction.atomic
def category_save(
    *,
    body: Body,
    code: str,
    name: str,
    has_vote: bool,
    target_share_min: Decimal | None,
    target_share_max: Decimal | None,
    population_share: Decimal | None = None,
) -> SeatCategory:
    """Add a seat category to a body, or change the target band of the one with that code."""
    _require_active(body)
    category = SeatCategory.objects.filter(body=body, code=code).first() or SeatCategory(body=body, code=code)
    category.name = name
    category.has_vote = has_vote
    category.target_share_min = target_share_min
    category.target_share_max = target_share_max
    category.population_share = population_share
    category.full_clean()
    category.save()
    return category


@transaction.atomic
def seats_add(
    *,
    body: Body,
    category: SeatCategory,
    count: int,
    nominated_by: CouncilOrganisation | None,
    label: str = "",
) -> list[Seat]:
    """Add ``count`` seats to a category, numbered after the body's last seat."""
    _require_active(body)
    if category.body_id != body.pk:
        raise ValidationError({"category": _("The category belongs to another body.")})
    if not 1 <= count <= 200:
        raise ValidationError({"count": _("Add between 1 and 200 seats at a time.")})
    last = Seat.objects.filter(body=body).aggregate(n=Max("number"))["n"] or 0
    seats = []
    for offset in range(1, count + 1):
        seat = Seat(
            body=body, category=category, number=last + offset, label=label, nominated_by=nominated_by
        )
        seat.full_clean()
        seat.save()
        seats.append(seat)
    return seats


@transaction.atomic
def organisation_save(
    *, organisation: CouncilOrganisation | None = None, values: dict[str, Any]
) -> CouncilOrganisation:
    """Create or change a council organisation (its migrant-led flag is as the organisation declares)."""
    organisation = organisation or CouncilOrganisation()
    _set(organisation, values, ("name", "kind", "migrant_led", "organisation", "website"))
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def member_save(*, member: Member | None = None, values: dict[str, Any]) -> Member:
    """Create or change a member; they appear on public pages only with ``public_consent``."""
    member = member or Member()
    _set(
        member,
        values,
        ("name", "gender", "is_migrant", "organisation", "languages", "email", "public_consent"),
    )
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def declaration_add(
    *, member: Member, text: str, funding_received: bool, amount: Decimal | None, year: int
) -> Declaration:
    """A declaration of interest (shown on the public member list when the member consents)."""
    if amount is not None and not funding_received:
        raise ValidationError({"amount": _("Give an amount only for funding received.")})
    declaration = Declaration(
        member=member, text=text, funding_received=funding_received, amount=amount, year=year
    )
    declaration.full_clean()
    declaration.save()
    return declaration


def _overlaps(seat: Seat, role: str, starts_on: dt.date, ends_on: dt.date | None) -> bool:
    qs = Mandate.objects.filter(seat=seat, role=role)
    if ends_on is not None:
        qs = qs.filter(starts_on__lte=ends_on)
    return qs.exclude(ends_on__lt=starts_on).exists()


@transaction.atomic
def mandate_assign(
    *, seat: Seat, member: Member, role: str, starts_on: dt.date, ends_on: dt.date | None = None
) -> Mandate:
    """Give a seat its titular or substitute from ``starts_on``; a seat has one of each at a time.

    When no end is given, the term is the body's ``term_years``.
    """
    Seat.objects.select_for_update().filter(pk=seat.pk).first()
    _require_active(seat.body)
    if role not in MandateRole.values:
        raise ValidationError({"role": _("Choose titular or substitute.")})
    if ends_on is None:
        try:
            ends_on = starts_on.replace(year=starts_on.year + seat.body.term_years) - dt.timedelta(days=1)
        except ValueError:  # 29 February
            ends_on = starts_on.replace(year=starts_on.year + seat.body.term_years, day=28)
    if _overlaps(seat, role, starts_on, ends_on):
        raise ValidationError(
            _("This seat already has a member in that role for part of that time. End that mandate first.")
        )
    if (
        Mandate.objects.filter(seat=seat, member=member, starts_on__lte=ends_on)
        .exclude(ends_on__lt=starts_on)
        .exists()
    ):
        raise ValidationError({"member": _("This member already holds this seat for part of that time.")})
    mandate = Mandate(seat=seat, member=member, role=role, starts_on=starts_on, ends_on=ends_on)
    mandate.full_clean()
    mandate.save()
    return mandate


@transaction.atomic
def mandate_end(*, mandate: Mandate, on: dt.date, reason: str) -> Mandate:
    """End a mandate early (resignation, replacement...); the seat falls vacant from the next day."""
    mandate = Mandate.objects.select_for_update().get(pk=mandate.pk)
    if reason not in MandateEndReason.values:
        raise ValidationError({"reason": _("Choose why the mandate ends.")})
    if on < mandate.starts_on:
        raise ValidationError({"on": _("A mandate cannot end before it starts.")})
    if mandate.ends_on is not None and on > mandate.ends_on:
        raise ValidationError({"on": _("The mandate already ends before that date.")})
    mandate.ends_on = on
    mandate.ended_reason = reason
    mandate.full_clean()
    mandate.save(update_fields=["ends_on", "ended_reason"])
    return mandate
