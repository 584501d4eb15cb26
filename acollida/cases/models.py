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
    pseudonymised_at = models.DateTimeField(_("pseudonymised"), null=True, blank=True, editable=False)

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


# --- Pathways: residence and nationality paperwork with deadlines -----------------------------


class PathwayTemplate(models.Model):
    """A procedure as coordinators describe it (padrón, NIE/TIE, asylum, arraigo…): data, not code.

    ``organisation`` empty: shared by the whole network. Editing a template never rewrites the
    pathways already started from it: their steps are copied when a case starts the pathway.
    """

    code = models.SlugField(_("code"), max_length=60)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: shared by the whole network."),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("pathway template")
        verbose_name_plural = _("pathway templates")
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="pathway_template_code")]

    def __str__(self) -> str:
        return self.name


class DeadlineAnchor(models.TextChoices):
    NONE = "none", _("No deadline")
    START = "start", _("Days after the pathway starts")
    PREVIOUS = "previous", _("Days after the previous step is done")
    EXPIRY = "expiry", _("Days from the document's expiry (negative: before)")


class PathwayStepTemplate(models.Model):
    template = models.ForeignKey(
        PathwayTemplate, verbose_name=_("pathway"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("step"), max_length=200)
    description = models.TextField(_("what to do"), blank=True)
    required_documents = models.TextField(_("documents needed"), blank=True, help_text=_("One per line."))
    deadline_anchor = models.CharField(
        _("deadline"), max_length=10, choices=DeadlineAnchor.choices, default=DeadlineAnchor.NONE
    )
    deadline_days = models.IntegerField(_("days"), default=0)
    remind_days_before = models.PositiveSmallIntegerField(_("remind this many days before"), default=7)

    class Meta:
        ordering = ["template", "order", "pk"]
        verbose_name = _("pathway step")
        verbose_name_plural = _("pathway steps")
        constraints = [models.UniqueConstraint(fields=["template", "order"], name="pathway_step_order")]

    def __str__(self) -> str:
        return self.name


class CasePathway(models.Model):
    """A procedure a case is going through, started from a template on a date."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("In progress")
        COMPLETED = "completed", _("Completed")
        ABANDONED = "abandoned", _("Abandoned")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="pathways")
    template = models.ForeignKey(
        PathwayTemplate, verbose_name=_("pathway"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    document_expires_on = models.DateField(
        _("document expires on"),
        null=True,
        blank=True,
        help_text=_("For steps timed from a document's expiry (a card to renew, say)."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["case", "-started_on", "pk"]
        verbose_name = _("case pathway")
        verbose_name_plural = _("case pathways")

    def __str__(self) -> str:
        return self.name


class CasePathwayStep(models.Model):
    """A step of a case's pathway, copied from the template when the pathway started."""

    class Status(models.TextChoices):
        PENDING = "pending", _("To do")
        DONE = "done", _("Done")
        SKIPPED = "skipped", _("Not needed")

    pathway = models.ForeignKey(
        CasePathway, verbose_name=_("pathway"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("step"), max_length=200)
    description = models.TextField(_("what to do"), blank=True)
    required_documents = models.TextField(_("documents needed"), blank=True)
    deadline_anchor = models.CharField(
        _("deadline"), max_length=10, choices=DeadlineAnchor.choices, default=DeadlineAnchor.NONE
    )
    deadline_days = models.IntegerField(_("days"), default=0)
    remind_days_before = models.PositiveSmallIntegerField(_("remind this many days before"), default=7)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    staff_reminded_at = models.DateTimeField(_("caseworker reminded"), null=True, blank=True)
    person_reminded_at = models.DateTimeField(_("person reminded"), null=True, blank=True)

    class Meta:
        ordering = ["pathway", "order", "pk"]
        verbose_name = _("case pathway step")
        verbose_name_plural = _("case pathway steps")
        indexes = [models.Index(fields=["status", "due_on"], name="pathway_step_due_idx")]

    def __str__(self) -> str:
        return self.name


# --- Documents -----------------------------------------------------------------------------------


class CaseDocument(models.Model):
    """A file on the case timeline: uploaded (a scanned card, a report) or issued by the office.

    The content is encrypted (Fernet, keys from the environment) and stored through Django's
    storage API under a random name; it is only ever read back through a policy-checked view.
    """

    class Kind(models.TextChoices):
        IDENTITY = "identity", _("Identity or residence document")
        LEGAL = "legal", _("Legal or administrative")
        HOUSING = "housing", _("Housing")
        HEALTH = "health", _("Health")
        EDUCATION = "education", _("Education and training")
        EMPLOYMENT = "employment", _("Employment")
        ISSUED = "issued", _("Issued by the office")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    file_name = EncryptedTextField(_("file name"))
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64, editable=False)
    storage_name = models.CharField(max_length=200, editable=False, unique=True)
    is_special_category = models.BooleanField(_("special category"), default=False)
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["case", "occurred_on"], name="document_case_date_idx")]

    def __str__(self) -> str:
        return self.title


class DocumentTemplate(models.Model):
    """A document the office issues (a draft social-integration report, a certificate of attendance
    at language courses), filled from the case. Coordinators edit the text; placeholders are
    Django template variables from a fixed, documented context."""

    class Language(models.TextChoices):
        SPANISH = "es", "Español"  # proper name
        VALENCIAN = "ca", "Valencià"  # proper name

    code = models.SlugField(_("code"), max_length=60)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: shared by the whole network."),
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    name = models.CharField(_("name"), max_length=200)
    body = models.TextField(_("text"))
    is_active = models.BooleanField(_("in use"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name", "language", "pk"]
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code", "language"], name="document_template_code"
            )
        ]

    def __str__(self) -> str:
        return self.name


# --- Consent, referrals and transfers -------------------------------------------------------


class Consent(models.Model):
    """What a person agreed to share, with whom and for what, as recorded by staff.

    Withdrawal takes effect at once: referrals resting on this consent stop sharing.
    """

    class Purpose(models.TextChoices):
        REFERRAL = "referral", _("Referral to another organisation for a service")
        SHARING = "sharing", _("Sharing the file with the partner network")
        REMINDERS = "reminders", _("Reminders by e-mail or message")
        PHOTO = "photo", _("A photo to recognise them")

    class Method(models.TextChoices):
        SPOKEN = "spoken", _("Spoken")
        WRITTEN = "written", _("Written, signed form")
        INTERPRETER = "interpreter", _("Spoken, through an interpreter")
        DIGITAL = "digital", _("Digital (e-mail or online form)")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="consents"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, null=True, blank=True, related_name="consents"
    )
    purposes = models.JSONField(_("purposes"), default=list)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("with"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: any organisation of the network, for these purposes."),
    )
    method = models.CharField(_("how"), max_length=12, choices=Method.choices)
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    expires_on = models.DateField(_("until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"consent {self.pk} of person {self.person_id}"


class Referral(models.Model):
    """A case (or chosen sections of it) sent to another organisation for a service.

    While accepted and unexpired — and while its consent stands — the receiver sees the sections
    shared, through ``policy.cases_visible_to`` only.
    """

    class Status(models.TextChoices):
        SENT = "sent", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        COMPLETED = "completed", _("Outcome recorded")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Section(models.TextChoices):
        IDENTITY = "identity", _("Identity and contact")
        NEEDS = "needs", _("Needs")
        PLAN = "plan", _("Case plan")
        TIMELINE = "timeline", _("Timeline")
        DOCUMENTS = "documents", _("Documents")
        PATHWAYS = "pathways", _("Pathways")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="referrals")
    from_organisation = models.ForeignKey(
        Organisation, verbose_name=_("from"), on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_organisation = models.ForeignKey(
        Organisation, verbose_name=_("to"), on_delete=models.PROTECT, related_name="referrals_received"
    )
    service = models.CharField(_("service"), max_length=200)
    purpose = models.TextField(_("purpose"))
    sections = models.JSONField(_("sections shared"), default=list)
    consent = models.ForeignKey(
        Consent,
        verbose_name=_("consent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    override_reason = models.TextField(_("reason to refer without consent"), blank=True)
    expires_on = models.DateField(_("shared until"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SENT)
    respond_by = models.DateField(_("answer expected by"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    outcome_at = models.DateTimeField(_("outcome recorded"), null=True, blank=True)
    ended_at = models.DateTimeField(_("sharing ended"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["to_organisation", "status"], name="referral_to_status_idx"),
            models.Index(fields=["from_organisation", "status"], name="referral_from_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_organisation_id} → {self.to_organisation_id}"


class CaseTransfer(models.Model):
    """The holding organisation hands the whole case to another: a separate, explicit act."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="transfers")
    from_organisation = models.ForeignKey(
        Organisation, verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"
    )
    to_organisation = models.ForeignKey(
        Organisation, verbose_name=_("to"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    consent = models.ForeignKey(
        Consent, verbose_name=_("consent"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    transferred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("transferred by"), on_delete=models.PROTECT, related_name="+"
    )
    transferred_at = models.DateTimeField(_("transferred"), default=timezone.now)

    class Meta:
        ordering = ["-transferred_at", "-pk"]
        verbose_name = _("case transfer")
        verbose_name_plural = _("case transfers")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_organisation_id} → {self.to_organisation_id}"


# --- Data-subject rights --------------------------------------------------------------------


class LegalHold(models.Model):
    """A reason the law gives to keep a person's data (a pending court case, a subsidy audit): while
    a hold is active, erasure and retention leave the person alone and say why."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="legal_holds"
    )
    reason = models.TextField(_("reason"))
    until = models.DateField(_("until"), null=True, blank=True)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("placed by"), on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(_("placed"), default=timezone.now)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lifted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-placed_at", "-pk"]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")

    def __str__(self) -> str:
        return f"hold {self.pk} on person {self.person_id}"


class ErasureRecord(models.Model):
    """That an erasure or pseudonymisation happened, with no personal data: the proof the
    data-protection officer shows, kept after the person is gone."""

    class Kind(models.TextChoices):
        ERASURE = "erasure", _("Erasure at the person's request")
        RETENTION = "retention", _("Pseudonymised at the end of the retention period")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    subject_reference = models.CharField(_("reference"), max_length=64)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("held by"), on_delete=models.PROTECT, related_name="+"
    )
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("performed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    performed_at = models.DateTimeField(_("performed"), default=timezone.now)
    counts = models.JSONField(_("records affected"), default=dict)

    class Meta:
        ordering = ["-performed_at", "-pk"]
        verbose_name = _("erasure record")
        verbose_name_plural = _("erasure records")

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_reference}"


class CaseImport(models.Model):
    """A spreadsheet of open cases being imported (like ``people.PersonImport``): rows kept
    encrypted only until confirmed or cancelled."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Waiting for confirmation")
        IMPORTED = "imported", _("Imported")
        CANCELLED = "cancelled", _("Cancelled")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("for"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    file_name = EncryptedTextField(_("file name"), blank=True, default="")
    table = EncryptedTextField(_("rows"), blank=True, default="")
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    imported_count = models.PositiveIntegerField(_("cases imported"), default=0)
    cases = models.ManyToManyField(Case, verbose_name=_("cases imported"), blank=True, related_name="+")
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import of cases")
        verbose_name_plural = _("imports of cases")

    def __str__(self) -> str:
        return f"case import {self.pk} ({self.status})"
