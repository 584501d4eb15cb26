"""Workflows that change core records. Each checks the access policy and runs in one transaction."""

from __future__ import annotations

import secrets
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from acollida.core import policy
from acollida.core.models import ApiToken, Membership, Organisation, Role, StaffSession, User
from acollida.core.policy import Perm

RECOVERY_DEVICE_NAME = "recovery"
RECOVERY_CODE_COUNT = 10


def _require_manage(actor: User, organisation_id: int) -> None:
    if organisation_id not in policy.organisation_ids_with(actor, Perm.MANAGE_STAFF):
        raise PermissionDenied


def _check_role_grant(actor: User, role: str) -> None:
    if role == Role.PLATFORM_ADMIN and not policy.can(actor, Perm.ADMIN_SITE):
        raise ValidationError({"role": _("Only a platform admin can grant the platform admin role.")})
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})


def _check_platform_admin_membership(actor: User, membership: Membership) -> None:
    """Demoting, removing or restoring a platform admin is as sensitive as granting the role."""
    if membership.role == Role.PLATFORM_ADMIN and not policy.can(actor, Perm.ADMIN_SITE):
        raise ValidationError({"role": _("Only a platform admin can change the platform admin role.")})


@transaction.atomic
def staff_invite(
    *,
    actor: User,
    organisation: Organisation,
    role: str,
    username: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
) -> tuple[User, Membership, bool]:
    """Add a member of staff to ``organisation``; returns ``(user, membership, created_user)``.

    A new user gets no usable password: they choose one through the invitation link.
    An existing user (same username) gains the membership, but only from someone who already
    manages one of their organisations: otherwise one NGO's admin could pull another's staff in
    and read their staff record.
    """
    _require_manage(actor, organisation.pk)
    _check_role_grant(actor, role)
    user = User.objects.filter(username__iexact=username).first()
    created = user is None
    if user is None:
        user = User(username=username, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    elif not set(user.memberships.values_list("organisation_id", flat=True)) & (
        policy.organisation_ids_with(actor, Perm.MANAGE_STAFF)
    ):
        raise ValidationError({"username": _("This username is taken. Choose another one.")})
    elif not user.is_active:
        raise ValidationError({"username": _("This account is deactivated; reactivate it first.")})
    membership, was_new = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, defaults={"created_by": actor}
    )
    if not was_new:
        if membership.is_active:
            raise ValidationError({"role": _("This person already holds this role here.")})
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    _sync_platform_flags(user)
    return user, membership, created


@transaction.atomic
def membership_set_role(*, actor: User, membership: Membership, role: str) -> Membership:
    _require_manage(actor, membership.organisation_id)
    _check_role_grant(actor, role)
    _check_platform_admin_membership(actor, membership)
    if membership.user_id == actor.pk and membership.role in {Role.ORG_ADMIN, Role.PLATFORM_ADMIN}:
        raise ValidationError({"role": _("You cannot change your own admin role.")})
    if (
        Membership.objects.filter(
            user_id=membership.user_id, organisation_id=membership.organisation_id, role=role
        )
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError({"role": _("This person already holds this role here.")})
    membership.role = role
    membership.save(update_fields=["role"])
    _sync_platform_flags(membership.user)
    return membership


@transaction.atomic
def membership_set_active(*, actor: User, membership: Membership, active: bool) -> Membership:
    _require_manage(actor, membership.organisation_id)
    _check_platform_admin_membership(actor, membership)
    if membership.user_id == actor.pk and not active:
        raise ValidationError({"role": _("You cannot remove your own membership.")})
    membership.is_active = active
    membership.save(update_fields=["is_active"])
    _sync_platform_flags(membership.user)
    return membership


def session_register(*, user: User, session_key: str) -> None:
    """Remember a session key of ``user`` so that ``sessions_end`` finds it after the key is renewed."""
    StaffSession.objects.update_or_create(session_key=session_key, defaults={"user": user})


def sessions_end(*, user: User) -> int:
    """End every session the user holds (deactivation, password reset, suspected compromise)."""
    keys = list(StaffSession.objects.filter(user=user).values_list("session_key", flat=True))
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in keys:
        store(session_key=key).delete()  # the database row and its cached copy
    Session.objects.filter(session_key__in=keys).delete()
    StaffSession.objects.filter(user=user).delete()
    return len(keys)


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool) -> User:
    """Deactivate (or reactivate) an account. Deactivation ends all its sessions and tokens at once.

    Allowed only to someone who manages every organisation the user belongs to, so that one NGO's
    admin cannot lock out the city's staff; a platform admin's account only to a platform admin.
    """
    if user.pk == actor.pk:
        raise ValidationError({"user": _("You cannot deactivate your own account.")})
    managed = policy.organisation_ids_with(actor, Perm.MANAGE_STAFF)
    org_ids = set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
    if not org_ids or not org_ids <= managed:
        raise PermissionDenied
    holds_platform_role = Membership.objects.filter(
        user=user, role=Role.PLATFORM_ADMIN, is_active=True
    ).exists()
    if holds_platform_role and not policy.can(actor, Perm.ADMIN_SITE):
        raise PermissionDenied
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        sessions_end(user=user)
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return user


def _sync_platform_flags(user: User) -> None:
    """The Django admin is for platform admins only: keep ``is_staff``/``is_superuser`` in step."""
    is_platform = Membership.objects.active().filter(user=user, role=Role.PLATFORM_ADMIN).exists()
    if user.is_staff != is_platform or user.is_superuser != is_platform:
        user.is_staff = is_platform
        user.is_superuser = is_platform
        user.save(update_fields=["is_staff", "is_superuser"])


@transaction.atomic
def token_create(*, user: User, name: str, days: int, organisation_ids: list[int]) -> tuple[ApiToken, str]:
    """Create a personal API token scoped to some of the user's organisations; returns the secret once.

    Only organisations where one of the user's roles includes the API can be chosen.
    """
    policy.require(user, Perm.USE_API)
    allowed = policy.organisation_ids_with(user, Perm.USE_API)
    chosen = set(organisation_ids)
    if not chosen:
        raise ValidationError({"organisations": _("Choose at least one organisation.")})
    if not chosen <= allowed:
        raise ValidationError({"organisations": _("You can only choose organisations you belong to.")})
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {"days": _("Choose between 1 and %(max)d days.") % {"max": settings.API_TOKEN_MAX_DAYS}}
        )
    raw, lookup, digest = ApiToken.new_secret()
    token = ApiToken(
        user=user,
        name=name,
        lookup=lookup,
        token_hash=digest,
        expires_at=timezone.now() + timedelta(days=days),
    )
    token.full_clean()
    token.save()
    token.organisations.set(chosen)
    return token, raw


def token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    if token.user_id != user.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(raw: str) -> ApiToken | None:
    """Find the usable token for a raw secret; constant-time comparison of its hash."""
    parts = ApiToken.split(raw)
    if parts is None:
        return None
    lookup, digest = parts
    token = ApiToken.objects.usable().select_related("user").filter(lookup=lookup).first()
    if token is None or not secrets.compare_digest(token.token_hash, digest):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def user_set_language(*, user: User, language: str) -> None:
    if language in dict(settings.LANGUAGES) and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


# --- Two-factor authentication ------------------------------------------------------------------


def totp_device_for_setup(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator a user is enrolling (created on first visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


@transaction.atomic
def totp_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    if device.user_id != user.pk or not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def recovery_codes_generate(*, user: User) -> list[str]:
    """Replace the user's recovery codes with new single-use ones; returns them to show once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_DEVICE_NAME).count()
