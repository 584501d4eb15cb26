"""Households (unidad familiar / de convivencia): who lives with whom, and since when.

A household is held by one organisation, like a person. A place in a household is never deleted
when it ends: leaving sets ``left_on``, so the history of a person's households stays readable.
Joining one household closes nothing elsewhere: a child may live between two parents' homes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from acollida.core import policy
from acollida.core.models import Organisation, User
from acollida.core.policy import Perm
from acollida.people.models import Household, HouseholdMember, Person


def households_visible_to(user: Any) -> QuerySet[Household]:
    """Households the user may open, as the access policy decides (``policy.households_visible_to``)."""
    return policy.households_visible_to(user, Household.objects.all(), Person.objects.all())


def household_members_visible_to(user: Any, household: Household) -> QuerySet[HouseholdMember]:
    """The household's places (present and past) of the people the user may open."""
    return (
        HouseholdMember.objects.filter(
            household=household, person__in=Person.objects.visible_to(user).values("pk")
        )
        .select_related("person")
        .order_by("joined_on", "pk")
    )


@transaction.atomic
def household_create(*, actor: User, organisation: Organisation, name: str) -> Household:
    """Open a household held by ``organisation``."""
    if not policy.can(actor, Perm.EDIT_PERSONS, organisation):
        raise PermissionDenied
    household = Household(organisation=organisation, name=name.strip())
    household.full_clean()
    household.save()
    return household


def _require_editable(actor: User, household: Household, person: Person) -> None:
    if not policy.can(actor, Perm.EDIT_PERSONS, household.organisation_id):
        raise PermissionDenied
    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied
    if not policy.can(actor, Perm.EDIT_PERSONS, person.organisation_id):
        raise PermissionDenied


@transaction.atomic
def household_member_join(
    *,
    actor: User,
    household: Household,
    person: Person,
    relationship: str,
    joined_on: date | None = None,
) -> HouseholdMember:
    """Add ``person`` to ``household`` from ``joined_on`` (today by default).

    Their places in other households stay as they are; someone who is already a present member
    of this household cannot join it a second time.
    """
    _require_editable(actor, household, person)
    if person.merged_into_id is not None:
        raise ValidationError({"person_id": _("This record was merged into another one. Use that one.")})
    if HouseholdMember.objects.filter(household=household, person=person, left_on__isnull=True).exists():
        raise ValidationError({"person_id": _("This person is already a member of this household.")})
    member = HouseholdMember(
        household=household,
        person=person,
        relationship=relationship,
        joined_on=joined_on or timezone.localdate(),
    )
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def household_member_leave(
    *, actor: User, household: Household, person: Person, left_on: date | None = None
) -> HouseholdMember:
    """Record that ``person`` left ``household`` on ``left_on`` (today by default); the place is
    kept as history."""
    _require_editable(actor, household, person)
    member = (
        HouseholdMember.objects.select_for_update()
        .filter(household=household, person=person, left_on__isnull=True)
        .first()
    )
    if member is None:
        raise ValidationError({"person_id": _("This person is not a present member of this household.")})
    left_on = left_on or timezone.localdate()
    if left_on < member.joined_on:
        raise ValidationError({"left_on": _("A person cannot leave before they joined.")})
    member.left_on = left_on
    member.full_clean()
    member.save(update_fields=["left_on"])
    return member
