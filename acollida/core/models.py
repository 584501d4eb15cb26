"""Core: the organisations of the network, their offices, staff and roles, API tokens and the read log.

Everything else in acollida stands on this app: who a user is, which organisations they act for,
and the record of every read of personal data.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal department")
    REGIONAL = "regional", _("Regional government")
    STATE = "state", _("State body")
    NGO = "ngo", _("NGO")
    MIGRANT_ASSOCIATION = "migrant_association", _("Migrant association")
    TRADE_UNION = "trade_union", _("Trade union")
    SCHOOL = "school", _("School")
    INTERNATIONAL = "international", _("International organisation")


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    COORDINATOR = "coordinator", _("Coordinator")
    ORG_ADMIN = "org_admin", _("Organisation admin")
    DPO = "dpo", _("Data-protection officer")
    COUNCIL_SECRETARY = "council_secretary", _("Council secretary")
    RESEARCHER = "researcher", _("Researcher")
    VOLUNTEER = "volunteer", _("Volunteer")
    INTERPRETER = "interpreter", _("Interpreter")
    PLATFORM_ADMIN = "platform_admin", _("Platform admin")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def visible_to(self, user: Any) -> OrganisationQuerySet:
        from acollida.core import policy

        return policy.organisations_visible_to(user, self)  # type: ignore[return-value]


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def ancestors(self) -> list[Organisation]:
        """Parents up to the top, nearest first (departments → sections are a few levels deep)."""
        chain: list[Organisation] = []
        node = self.parent
        while node is not None and node not in chain:
            chain.append(node)
            node = node.parent
        return chain


class Office(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="offices"
    )
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street address"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    city = models.CharField(_("city"), max_length=100, default="València")
    district = models.CharField(_("district"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    opening_hours = models.TextField(
        _("opening hours"), blank=True, help_text=_("One line per period, e.g. Mon–Fri 09:00–14:00")
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown in the public directory. Shelters are never public.")
    )

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.display_name})"

    @property
    def address(self) -> str:
        return ", ".join(part for part in [self.street, f"{self.postcode} {self.city}".strip()] if part)


class StaffManager(UserManager["User"]):
    def visible_to(self, user: Any) -> models.QuerySet[User]:
        from acollida.core import policy

        return policy.staff_visible_to(user, self.get_queryset())


class User(AbstractUser):
    """A member of staff. Newcomers do not log in (yet); they use the public pages."""

    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, blank=True
    )

    objects: ClassVar[StaffManager] = StaffManager()

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True, user__is_active=True, organisation__is_active=True)

    def visible_to(self, user: Any) -> MembershipQuerySet:
        from acollida.core import policy

        return policy.memberships_visible_to(user, self)  # type: ignore[return-value]


class Membership(models.Model):
    """A user acts for an organisation in a role. A user may hold several."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation.display_name}"


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True)

    def visible_to(self, user: Any) -> ApiTokenQuerySet:
        from acollida.core import policy

        return policy.tokens_visible_to(user, self)  # type: ignore[return-value]


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the secret is shown once at creation."""

    PREFIX = "acl_"

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    lookup = models.CharField(max_length=12, unique=True)
    token_hash = models.CharField(max_length=64)
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("organisations"),
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.PREFIX}{self.lookup}…)"

    @classmethod
    def new_secret(cls) -> tuple[str, str, str]:
        """Return ``(raw_token, lookup, hash)``; the raw token is never stored."""
        lookup = secrets.token_hex(6)
        raw = f"{cls.PREFIX}{lookup}_{secrets.token_urlsafe(32)}"
        return raw, lookup, _token_hash(raw)

    @staticmethod
    def split(raw: str) -> tuple[str, str] | None:
        if not raw.startswith(ApiToken.PREFIX):
            return None
        lookup, _sep, rest = raw[len(ApiToken.PREFIX) :].partition("_")
        if len(lookup) != 12 or not rest:
            return None
        return lookup, _token_hash(raw)

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now() and self.user.is_active


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionDenied("The read log is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionDenied("The read log is append-only")

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Any]:
        if kwargs.get("update_conflicts") or kwargs.get("ignore_conflicts"):
            raise PermissionDenied("The read log is append-only")
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs: Any, *args: Any, **kwargs: Any) -> int:
        raise PermissionDenied("The read log is append-only")

    def update_or_create(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionDenied("The read log is append-only")

    def visible_to(self, user: Any) -> AppendOnlyQuerySet:
        from acollida.core import policy

        return policy.read_logs_visible_to(user, self)  # type: ignore[return-value]

    def pseudonymise_for_data_subject_rights(self, *, record_id: str | None = None) -> int:
        """The one sanctioned change to the read log, used only by ``acollida.cases.erasure``: when
        a person is erased (or pseudonymised at the end of the retention period) the reads about
        them keep who read, when, acting for whom and why, but lose the address (a search address
        carries the words searched) and, on erasure, point to the erasure reference instead of the
        deleted record."""
        changes: dict[str, Any] = {"path": ""}
        if record_id is not None:
            changes["record_id"] = record_id
        return super().update(**changes)


class ReadLog(models.Model):
    """One read of personal data: who, for which organisation, what, when and why.

    Append-only through the application: rows can be created, never changed or deleted.
    """

    class Channel(models.TextChoices):
        PAGE = "page", _("Page")
        API = "api", _("API")
        EXPORT = "export", _("Export")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(User, verbose_name=_("who"), on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("acting for"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    record_type = models.CharField(_("record type"), max_length=60, db_index=True)
    record_id = models.CharField(_("record"), max_length=64, db_index=True)
    record_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("record held by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    purpose = models.CharField(_("purpose"), max_length=200)
    path = models.CharField(_("address"), max_length=300)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("read of personal data")
        verbose_name_plural = _("reads of personal data")
        base_manager_name = "objects"  # no back door through Model._base_manager
        indexes = [models.Index(fields=["record_type", "record_id", "-at"], name="readlog_record_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} → {self.record_type} {self.record_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionDenied("The read log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionDenied("The read log is append-only")


class StaffSession(models.Model):
    """The session keys a user holds, so that deactivating the user can end every one at once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user_id}:{self.session_key[:6]}…"
