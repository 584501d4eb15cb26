"""Council: the Local Council on Immigration and Interculturality and its bodies.

A ``Body`` (the council, a working group, a regional network body) has rules (quorum at first and
second call, majority, term) and a history: it can be merged into another body or dissolved, and
its archive (seats, mandates, meetings, minutes, votes) is kept. ``SeatCategory`` groups the seats
of a body (migrant associations, NGOs, trade unions...) with a target band of seat share; a
``Seat`` is nominated by a ``CouncilOrganisation`` and held over time through ``Mandate`` s (titular
or substitute) by ``Member`` s, who may file ``Declaration`` s of interest.

Meetings (``Meeting``, ``AgendaItem``, ``MeetingDocument``, ``AccessNeed``, ``Attendance``,
``Minutes``), formal votes (``Vote``, ``Ballot``, ``DissentingOpinion``), proposals and advice to the
city (``Proposal``, ``Advice``) and the participatory drafting of a plan (``PlanProcess``,
``PlanSection``, ``PlanComment``) complete the app.

Texts shown to the public carry a ``<field>_i18n`` map of translations next to the original text;
``acollida.council.i18n.localized`` reads them in the reader's language with fallback.
Members appear on public pages only with ``public_consent``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acollida.core.models import Organisation
from acollida.council.i18n import localized


class Localized:
    """Mixin: ``obj.t("title")`` is the title in the reader's language."""

    def t(self, field: str) -> str:
        return localized(self, field)


# --- bodies, seats and members ---------------------------------------------------------------


class BodyKind(models.TextChoices):
    COUNCIL = "council", _("Council")
    WORKING_GROUP = "working_group", _("Working group")
    NETWORK_BODY = "network_body", _("Network body")


class QuorumKind(models.TextChoices):
    FRACTION = "fraction", _("Fraction of voting seats")
    COUNT = "count", _("Number of voting members")


class MajorityRule(models.TextChoices):
    SIMPLE = "simple", _("Simple majority (more yes than no)")
    ABSOLUTE = "absolute", _("Absolute majority (more than half of voting seats)")
    TWO_THIRDS = "two_thirds", _("Two-thirds majority of votes cast")


class BodyStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    MERGED = "merged", _("Merged")
    DISSOLVED = "dissolved", _("Dissolved")


class Body(Localized, models.Model):
    """A council, one of its working groups or a network body, with its rules and history."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_i18n = models.JSONField(_("name translations"), default=dict, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    purpose_i18n = models.JSONField(_("purpose translations"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices, default=BodyKind.COUNCIL)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    quorum_kind = models.CharField(
        _("quorum expressed as"), max_length=10, choices=QuorumKind.choices, default=QuorumKind.FRACTION
    )
    quorum_first_call = models.DecimalField(
        _("quorum at first call"),
        max_digits=7,
        decimal_places=3,
        default=Decimal("0.5"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("A fraction of the voting seats (0.5 = half) or a number of voting members."),
    )
    quorum_second_call = models.DecimalField(
        _("quorum at second call"),
        max_digits=7,
        decimal_places=3,
        default=Decimal("0.333"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    majority_rule = models.CharField(
        _("majority"), max_length=12, choices=MajorityRule.choices, default=MajorityRule.SIMPLE
    )
    term_years = models.PositiveSmallIntegerField(_("term (years)"), default=4)
    status = models.CharField(
        _("status"), max_length=10, choices=BodyStatus.choices, default=BodyStatus.ACTIVE
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_bodies",
    )
    merged_at = models.DateField(_("merged on"), null=True, blank=True)
    dissolved_at = models.DateField(_("dissolved on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.quorum_kind == QuorumKind.FRACTION and self.quorum_first_call > 1:
            raise ValidationError({"quorum_first_call": _("A fraction must be between 0 and 1.")})
        if self.quorum_kind == QuorumKind.FRACTION and self.quorum_second_call > 1:
            raise ValidationError({"quorum_second_call": _("A fraction must be between 0 and 1.")})
        if self.merged_into_id is not None and self.merged_into_id == self.pk:
            raise ValidationError({"merged_into": _("A body cannot be merged into itself.")})
        if self.parent_id is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A body cannot be its own parent.")})

    @property
    def is_active(self) -> bool:
        return self.status == BodyStatus.ACTIVE


class SeatCategoryCode(models.TextChoices):
    MIGRANT_ASSOCIATIONS = "migrant_associations", _("Migrant associations")
    NGOS = "ngos", _("NGOs")
    TRADE_UNIONS = "trade_unions", _("Trade unions")
    CITY_OFFICIALS = "city_officials", _("City officials")
    POLITICAL_GROUPS = "political_groups", _("Political groups")
    EXPERTS = "experts", _("Experts")
    OBSERVERS = "observers", _("Observers")


class SeatCategory(Localized, models.Model):
    """A category of seats of a body, with the band of seat share the body aims for."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="categories"
    )
    code = models.CharField(_("category"), max_length=24, choices=SeatCategoryCode.choices)
    name = models.CharField(_("name"), max_length=200)
    name_i18n = models.JSONField(_("name translations"), default=dict, blank=True)
    has_vote = models.BooleanField(_("has a vote"), default=True)
    target_share_min = models.DecimalField(
        _("target share, lowest"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Fraction of the body's seats, 0 to 1."),
    )
    target_share_max = models.DecimalField(
        _("target share, highest"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    population_share = models.DecimalField(
        _("share of the population represented"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Optional: when given, the representation ratio is measured against it."),
    )

    class Meta:
        ordering = ["body", "code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["body", "code"], name="council_category_once_per_body")
        ]
        verbose_name = _("seat category")
        verbose_name_plural = _("seat categories")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        for field in ("target_share_min", "target_share_max", "population_share"):
            value = getattr(self, field)
            if value is not None and not (0 <= value <= 1):
                raise ValidationError({field: _("A share must be between 0 and 1.")})
        low, high = self.target_share_min, self.target_share_max
        if low is not None and high is not None and low > high:
            raise ValidationError({"target_share_max": _("The highest share must not be below the lowest.")})


class CouncilOrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    NGO = "ngo", _("NGO")
    TRADE_UNION = "trade_union", _("Trade union")
    PUBLIC_ADMINISTRATION = "public_administration", _("Public administration")
    POLITICAL_GROUP = "political_group", _("Political group")
    UNIVERSITY = "university", _("University or research centre")
    OTHER = "other", _("Other")


class CouncilOrganisation(models.Model):
    """An organisation that nominates seats (it need not use the platform)."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=CouncilOrganisationKind.choices)
    migrant_led = models.BooleanField(
        _("migrant-led (self-declared)"),
        default=False,
        help_text=_("As declared by the organisation itself."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation on the platform"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_organisations",
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("council organisation")
        verbose_name_plural = _("council organisations")

    def __str__(self) -> str:
        return self.name


class Seat(models.Model):
    """One seat of a body; who held it over time is in its mandates."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="seats")
    category = models.ForeignKey(
        SeatCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="seats"
    )
    number = models.PositiveIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=200, blank=True)
    nominated_by = models.ForeignKey(
        CouncilOrganisation,
        verbose_name=_("nominating organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seats",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["body", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="council_seat_number_once_per_body")
        ]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")

    def __str__(self) -> str:
        return self.label or str(_("Seat %(number)s") % {"number": self.number})

    def clean(self) -> None:
        if (
            self.category_id is not None
            and self.body_id is not None
            and self.category.body_id != self.body_id
        ):
            raise ValidationError({"category": _("The category belongs to another body.")})

    @property
    def has_vote(self) -> bool:
        return self.category.has_vote


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    UNDISCLOSED = "undisclosed", _("Prefers not to say")


class Member(models.Model):
    """A person sitting on a council, on their own or for an organisation."""

    name = models.CharField(_("name"), max_length=200)
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices, default=Gender.UNDISCLOSED)
    is_migrant = models.BooleanField(_("migrant (self-declared)"), null=True, blank=True)
    organisation = models.ForeignKey(
        CouncilOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    public_consent = models.BooleanField(_("consents to appear on public pages"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return self.name


class Declaration(models.Model):
    """A declaration of interest of a member (e.g. funding received from the city)."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="declarations"
    )
    text = models.TextField(_("declaration"))
    funding_received = models.BooleanField(_("funding received from the city"), default=False)
    amount = models.DecimalField(
        _("amount (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    year = models.PositiveSmallIntegerField(_("year"))
    created_at = models.DateTimeField(_("declared"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["member", "-year", "pk"]
        verbose_name = _("declaration of interest")
        verbose_name_plural = _("declarations of interest")

    def __str__(self) -> str:
        return f"{self.member} {self.year}"


class MandateRole(models.TextChoices):
    TITULAR = "titular", _("Titular")
    SUBSTITUTE = "substitute", _("Substitute")


class MandateEndReason(models.TextChoices):
    TERM_ENDED = "term_ended", _("Term ended")
    RESIGNED = "resigned", _("Resigned")
    REPLACED = "replaced", _("Replaced by the nominating organisation")
    BODY_MERGED = "body_merged", _("Body merged")
    BODY_DISSOLVED = "body_dissolved", _("Body dissolved")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", _("Other")


class Mandate(models.Model):
    """A member holding a seat as titular or substitute from one date to another: the seat history."""

    seat = models.ForeignKey(Seat, verbose_name=_("seat"), on_delete=models.CASCADE, related_name="mandates")
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="mandates"
    )
    role = models.CharField(
        _("role"), max_length=12, choices=MandateRole.choices, default=MandateRole.TITULAR
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    ended_reason = models.CharField(
        _("reason it ended"), max_length=16, choices=MandateEndReason.choices, blank=True
    )

    class Meta:
        ordering = ["seat", "-starts_on", "pk"]
        indexes = [models.Index(fields=["seat", "role", "starts_on"], name="council_mandate_seat_idx")]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")

    def __str__(self) -> str:
        return f"{self.member} — {self.seat}"

    def clean(self) -> None:
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A mandate cannot end before it starts.")})

    def valid_on(self, day: object) -> bool:
        return bool(self.starts_on <= day and (self.ends_on is None or day <= self.ends_on))  # type: ignore[operator]


# --- meetings ----------------------------------------------------------------------------------


class MeetingCall(models.TextChoices):
    FIRST = "first", _("First call")
    SECOND = "second", _("Second call")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONVENED = "convened", _("Convened")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(Localized, models.Model):
    """A meeting of a body."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    title_i18n = models.JSONField(_("title translations"), default=dict, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    call = models.CharField(_("call"), max_length=8, choices=MeetingCall.choices, default=MeetingCall.FIRST)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    convened_at = models.DateTimeField(_("convened at"), null=True, blank=True)
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("convened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title


class AgendaItemKind(models.TextChoices):
    INFORMATION = "information", _("Information")
    DEBATE = "debate", _("Debate")
    VOTE = "vote", _("Vote")


class AgendaItem(Localized, models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=300)
    title_i18n = models.JSONField(_("title translations"), default=dict, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_i18n = models.JSONField(_("description translations"), default=dict, blank=True)
    kind = models.CharField(
        _("kind"), max_length=12, choices=AgendaItemKind.choices, default=AgendaItemKind.INFORMATION
    )

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class MeetingDocument(models.Model):
    """A document of a meeting in one language (a file, or text such as an easy-read summary)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="council/documents/", blank=True)
    text = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["meeting", "title", "pk"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not self.file and not self.text.strip():
            raise ValidationError(_("Give a file or a text."))


class AccessNeedKind(models.TextChoices):
    INTERPRETATION = "interpretation", _("Interpretation")
    SIGN_LANGUAGE = "sign_language", _("Sign language")
    EASY_READ = "easy_read", _("Easy-read summary")
    CHILDCARE = "childcare", _("Childcare")
    TRAVEL = "travel", _("Travel")
    OTHER = "other", _("Other")


class AccessNeedStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ARRANGED = "arranged", _("Arranged")
    DONE = "done", _("Done")


class AccessNeed(models.Model):
    """What a member needs to take part in a meeting, tracked until done."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="access_needs"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="access_needs"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=AccessNeedKind.choices)
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AccessNeedStatus.choices, default=AccessNeedStatus.REQUESTED
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["meeting", "status", "pk"]
        verbose_name = _("access need")
        verbose_name_plural = _("access needs")

    def __str__(self) -> str:
        return f"{self.member} — {self.get_kind_display()}"


class AttendanceRole(models.TextChoices):
    TITULAR = "titular", _("Titular")
    SUBSTITUTE = "substitute", _("Substitute")
    PROXY = "proxy", _("Proxy")


class Attendance(models.Model):
    """A line of the roll call: who sat for which seat, in what role."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    seat = models.ForeignKey(
        Seat, verbose_name=_("seat"), on_delete=models.PROTECT, related_name="attendances"
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
    )
    attended_as = models.CharField(
        _("attended as"), max_length=12, choices=AttendanceRole.choices, default=AttendanceRole.TITULAR
    )
    proxy_for = models.ForeignKey(
        Seat,
        verbose_name=_("proxy for seat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proxy_attendances",
    )
    present = models.BooleanField(_("present"), default=False)
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    speaking_turns = models.PositiveIntegerField(_("speaking turns"), default=0)

    class Meta:
        ordering = ["meeting", "seat__number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "seat"], name="council_attendance_once_per_seat")
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")

    def __str__(self) -> str:
        return f"{self.meeting} — {self.seat}"


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CIRCULATED = "circulated", _("Circulated")
    APPROVED = "approved", _("Approved")


class Minutes(Localized, models.Model):
    """One version of the minutes of a meeting; every version is kept."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="minutes"
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    text = models.TextField(_("text"))
    text_i18n = models.JSONField(_("text translations"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    approved_at_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("approved at meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="council_minutes_version_once")
        ]
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"{self.meeting} v{self.version}"


# --- votes ---------------------------------------------------------------------------------------


class VoteKind(models.TextChoices):
    OPINION = "opinion", _("Opinion")
    PROPOSAL = "proposal", _("Proposal")


class VoteResult(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")
    NO_QUORUM = "no_quorum", _("No quorum")


class Vote(Localized, models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="votes"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="votes",
    )
    question = models.TextField(_("question"))
    question_i18n = models.JSONField(_("question translations"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=VoteKind.choices, default=VoteKind.OPINION)
    proposal = models.ForeignKey(
        "Proposal",
        verbose_name=_("proposal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="votes",
    )
    held_at = models.DateTimeField(_("held at"), default=timezone.now)
    result = models.CharField(_("result"), max_length=10, choices=VoteResult.choices, blank=True)

    class Meta:
        ordering = ["meeting", "held_at", "pk"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self) -> str:
        return self.question[:80]


class BallotChoice(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    ABSTAIN = "abstain", _("Abstain")


class Ballot(models.Model):
    """The vote cast for one seat."""

    vote = models.ForeignKey(Vote, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="ballots")
    seat = models.ForeignKey(Seat, verbose_name=_("seat"), on_delete=models.PROTECT, related_name="ballots")
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballots",
    )
    choice = models.CharField(_("choice"), max_length=8, choices=BallotChoice.choices)
    cast_as = models.CharField(
        _("cast as"), max_length=12, choices=AttendanceRole.choices, default=AttendanceRole.TITULAR
    )

    class Meta:
        ordering = ["vote", "seat__number", "pk"]
        constraints = [models.UniqueConstraint(fields=["vote", "seat"], name="council_ballot_once_per_seat")]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return f"{self.vote} — {self.seat}: {self.choice}"


class DissentingOpinion(models.Model):
    vote = models.ForeignKey(Vote, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="dissents")
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dissents",
    )
    seat = models.ForeignKey(
        Seat, verbose_name=_("seat"), on_delete=models.PROTECT, null=True, blank=True, related_name="dissents"
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("filed"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["vote", "pk"]
        verbose_name = _("dissenting opinion")
        verbose_name_plural = _("dissenting opinions")

    def __str__(self) -> str:
        return f"{self.vote} — {self.member or self.seat}"

    def clean(self) -> None:
        if self.member_id is None and self.seat_id is None:
            raise ValidationError(_("Say which member or seat dissents."))


# --- proposals, advice and the plan ---------------------------------------------------------------


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    DEBATED = "debated", _("Debated")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")


class Proposal(Localized, models.Model):
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="proposals")
    title = models.CharField(_("title"), max_length=300)
    title_i18n = models.JSONField(_("title translations"), default=dict, blank=True)
    text = models.TextField(_("text"))
    text_i18n = models.JSONField(_("text translations"), default=dict, blank=True)
    submitted_by_member = models.ForeignKey(
        Member,
        verbose_name=_("submitted by member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    submitted_by_organisation = models.ForeignKey(
        CouncilOrganisation,
        verbose_name=_("submitted by organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    rejection_reason = models.TextField(_("reason for the rejection"), blank=True)
    # Sent through the public form by someone without a seat: who they are, as they typed it.
    submitter_name = models.CharField(_("submitter's name"), max_length=200, blank=True)
    submitter_organisation = models.CharField(_("submitter's organisation"), max_length=200, blank=True)
    submitter_email = models.EmailField(_("submitter's e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)

    class Meta:
        ordering = ["-submitted_at", "pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return self.title


class AdviceStatus(models.TextChoices):
    AWAITING = "awaiting", _("Awaiting the city's answer")
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    REJECTED = "rejected", _("Rejected")
    IMPLEMENTED = "implemented", _("Implemented")


class Advice(Localized, models.Model):
    """Advice adopted by a body and addressed to a city department, with the city's formal answer."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="advice")
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advice",
    )
    adopted_at_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("adopted at meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advice",
    )
    title = models.CharField(_("title"), max_length=300)
    title_i18n = models.JSONField(_("title translations"), default=dict, blank=True)
    text = models.TextField(_("text"))
    text_i18n = models.JSONField(_("text translations"), default=dict, blank=True)
    addressee = models.CharField(_("addressee (city department)"), max_length=200)
    answer_due_on = models.DateField(_("answer due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=AdviceStatus.choices, default=AdviceStatus.AWAITING
    )
    answer_text = models.TextField(_("the city's answer"), blank=True)
    answer_text_i18n = models.JSONField(_("answer translations"), default=dict, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("advice")
        verbose_name_plural = _("advice")

    def __str__(self) -> str:
        return self.title


class PlanProcessStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class PlanProcess(Localized, models.Model):
    """A participatory drafting of a plan (e.g. the Local Immigration and Interculturality Plan)."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="plan_processes"
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    title_i18n = models.JSONField(_("title translations"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=PlanProcessStatus.choices, default=PlanProcessStatus.OPEN
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)

    class Meta:
        ordering = ["-opens_on", "pk"]
        verbose_name = _("plan process")
        verbose_name_plural = _("plan processes")

    def __str__(self) -> str:
        return self.title


class PlanSection(Localized, models.Model):
    process = models.ForeignKey(
        PlanProcess, verbose_name=_("process"), on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=300)
    title_i18n = models.JSONField(_("title translations"), default=dict, blank=True)
    text = models.TextField(_("text"))
    text_i18n = models.JSONField(_("text translations"), default=dict, blank=True)

    class Meta:
        ordering = ["process", "order", "pk"]
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")

    def __str__(self) -> str:
        return self.title


class PlanCommentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")


class PlanCommentKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    AMENDMENT = "amendment", _("Amendment")


class PlanComment(models.Model):
    """A comment or proposed amendment on a plan section, published after moderation."""

    section = models.ForeignKey(
        PlanSection, verbose_name=_("section"), on_delete=models.CASCADE, related_name="comments"
    )
    author_name = models.CharField(_("name"), max_length=200, blank=True)
    author_email = models.EmailField(_("e-mail"), blank=True)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=PlanCommentKind.choices, default=PlanCommentKind.COMMENT
    )
    text = models.TextField(_("comment"))
    proposed_text = models.TextField(_("proposed text"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanCommentStatus.choices, default=PlanCommentStatus.PENDING
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)

    class Meta:
        ordering = ["section", "created_at", "pk"]
        verbose_name = _("plan comment")
        verbose_name_plural = _("plan comments")

    def __str__(self) -> str:
        return f"{self.section} — {self.author_name or self.author_user or '?'}"

    def clean(self) -> None:
        if self.kind == PlanCommentKind.AMENDMENT and not self.proposed_text.strip():
            raise ValidationError({"proposed_text": _("An amendment needs the text it proposes.")})
