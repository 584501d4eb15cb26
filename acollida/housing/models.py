"""Housing: the network of shelters, flats and host families, the waiting list and placements.

An ``Accommodation`` (a reception shelter, a supervised or shared flat, a host family, an emergency
facility) is operated by one organisation under a ``Programme``. It holds ``Unit`` s (a flat, a
room) and each unit holds ``Place`` s (a bed, a cot, a couple's bed) whose status is kept in real
time: free, reserved, occupied, out of service (with a reason and an expected date back).

Households and persons enter the ``WaitingListEntry`` from their case with their size, composition
and needs; their priority is computed by the visible, configurable ``PriorityRules``. A
``Placement`` reserves places in one unit for one entry, then checks the household in and out; a
move closes one placement and opens the next (``moved_from`` keeps the history); ``Absence`` s
record nights away. ``OptimizerRun`` and ``OptimizerMatch`` keep every proposal of the placement
optimizer with its input, output and who accepted, locked or rejected each match.

Addresses of accommodations with ``is_protected_address`` are never shown outside the operator
(``acollida.core.policy.accommodation_address_visible``). The school, work and medical locations of
an entry are shown only to those who may open its case.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acollida.core.models import Organisation
from acollida.directory.models import District

LAT_VALIDATORS = [MinValueValidator(-90), MaxValueValidator(90)]
LON_VALIDATORS = [MinValueValidator(-180), MaxValueValidator(180)]


class Programme(models.Model):
    """A funded housing programme (e.g. the state reception system, València inclou)."""

    name = models.CharField(_("name"), max_length=200)
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="housing_programmes",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


class AccommodationKind(models.TextChoices):
    RECEPTION_SHELTER = "reception_shelter", _("Reception shelter")
    SUPERVISED_FLAT = "supervised_flat", _("Supervised flat")
    SHARED_FLAT = "shared_flat", _("Shared flat")
    HOST_FAMILY = "host_family", _("Host family")
    EMERGENCY = "emergency", _("Emergency facility")


# The rule flags an accommodation may carry and an entry may need (same names on both sides).
RULE_FIELDS = ("women_only", "men_only", "families_only", "minors_only", "lgbti_safe", "pets_allowed")
ACCESS_FIELDS = ("step_free", "adapted_bathroom")


class Accommodation(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=AccommodationKind.choices)
    operator = models.ForeignKey(
        Organisation, verbose_name=_("operator"), on_delete=models.PROTECT, related_name="accommodations"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accommodations",
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    district = models.CharField(_("district"), max_length=32, choices=District.choices, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True, validators=LAT_VALIDATORS)
    lon = models.FloatField(_("longitude"), null=True, blank=True, validators=LON_VALIDATORS)
    is_protected_address = models.BooleanField(
        _("protected address"),
        default=False,
        help_text=_("The address is never shown outside the operating organisation."),
    )
    women_only = models.BooleanField(_("women only"), default=False)
    men_only = models.BooleanField(_("men only"), default=False)
    families_only = models.BooleanField(_("families only"), default=False)
    minors_only = models.BooleanField(_("unaccompanied minors only"), default=False)
    lgbti_safe = models.BooleanField(_("LGBTI-safe"), default=False)
    pets_allowed = models.BooleanField(_("pets allowed"), default=False)
    step_free = models.BooleanField(_("step-free access"), default=False)
    adapted_bathroom = models.BooleanField(_("adapted bathroom"), default=False)
    languages = models.JSONField(_("languages spoken by staff"), default=list, blank=True)
    distance_school_m = models.PositiveIntegerField(_("distance to a school (m)"), null=True, blank=True)
    distance_health_m = models.PositiveIntegerField(
        _("distance to the health centre (m)"), null=True, blank=True
    )
    distance_entry_point_m = models.PositiveIntegerField(
        _("distance to the entry point (m)"), null=True, blank=True
    )
    directory_service = models.UUIDField(
        _("directory service"),
        null=True,
        blank=True,
        help_text=_("The directory service whose capacity shows this accommodation's free places."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("accommodation")
        verbose_name_plural = _("accommodations")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(women_only=True, men_only=True),
                name="housing_accommodation_not_women_and_men_only",
                violation_error_message=_("An accommodation cannot be for women only and for men only."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if (self.lat is None) != (self.lon is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))
        for code in self.languages or []:
            if not isinstance(code, str) or not 2 <= len(code) <= 3 or not code.isalpha():
                raise ValidationError({"languages": _("Use ISO 639 language codes such as “ar” or “uk”.")})


class Unit(models.Model):
    class Kind(models.TextChoices):
        FLAT = "flat", _("Flat")
        ROOM = "room", _("Room")

    accommodation = models.ForeignKey(
        Accommodation, verbose_name=_("accommodation"), on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.ROOM)
    rooms = models.PositiveSmallIntegerField(_("rooms"), default=1)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["accommodation", "name", "pk"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["accommodation", "name"], name="housing_unit_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.accommodation.name} · {self.name}"


class PlaceStatus(models.TextChoices):
    FREE = "free", _("Free")
    RESERVED = "reserved", _("Reserved")
    OCCUPIED = "occupied", _("Occupied")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")


class Place(models.Model):
    class Kind(models.TextChoices):
        BED = "bed", _("Bed")
        COT = "cot", _("Cot")
        COUPLE = "couple", _("Couple's bed")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="places")
    label = models.CharField(_("label"), max_length=60)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.BED)
    accessible = models.BooleanField(_("accessible"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=PlaceStatus.choices, default=PlaceStatus.FREE
    )
    out_of_service_reason = models.CharField(_("reason out of service"), max_length=200, blank=True)
    expected_back_on = models.DateField(_("expected back on"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)

    class Meta:
        ordering = ["unit", "label", "pk"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(fields=["unit", "label"], name="housing_place_label_unique"),
        ]
        indexes = [models.Index(fields=["status"], name="housing_place_status_idx")]

    def __str__(self) -> str:
        return self.label

    @property
    def sleeps(self) -> int:
        """How many people this place sleeps (a couple's bed sleeps two)."""
        return 2 if self.kind == self.Kind.COUPLE else 1

    def clean(self) -> None:
        super().clean()
        if self.status == PlaceStatus.OUT_OF_SERVICE and not self.out_of_service_reason.strip():
            raise ValidationError({"out_of_service_reason": _("Say why the place is out of service.")})


class PriorityRules(models.Model):
    """The scoring rules of the waiting list: points per vulnerability, per waiting day, per child.

    One active row is used network-wide (``selectors.active_priority_rules``); every change is
    kept in the audit trail and the rules are shown on the waiting list's rules page.
    """

    name = models.CharField(_("name"), max_length=120, default="")
    vulnerability_weights = models.JSONField(_("points per vulnerability"), default=dict, blank=True)
    points_per_waiting_day = models.DecimalField(
        _("points per day waiting"), max_digits=6, decimal_places=2, default=1
    )
    max_waiting_days = models.PositiveIntegerField(_("waiting days counted at most"), default=365)
    points_per_child = models.DecimalField(_("points per child"), max_digits=6, decimal_places=2, default=5)
    is_active = models.BooleanField(_("in use"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-is_active", "-updated_at", "pk"]
        verbose_name = _("priority rules")
        verbose_name_plural = _("priority rules")

    def __str__(self) -> str:
        return self.name or str(_("Priority rules"))


class WaitingListEntry(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        PLACED = "placed", _("Placed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="waiting_list_entries",
    )
    household = models.ForeignKey(
        "people.Household",
        verbose_name=_("household"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="waiting_list_entries",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="waiting_list_entries",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="waiting_list_entries",
    )
    size = models.PositiveSmallIntegerField(_("people"), validators=[MinValueValidator(1)])
    composition = models.JSONField(
        _("composition"), default=dict, blank=True, help_text=_("Adults, children and the children's ages.")
    )
    beds_needed = models.PositiveSmallIntegerField(_("beds needed"), validators=[MinValueValidator(1)])
    rooms_needed = models.PositiveSmallIntegerField(_("rooms needed"), default=1)
    step_free = models.BooleanField(_("needs step-free access"), default=False)
    adapted_bathroom = models.BooleanField(_("needs an adapted bathroom"), default=False)
    women_only = models.BooleanField(_("needs a women-only place"), default=False)
    men_only = models.BooleanField(_("men only household"), default=False)
    minors_only = models.BooleanField(_("unaccompanied minors"), default=False)
    lgbti_safe = models.BooleanField(_("needs an LGBTI-safe place"), default=False)
    pets = models.BooleanField(_("has pets"), default=False)
    preferred_districts = models.JSONField(_("preferred districts"), default=list, blank=True)
    school_lat = models.FloatField(_("school latitude"), null=True, blank=True, validators=LAT_VALIDATORS)
    school_lon = models.FloatField(_("school longitude"), null=True, blank=True, validators=LON_VALIDATORS)
    work_lat = models.FloatField(_("work latitude"), null=True, blank=True, validators=LAT_VALIDATORS)
    work_lon = models.FloatField(_("work longitude"), null=True, blank=True, validators=LON_VALIDATORS)
    medical_lat = models.FloatField(
        _("medical care latitude"), null=True, blank=True, validators=LAT_VALIDATORS
    )
    medical_lon = models.FloatField(
        _("medical care longitude"), null=True, blank=True, validators=LON_VALIDATORS
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    vulnerabilities = models.JSONField(
        _("vulnerabilities counted"),
        default=list,
        blank=True,
        help_text=_("Codes of the vulnerabilities the priority counts; the details stay in the case."),
    )
    vulnerability_points = models.PositiveIntegerField(_("vulnerability points"), default=0)
    entered_on = models.DateField(_("entered on"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    priority = models.DecimalField(_("priority"), max_digits=9, decimal_places=2, default=0)
    priority_parts = models.JSONField(_("priority parts"), default=dict, blank=True)
    priority_computed_at = models.DateTimeField(_("priority computed"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-priority", "entered_on", "pk"]
        verbose_name = _("waiting list entry")
        verbose_name_plural = _("waiting list entries")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(case__isnull=False)
                    | models.Q(household__isnull=False)
                    | models.Q(person__isnull=False)
                ),
                name="housing_entry_has_case_household_or_person",
                violation_error_message=_("A waiting list entry is for a case, a household or a person."),
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="waiting"),
                name="housing_entry_one_waiting_per_case",
                violation_error_message=_("This case is already on the waiting list."),
            ),
        ]
        indexes = [models.Index(fields=["status", "-priority"], name="housing_entry_status_prio_idx")]

    def __str__(self) -> str:
        return str(_("Waiting list entry %(id)s") % {"id": self.pk})

    def clean(self) -> None:
        super().clean()
        for prefix in ("school", "work", "medical"):
            lat, lon = getattr(self, f"{prefix}_lat"), getattr(self, f"{prefix}_lon")
            if (lat is None) != (lon is None):
                raise ValidationError(_("Give both latitude and longitude of a location, or neither."))
        if self.women_only and self.men_only:
            raise ValidationError(_("A household cannot need a women-only and a men-only place."))
        if self.beds_needed and self.size and self.beds_needed > self.size:
            raise ValidationError({"beds_needed": _("More beds than people.")})
        bad = [d for d in self.preferred_districts or [] if d not in District.values]
        if bad:
            raise ValidationError({"preferred_districts": _("Unknown district.")})

    @property
    def children(self) -> int:
        value: Any = (self.composition or {}).get("children", 0)
        return int(value) if isinstance(value, int) else 0


class ExitDestination(models.TextChoices):
    INDEPENDENT = "independent", _("Own rented home")
    OTHER_PROGRAMME = "other_programme", _("Another housing programme")
    FAMILY_FRIENDS = "family_friends", _("With family or friends")
    OTHER_CITY = "other_city", _("Another city or country")
    RETURN = "return", _("Return to the country of origin")
    STREET = "street", _("Street or no fixed home")
    EXPELLED = "expelled", _("Left after a breach of the rules")
    MOVED = "moved", _("Moved to another unit of the network")
    UNKNOWN = "unknown", _("Unknown")
    OTHER = "other", _("Other")


class Placement(models.Model):
    class Status(models.TextChoices):
        RESERVED = "reserved", _("Reserved")
        CHECKED_IN = "checked_in", _("Checked in")
        CHECKED_OUT = "checked_out", _("Checked out")
        CANCELLED = "cancelled", _("Cancelled")

    entry = models.ForeignKey(
        WaitingListEntry,
        verbose_name=_("waiting list entry"),
        on_delete=models.CASCADE,
        related_name="placements",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="placements"
    )
    places = models.ManyToManyField(Place, verbose_name=_("places"), related_name="placements", blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RESERVED)
    reserved_at = models.DateTimeField(_("reserved"), default=timezone.now)
    reserved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reserved by"), on_delete=models.PROTECT, related_name="+"
    )
    check_in_on = models.DateField(_("checked in on"), null=True, blank=True)
    planned_check_out_on = models.DateField(_("planned check-out"), null=True, blank=True)
    check_out_on = models.DateField(_("checked out on"), null=True, blank=True)
    exit_destination = models.CharField(
        _("exit destination"), max_length=20, choices=ExitDestination.choices, blank=True
    )
    cancel_reason = models.CharField(_("reason cancelled"), max_length=200, blank=True)
    moved_from = models.OneToOneField(
        "self",
        verbose_name=_("moved from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moved_to",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-reserved_at", "pk"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="checked_out") | models.Q(check_out_on__isnull=False),
                name="housing_placement_checked_out_has_date",
                violation_error_message=_("A checked-out placement has a check-out date."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Placement %(id)s") % {"id": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.RESERVED, self.Status.CHECKED_IN)

    def clean(self) -> None:
        super().clean()
        if self.check_in_on and self.check_out_on and self.check_out_on < self.check_in_on:
            raise ValidationError({"check_out_on": _("The check-out date is before the check-in date.")})
        if self.check_in_on and self.planned_check_out_on and self.planned_check_out_on < self.check_in_on:
            raise ValidationError(
                {"planned_check_out_on": _("The planned check-out is before the check-in.")}
            )


class Absence(models.Model):
    placement = models.ForeignKey(
        Placement, verbose_name=_("placement"), on_delete=models.CASCADE, related_name="absences"
    )
    from_on = models.DateField(_("from"))
    to_on = models.DateField(_("to"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-from_on", "pk"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")

    def __str__(self) -> str:
        return f"{self.from_on} – {self.to_on or ''}"

    def clean(self) -> None:
        super().clean()
        if self.to_on and self.to_on < self.from_on:
            raise ValidationError({"to_on": _("The absence ends before it starts.")})


class OptimizerRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        OPTIMAL = "optimal", _("Optimal")
        FEASIBLE = "feasible", _("Feasible")
        INFEASIBLE = "infeasible", _("Infeasible")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="optimizer_runs",
    )
    input = models.JSONField(_("input"), default=dict, blank=True)
    output = models.JSONField(_("output"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RUNNING)
    gap = models.FloatField(_("optimality gap"), null=True, blank=True)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)
    backend = models.CharField(_("solver"), max_length=40, blank=True)
    objective = models.FloatField(_("total suitability"), null=True, blank=True)
    baseline_objective = models.FloatField(_("first-come-first-served suitability"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("run by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("run at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("optimizer run")
        verbose_name_plural = _("optimizer runs")

    def __str__(self) -> str:
        return str(_("Optimizer run %(id)s") % {"id": self.pk})


class OptimizerMatch(models.Model):
    class Decision(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        LOCKED = "locked", _("Locked")
        REJECTED = "rejected", _("Rejected")
        ACCEPTED = "accepted", _("Accepted")

    run = models.ForeignKey(
        OptimizerRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="matches"
    )
    entry = models.ForeignKey(
        WaitingListEntry,
        verbose_name=_("waiting list entry"),
        on_delete=models.CASCADE,
        related_name="matches",
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="matches")
    score = models.FloatField(_("score"), default=0)
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    placement = models.OneToOneField(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="optimizer_match",
    )

    class Meta:
        ordering = ["run", "-score", "pk"]
        verbose_name = _("optimizer match")
        verbose_name_plural = _("optimizer matches")
        constraints = [
            models.UniqueConstraint(fields=["run", "entry"], name="housing_match_entry_once_per_run"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.entry_id} → {self.unit_id}"
