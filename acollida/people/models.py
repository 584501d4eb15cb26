"""People: the persons and households an organisation holds, and the search and duplicate machinery.

At the single entry point the first question is "is this person already known — here or at a
partner?". A person is *held* by one organisation. Names are kept in Latin letters and as written
in the person's own script; search keys (``PersonKey``) make every spelling findable on SQLite and
PostgreSQL alike. Identity document numbers and vulnerability flags are special-category data:
encrypted at rest, searchable only through keyed hashes. Duplicates are never merged by the
machine: ``DuplicateCandidate`` is a review queue, and a ``Merge`` can be undone.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acollida.core.crypto import EncryptedTextField
from acollida.core.models import Organisation


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "X", _("Other")
    UNKNOWN = "U", _("Not recorded")


class DatePrecision(models.TextChoices):
    EXACT = "exact", _("Exact date")
    MONTH = "month", _("Month and year")
    YEAR = "year", _("Year only")
    ESTIMATED = "estimated", _("Estimated year")


class Vulnerability(models.TextChoices):
    UNACCOMPANIED_MINOR = "unaccompanied_minor", _("Unaccompanied minor")
    PREGNANCY = "pregnancy", _("Pregnancy")
    DISABILITY = "disability", _("Disability")
    SERIOUS_ILLNESS = "serious_illness", _("Serious illness")
    VIOLENCE_SURVIVOR = "violence_survivor", _("Survivor of violence")
    RIGHTS_DEFENDER = "rights_defender", _("Human-rights defender")
    LGBTI_AT_RISK = "lgbti_at_risk", _("LGBTI person at risk")
    OLDER_ALONE = "older_alone", _("Older person alone")


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: Any) -> PersonQuerySet:
        from acollida.core import policy

        return policy.persons_visible_to(user, self)  # type: ignore[return-value]

    def searchable_by(self, user: Any) -> PersonQuerySet:
        from acollida.core import policy

        return policy.persons_searchable_by(user, self)  # type: ignore[return-value]

    def active(self) -> PersonQuerySet:
        return self.filter(merged_into__isnull=True)


class Person(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("held by"), on_delete=models.PROTECT, related_name="persons"
    )
    given_name = models.CharField(_("given name"), max_length=150, blank=True)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)
    native_name = models.CharField(
        _("name in own script"),
        max_length=200,
        blank=True,
        help_text=_("As the person writes it, e.g. محمد or Олена."),
    )
    preferred_name = models.CharField(_("name the person wants to be called"), max_length=150, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    gender = models.CharField(_("gender (self-described)"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    date_of_birth_precision = models.CharField(
        _("precision of the date of birth"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.EXACT,
    )
    phone = models.CharField(
        _("phone"), max_length=20, blank=True, help_text=_("International format, e.g. +34 600 000 000")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    vulnerabilities = EncryptedTextField(_("vulnerabilities"), blank=True, default="")
    is_protected = models.BooleanField(
        _("protected"),
        default=False,
        help_text=_("Only named staff see a protected person; they never appear in anyone else's search."),
    )
    protected_staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("named staff"), blank=True, related_name="protected_persons"
    )
    creation_reason = models.TextField(_("reason for a new record despite candidates"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    pseudonymised_at = models.DateTimeField(_("pseudonymised"), null=True, blank=True, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["organisation", "family_name"], name="person_org_family_idx")]

    def __str__(self) -> str:
        return self.full_name or f"#{self.pk}"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    @property
    def birth_year(self) -> int | None:
        return self.date_of_birth.year if self.date_of_birth else None

    def date_of_birth_display(self) -> str:
        """The date as precisely as it is known: '1990', '03/1990' or '07/03/1990'."""
        dob = self.date_of_birth
        if dob is None:
            return ""
        if self.date_of_birth_precision in {DatePrecision.YEAR, DatePrecision.ESTIMATED}:
            text = str(dob.year)
            return f"~{text}" if self.date_of_birth_precision == DatePrecision.ESTIMATED else text
        if self.date_of_birth_precision == DatePrecision.MONTH:
            return f"{dob.month:02d}/{dob.year}"
        return f"{dob.day:02d}/{dob.month:02d}/{dob.year}"

    def vulnerability_codes(self) -> list[str]:
        return [code for code in self.vulnerabilities.split(",") if code]

    def age_on(self, day: date | None = None) -> int | None:
        if self.date_of_birth is None:
            return None
        day = day or timezone.localdate()
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class PersonName(models.Model):
    """Another spelling, an alias or a former name by which the person may be searched."""

    class Kind(models.TextChoices):
        SPELLING = "spelling", _("Other spelling")
        ALIAS = "alias", _("Alias")
        FORMER = "former", _("Former name")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="names"
    )
    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SPELLING)

    class Meta:
        verbose_name = _("other name")
        verbose_name_plural = _("other names")

    def __str__(self) -> str:
        return self.name


class Nationality(models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="nationalities"
    )
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 code; XX for stateless."))

    class Meta:
        verbose_name = _("nationality")
        verbose_name_plural = _("nationalities")
        constraints = [models.UniqueConstraint(fields=["person", "country"], name="nationality_unique")]

    def __str__(self) -> str:
        return self.country


class SpokenLanguage(models.Model):
    class Level(models.TextChoices):
        NATIVE = "native", _("Native")
        FLUENT = "fluent", _("Fluent")
        BASIC = "basic", _("Basic")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="languages"
    )
    language = models.CharField(_("language"), max_length=3, help_text=_("ISO 639 code."))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.NATIVE)
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [models.UniqueConstraint(fields=["person", "language"], name="spoken_language_unique")]

    def __str__(self) -> str:
        return self.language


class IdentityDocument(models.Model):
    class Kind(models.TextChoices):
        PASSPORT = "passport", _("Passport")
        NIE = "nie", _("NIE")
        TIE = "tie", _("TIE")
        ASYLUM_CARD = "asylum_card", _("Asylum applicant card")
        NATIONAL_ID = "national_id", _("National identity card")
        OTHER = "other", _("Other document")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    number = EncryptedTextField(_("number"))
    number_hash = models.CharField(max_length=64, db_index=True, editable=False)
    issuing_country = models.CharField(_("issuing country"), max_length=2, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    class Meta:
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ···{self.number[-3:]}"


class Household(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("held by"), on_delete=models.PROTECT, related_name="households"
    )
    name = models.CharField(
        _("name"), max_length=150, help_text=_("Usually the family name of the household.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.name


class HouseholdMember(models.Model):
    """A person's place in a household over time: ``left_on`` set means history, not the present."""

    class Relationship(models.TextChoices):
        HEAD = "head", _("Reference person")
        PARTNER = "partner", _("Partner")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        SIBLING = "sibling", _("Sibling")
        GRANDCHILD = "grandchild", _("Grandchild")
        OTHER_RELATIVE = "other_relative", _("Other relative")
        NOT_RELATED = "not_related", _("Not related")

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="household_memberships"
    )
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship.choices)
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["household", "-left_on", "joined_on"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self) -> str:
        return f"{self.person} · {self.get_relationship_display()}"


class PersonKey(models.Model):
    """Search and blocking keys of a person (name skeletons, years, document and phone hashes).

    Maintained by ``services.person_keys_refresh`` whenever a person changes; searched with plain
    equality so the same index serves SQLite and PostgreSQL.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=80)

    class Meta:
        indexes = [models.Index(fields=["key", "person"], name="personkey_key_idx")]
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="personkey_unique")]

    def __str__(self) -> str:
        return self.key


class DuplicateCandidate(models.Model):
    """A pair of records that may describe one person, waiting for a coordinator's decision."""

    class Status(models.TextChoices):
        OPEN = "open", _("To review")
        MERGED = "merged", _("Merged")
        NOT_SAME = "not_same", _("Not the same person")

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    decision = models.CharField(_("suggestion"), max_length=10)
    explanation = models.JSONField(_("explanation"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    found_at = models.DateTimeField(_("found"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="duplicate_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")), name="duplicate_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} ~ {self.person_b_id} ({self.score:.3f})"


class Merge(models.Model):
    """A reviewed merge: ``merged`` now points to ``survivor``; both records and their history remain."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_received")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_given")
    candidate = models.ForeignKey(DuplicateCandidate, on_delete=models.SET_NULL, null=True, blank=True)
    moved = models.JSONField(_("what was moved"), default=dict)
    merged_at = models.DateTimeField(_("merged"), default=timezone.now)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-merged_at"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.survivor_id}"


class AccessRequest(models.Model):
    """A request to see a person held by another organisation, made from a redacted search result.

    The holding organisation decides (``services_access``): granting makes an ``AccessGrant`` with
    a legal basis and an end date; refusing keeps the reason in ``decision_note`` for the requester.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requesting_organisation = models.ForeignKey(
        Organisation, verbose_name=_("for"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_note = models.TextField(_("reason for the refusal"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")

    def __str__(self) -> str:
        return f"{self.requesting_organisation_id} → person {self.person_id}"


class PersonImport(models.Model):
    """A spreadsheet of people being imported, and afterwards the record of who imported what, when.

    The parsed rows are kept (encrypted) only while the import waits for its preview and
    confirmation; they are cleared once the people are imported or the import is cancelled.
    """

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
    imported_count = models.PositiveIntegerField(_("people imported"), default=0)
    skipped_count = models.PositiveIntegerField(_("possible duplicates left out"), default=0)
    persons = models.ManyToManyField(Person, verbose_name=_("people imported"), blank=True, related_name="+")
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import of people")
        verbose_name_plural = _("imports of people")

    def __str__(self) -> str:
        return f"import {self.pk} ({self.status})"


class AccessGrant(models.Model):
    """The holding organisation lets another organisation open a person's registry record.

    Made by the holder from an ``AccessRequest`` (or directly), with the legal basis or the
    person's consent recorded, and always with an end date. Revoking or expiry ends it at once:
    ``policy.persons_visible_to`` reads only active grants.
    """

    class Basis(models.TextChoices):
        CONSENT = "consent", _("The person's consent")
        VITAL_INTEREST = "vital", _("Vital interest of the person")
        LEGAL_OBLIGATION = "legal", _("Legal obligation")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="grants"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("shared with"), on_delete=models.PROTECT, related_name="+"
    )
    request = models.OneToOneField(
        AccessRequest,
        verbose_name=_("request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grant",
    )
    basis = models.CharField(_("legal basis"), max_length=10, choices=Basis.choices)
    basis_note = models.TextField(
        _("how and when it was given"),
        help_text=_("For consent: who gave it, when and how (spoken, written, through an interpreter)."),
    )
    expires_on = models.DateField(_("until"))
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("granted by"), on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        indexes = [models.Index(fields=["organisation", "expires_on"])]

    def __str__(self) -> str:
        return f"person {self.person_id} → {self.organisation_id}"

    def is_active(self, today: date | None = None) -> bool:
        return self.revoked_at is None and self.expires_on >= (today or timezone.localdate())


class PersonPhoto(models.Model):
    """An optional photo to recognise a returning person, taken only with their consent.

    The image is re-encoded (which drops EXIF, GPS position included), scaled down and stored
    encrypted in the database as base64 JPEG; it is served only through a policy-checked view.
    """

    class ConsentMethod(models.TextChoices):
        SPOKEN = "spoken", _("Spoken")
        WRITTEN = "written", _("Written, signed form")
        INTERPRETER = "interpreter", _("Spoken, through an interpreter")

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="photo"
    )
    image = EncryptedTextField(_("image"), editable=False)
    consent_method = models.CharField(_("consent given"), max_length=12, choices=ConsentMethod.choices)
    consent_at = models.DateTimeField(_("consent recorded"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return f"photo of person {self.person_id}"
