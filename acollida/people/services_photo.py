"""A person's photo: added or replaced with their consent, deleted when they withdraw it.

The photo helps staff recognise a returning person without asking for their papers again. It is
optional, needs the person's consent (how it was given is recorded), is kept encrypted, and is
shown only to staff who may open the person's record. Withdrawing consent deletes it.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acollida.core import policy
from acollida.core.models import User
from acollida.core.policy import Perm
from acollida.people.models import Person, PersonPhoto
from acollida.people.photos import photo_normalise, photo_size


def _require_editor(actor: User, person: Person) -> None:
    """The actor may open the person and record their matters at the holding organisation."""
    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied
    if not policy.can(actor, Perm.EDIT_PERSONS, person.organisation_id):
        raise PermissionDenied


@transaction.atomic
def photo_set(*, actor: User, person: Person, data: bytes, consent_method: str) -> PersonPhoto:
    """Add the person's photo, or replace the one they have, from an uploaded image.

    ``data`` is checked and re-encoded (``photos.photo_normalise``): metadata, GPS position
    included, is dropped. The consent recorded is the one given for this photo.
    """
    _require_editor(actor, person)
    if person.merged_into_id is not None:
        raise ValidationError(
            {"image": _("This record was merged into another one: add the photo to that record.")}
        )
    if consent_method not in PersonPhoto.ConsentMethod.values:
        raise ValidationError({"consent_method": _("Say how the person gave their consent.")})
    jpeg = photo_normalise(data)
    # One photo per person: lock the person so two uploads at once cannot both create one.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    photo = PersonPhoto.objects.filter(person=person).first() or PersonPhoto(person=person)
    photo.image = base64.b64encode(jpeg).decode("ascii")
    photo.consent_method = consent_method
    photo.consent_at = timezone.now()
    photo.uploaded_by = actor
    photo.full_clean()
    photo.save()
    return photo


@transaction.atomic
def photo_delete(*, actor: User, person: Person) -> bool:
    """Delete the person's photo (their consent is withdrawn). ``False`` if there was none."""
    _require_editor(actor, person)
    deleted, _per_model = PersonPhoto.objects.filter(person=person).delete()
    return deleted > 0


def photo_jpeg(photo: PersonPhoto) -> bytes:
    """The stored photo as JPEG bytes (decrypted when the row was read)."""
    return base64.b64decode(photo.image)


# The photo is shown at this size (CSS pixels, long side); the stored 480 px stay sharp on dense screens.
DISPLAY_LONG_SIDE = 160


@dataclass(frozen=True)
class PhotoPanel:
    """What the person page shows of the photo: the image (if any), its display size, and whether
    the user may change it."""

    exists: bool
    width: int
    height: int
    can_edit: bool  # add, replace (unless the record was merged) and delete


def photo_panel(*, user: Any, person: Person) -> PhotoPanel:
    """For a person the user may open: whether there is a photo, its size, and may they change it."""
    photo = PersonPhoto.objects.filter(person=person).first()
    width, height = photo_size(photo_jpeg(photo)) if photo is not None else (0, 0)
    scale = DISPLAY_LONG_SIDE / max(width, height, 1)
    width, height = max(1, round(width * scale)), max(1, round(height * scale))
    return PhotoPanel(
        exists=photo is not None,
        width=width,
        height=height,
        can_edit=policy.can(user, Perm.EDIT_PERSONS, person.organisation_id),
    )
