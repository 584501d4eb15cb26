"""Emergency: operation mode for mass arrivals (a rescue ship, a bus convoy, an evacuation).

An ``Operation`` is declared by a coordinator with its lead organisations, its ``Site`` s (port
reception, triage, emergency shelters), the arrivals and languages expected. On the quay each person
gets an ``Arrival`` (quick registration or a manifest import): wristband, name as said, estimated
age, languages and triage flags; ``ArrivalLink`` keeps families and travel companions together.
An arrival becomes a full ``people.Person`` and ``cases.Case`` later, without typing twice.

``Volunteer`` s and interpreters from many organisations cover ``Shift`` s through
``ShiftAssignment`` s. Unaccompanied minors are routed to child protection at once and their
arrivals are seen only by coordinators (``acollida.core.policy``). Signs of trafficking are
special-category data: encrypted at rest.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from acollida.core.crypto import EncryptedTextField
from acollida.core.models import Organisation


class Operation(models.Model):
    class Kind(models.TextChoices):
        SHIP = "ship", _("Rescue ship")
        CONVOY = "convoy", _("Bus convoy")
        EVACUATION = "evacuation", _("Camp evacuation")
        SHELTER_PLAN = "shelter_plan", _("Emergency shelter plan")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed (archived)")

    slug = models.SlugField(_("short name for links"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SHIP)
    lead_organisations = models.ManyToManyField(
        Organisation, verbose_name=_("lead organisations"), related_name="emergency_operations"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    expected_arrivals = models.PositiveIntegerField(_("arrivals expected"), default=0)
    expected_languages = models.JSONField(
        _("languages expected"), default=list, blank=True, help_text=_("ISO 639 codes, e.g. ar, fr, ti.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declared by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("emergency operation")
        verbose_name_plural = _("emergency operations")
        ordering = ["-starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gte=models.F("starts_at")),
                name="emergency_operation_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class Site(models.Model):
    class Kind(models.TextChoices):
        PORT_RECEPTION = "port_reception", _("Port reception area")
        TRIAGE = "triage", _("Triage")
        SHELTER = "shelter", _("Emergency shelter")
        OTHER = "other", _("Other")

    operation = models.ForeignKey(
        Operation, verbose_name=_("operation"), on_delete=models.CASCADE, related_name="sites"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PORT_RECEPTION)
    address = models.CharField(_("address"), max_length=250, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["operation", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "X", _("Other")
    UNKNOWN = "U", _("Not recorded")


class Arrival(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        TRIAGED = "triaged", _("Triaged")
        PLACED = "placed", _("Placed")
        TRANSFERRED = "transferred", _("Transferred")
        LEFT = "left", _("Left")

    operation = models.ForeignKey(
        Operation, verbose_name=_("operation"), on_delete=models.PROTECT, related_name="arrivals"
    )
    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="arrivals",
    )
    wristband = models.CharField(_("wristband or ticket number"), max_length=40)
    # Plain text like people.Person's names: searched on the quay, protected by the policy.
    name_as_said = models.CharField(_("name as said"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    age_estimate = models.PositiveSmallIntegerField(
        _("estimated age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    nationality = models.CharField(_("nationality"), max_length=2, blank=True, help_text=_("ISO 3166 code"))
    languages = models.JSONField(_("languages"), default=list, blank=True, help_text=_("ISO 639 codes"))
    group_id = models.CharField(_("travel group"), max_length=40, blank=True)
    unaccompanied_minor = models.BooleanField(_("unaccompanied minor"), default=False)
    pregnant = models.BooleanField(_("pregnant"), default=False)
    medical_urgent = models.BooleanField(_("medical urgency"), default=False)
    disability = models.BooleanField(_("disability"), default=False)
    # Special category: "yes" or the observations, encrypted at rest; empty when none were seen.
    trafficking_signs = EncryptedTextField(_("signs of trafficking"), blank=True, default="")
    notes = EncryptedTextField(_("triage notes"), blank=True, default="")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED)
    desk = models.CharField(_("desk"), max_length=40, blank=True)
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    triaged_at = models.DateTimeField(_("triaged at"), null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("triaged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    child_protection_notified_at = models.DateTimeField(
        _("child protection notified at"), null=True, blank=True
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emergency_arrivals",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emergency_arrivals",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("arrival")
        verbose_name_plural = _("arrivals")
        ordering = ["operation", "registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "wristband"], name="emergency_wristband_unique"),
        ]
        indexes = [
            models.Index(fields=["operation", "status"]),
            models.Index(fields=["operation", "group_id"]),
        ]

    def __str__(self) -> str:
        return self.wristband

    @property
    def has_trafficking_signs(self) -> bool:
        return bool(self.trafficking_signs)


class ArrivalLink(models.Model):
    class Relation(models.TextChoices):
        FAMILY = "family", _("Family")
        TRAVELLING_WITH = "travelling_with", _("Travelling with")
        GUARDIAN = "guardian", _("Guardian")

    from_arrival = models.ForeignKey(
        Arrival, verbose_name=_("from"), on_delete=models.CASCADE, related_name="links_from"
    )
    to_arrival = models.ForeignKey(
        Arrival, verbose_name=_("to"), on_delete=models.CASCADE, related_name="links_to"
    )
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)

    class Meta:
        verbose_name = _("link between arrivals")
        verbose_name_plural = _("links between arrivals")
        constraints = [
            models.UniqueConstraint(
                fields=["from_arrival", "to_arrival"], name="emergency_arrival_link_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_arrival} → {self.to_arrival} ({self.relation})"


class Volunteer(models.Model):
    class BackgroundCheck(models.TextChoices):
        NONE = "none", _("Not done")
        PENDING = "pending", _("Pending")
        CLEARED = "cleared", _("Cleared")
        REFUSED = "refused", _("Refused")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        INACTIVE = "inactive", _("Inactive")

    class Skill(models.TextChoices):
        MEDICAL = "medical", _("Medical")
        LEGAL = "legal", _("Legal")
        CHILD_PROTECTION = "child_protection", _("Child protection")
        DRIVING = "driving", _("Driving")
        INTERPRETING = "interpreting", _("Interpreting")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteers",
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_('A list of {"code": ISO 639, "level": A1–C2 or native}'),
    )
    skills = models.JSONField(_("skills"), default=list, blank=True)
    availability = models.JSONField(_("availability"), default=dict, blank=True)
    background_check = models.CharField(
        _("background check"), max_length=10, choices=BackgroundCheck.choices, default=BackgroundCheck.NONE
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def language_codes(self) -> list[str]:
        return [str(item.get("code", "")) for item in self.languages if isinstance(item, dict)]


class Shift(models.Model):
    operation = models.ForeignKey(
        Operation, verbose_name=_("operation"), on_delete=models.CASCADE, related_name="shifts"
    )
    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="shifts")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    language_needs = models.JSONField(
        _("language needs"), default=dict, blank=True, help_text=_("Interpreters needed per ISO 639 code")
    )
    volunteers_needed = models.PositiveSmallIntegerField(
        _("volunteers needed"), default=0, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at", "site", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="emergency_shift_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.starts_at:%Y-%m-%d %H:%M}"


class ShiftAssignment(models.Model):
    class Role(models.TextChoices):
        INTERPRETER = "interpreter", _("Interpreter")
        VOLUNTEER = "volunteer", _("Volunteer")

    shift = models.ForeignKey(
        Shift, verbose_name=_("shift"), on_delete=models.CASCADE, related_name="assignments"
    )
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.CASCADE, related_name="assignments"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.VOLUNTEER)
    language = models.CharField(_("language"), max_length=8, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("planned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("shift assignment")
        verbose_name_plural = _("shift assignments")
        ordering = ["shift", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["shift", "volunteer"], name="emergency_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} @ {self.shift}"
