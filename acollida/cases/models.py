"""Cases: the case file an organisation keeps for a person or a household it accompanies.

A case is held by one organisation and has a responsible caseworker. It gathers the needs found at
intake (housing, legal status, language…), a plan of goals with target dates, and one chronological
timeline of services delivered and notes. Special-category notes (health, legal status, violence)
are encrypted at rest. Who may open a case is decided in ``acollida.core.policy.cases_visible_to``
by its sensitivity: normal, restricted (the responsible caseworker, named staff and coordinators)
or protected (named staff only).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acollida.core.crypto import EncryptedTextField
from acollida.core.models import Organisation
from acollida.people.models import Household, Person


class CaseQuerySet(models.QuerySet["Case"]):
    def visible_to(self, user: Any) -> CaseQuerySet:
        from acollida.core import policy

        return policy.cases_visible_to(user, self)  # type: ignore[return-value]

    def open(self) -> CaseQuerySet:
        return self.exclude(status=Case.Status.CLOSED)


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ON_HOLD = "on_hold", _("On hold")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        INDEPENDENT_LIVING = "independent_living", _("Living independently")
        MOVED = "moved", _("Moved elsewhere")
        RETURNED = "returned", _("Returned")
        OTHER = "other", _("Other")

    class Sensitivity(models.TextChoices):
        NORMAL = "normal", _("Normal")
        RESTRICTED = "restricted", _("Restricted")
        PROTECTED = "protected", _("Protected")

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("held by"), on_delete=models.PROTECT, related_name="cases"
    )
    reference = models.CharField(_("reference"), max_length=40)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible caseworker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_cases",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    sensitivity = models.CharField(
        _("sensitivity"), max_length=10, choices=Sensitivity.choices, default=Sensitivity.NORMAL
    )
    protected_staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("named staff"), blank=True, related_name="protected_cases"
    )
    waiting_for = models.CharField(
        _("waiting for"),
        max_length=250,
        blank=True,
        help_text=_("An answer the case is waiting for, e.g. from the asylum office."),
    )
    waiting_since = models.DateField(_("waiting since"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(person__isnull=False, household__isnull=True)
                    | models.Q(person__isnull=True, household__isnull=False)
                ),
                name="case_person_or_household",
                violation_error_message=_("A case is for one person or one household."),
            ),
            models.UniqueConstraint(fields=["organisation", "reference"], name="case_reference_unique"),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(outcome=""),
                name="case_closed_has_outcome",
                violation_error_message=_("Say how the case ended."),
            ),
        ]
        indexes = [
            models.Index(fields=["responsible", "status"], name="case_responsible_status_idx"),
            models.Index(fields=["organisation", "status"], name="case_org_status_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def subject(self) -> Person | Household:
        """Whom the case is about: the person or the household."""
        return self.person if self.person_id else self.household  # type: ignore[return-value]

    @property
    def hides_location(self) -> bool:
        """A protected case (or a protected person's) never shows where the person lives."""
        return self.sensitivity == self.Sensitivity.PROTECTED or bool(
            self.person_id and self.person and self.person.is_protected
        )


class Need(models.Model):
    """A need found at intake or later; its changes are kept by the audit trail."""

    class Area(models.TextChoices):
        HOUSING = "housing", _("Housing")
        LEGAL_STATUS = "legal_status", _("Legal status")
        LANGUAGE = "language", _("Language")
        EMPLOYMENT = "employment", _("Training and employment")
        HEALTH = "health", _("Health")
        SCHOOLING = "schooling", _("Children's schooling")
        DOCUMENTATION = "documentation", _("Documentation")
        PSYCHOSOCIAL = "psychosocial", _("Psychosocial")
        BASIC_NEEDS = "basic_needs", _("Basic needs")

    class Priority(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")
        URGENT = "urgent", _("Urgent")

    class Status(models.TextChoices):
        IDENTIFIED = "identified", _("Identified")
        IN_PROGRESS = "in_progress", _("In progress")
        MET = "met", _("Met")
        NOT_MET = "not_met", _("Not met")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    CLOSED_STATUSES = frozenset({Status.MET, Status.NOT_MET, Status.WITHDRAWN})

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="needs")
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IDENTIFIED)
    description = models.TextField(_("description"), blank=True)
    opened_on = models.DateField(_("identified on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["case", "closed_on", "area", "pk"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")

    def __str__(self) -> str:
        return f"{self.case_id} · {self.area}"


class TimelineEntry(models.Model):
    """One event in the case's chronology: a service delivered or a note."""

    class Kind(models.TextChoices):
        SERVICE = "service", _("Service delivered")
        NOTE = "note", _("Note")

    class ServiceType(models.TextChoices):
        LEGAL_ADVICE = "legal_advice", _("Legal advice")
        LANGUAGE_COURSE = "language_course", _("Language course enrolment")
        TRAINING = "training", _("Training")
        HOUSING = "housing", _("Housing")
        FINANCIAL_SUPPORT = "financial_support", _("Financial support")
        INTERPRETATION = "interpretation", _("Interpretation")
        PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    service_type = models.CharField(_("service"), max_length=20, choices=ServiceType.choices, blank=True)
    text = models.TextField(_("text"), blank=True)
    sensitive_text = EncryptedTextField(_("special-category note"), blank=True, default="")
    is_special_category = models.BooleanField(
        _("special category"),
        default=False,
        help_text=_("Health, legal status or violence: stored encrypted."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        indexes = [models.Index(fields=["case", "occurred_on"], name="timeline_case_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="service") | ~models.Q(service_type=""),
                name="timeline_service_has_type",
                violation_error_message=_("Say which service was delivered."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.kind} · {self.occurred_on}"

    @property
    def body(self) -> str:
        return self.sensitive_text if self.is_special_category else self.text


class Goal(models.Model):
    """A goal of the case plan, with a target date and, once closed, how it went."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACHIEVED = "achieved", _("Achieved")
        NOT_ACHIEVED = "not_achieved", _("Not achieved")
        DROPPED = "dropped", _("Dropped")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="goals")
    description = models.CharField(_("goal"), max_length=300)
    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.SET_NULL, null=True, blank=True, related_name="goals"
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    outcome_note = models.TextField(_("outcome"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["case", "target_date", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        indexes = [models.Index(fields=["status", "target_date"], name="goal_status_target_idx")]

    def __str__(self) -> str:
        return self.description
