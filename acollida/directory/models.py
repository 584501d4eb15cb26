"""Directory: the public service directory, modelled on Open Referral HSDS 3.1.

Every model here is an HSDS object (``../shared/standards/hsds-3.1/schema``) with the same field
names, UUID ids and links, so a strict HSDS feed can be written from it. No personal data lives
here: services, where and when they are delivered, and the taxonomy of needs.

Translations: the HSDS text columns hold the text in the record's ``source_language``; the other
languages live in ``translations`` ({field: {language: text}}) with a review status per language
in ``translation_status`` ({language: "draft" | "reviewed"}). ``services.text_for`` reads a field
in a language with the fallback to the source. The public search reads ``ServiceSearchText``, one
folded row per service and language, refreshed by ``services.service_search_refresh``.

Extensions to HSDS (never exported as HSDS fields; exported as attributes where they matter):
``Location.district`` (Valencia's districts), ``Organization.organisation`` (the network member
that keeps the record), ``TaxonomyTerm.keywords`` (synonyms per language for cross-language
search), ``Service.is_demo``.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_LANGUAGES = ("ca", "es", "en", "fr", "ar", "uk")


def directory_languages() -> list[str]:
    """The languages every directory text is kept in (setting ``ACOLLIDA_DIRECTORY_LANGUAGES``)."""
    configured = getattr(settings, "ACOLLIDA_DIRECTORY_LANGUAGES", None)
    return list(configured or DEFAULT_LANGUAGES)


class TranslationStatus(models.TextChoices):
    MISSING = "missing", _("Missing")
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")


class District(models.TextChoices):
    """The nineteen districts of the city of València (extension: exported as an attribute)."""

    CIUTAT_VELLA = "ciutat-vella", "Ciutat Vella"  # proper name
    EIXAMPLE = "eixample", "L'Eixample"  # proper name
    EXTRAMURS = "extramurs", "Extramurs"  # proper name
    CAMPANAR = "campanar", "Campanar"  # proper name
    SAIDIA = "saidia", "La Saïdia"  # proper name
    PLA_DEL_REAL = "pla-del-real", "El Pla del Real"  # proper name
    OLIVERETA = "olivereta", "L'Olivereta"  # proper name
    PATRAIX = "patraix", "Patraix"  # proper name
    JESUS = "jesus", "Jesús"  # proper name
    QUATRE_CARRERES = "quatre-carreres", "Quatre Carreres"  # proper name
    POBLATS_MARITIMS = "poblats-maritims", "Poblats Marítims"  # proper name
    CAMINS_AL_GRAU = "camins-al-grau", "Camins al Grau"  # proper name
    ALGIROS = "algiros", "Algirós"  # proper name
    BENIMACLET = "benimaclet", "Benimaclet"  # proper name
    RASCANYA = "rascanya", "Rascanya"  # proper name
    BENICALAP = "benicalap", "Benicalap"  # proper name
    POBLES_DEL_NORD = "pobles-del-nord", "Pobles del Nord"  # proper name
    POBLES_DE_L_OEST = "pobles-de-l-oest", "Pobles de l'Oest"  # proper name
    POBLES_DEL_SUD = "pobles-del-sud", "Pobles del Sud"  # proper name


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    POSTAL = "postal", _("Postal")
    VIRTUAL = "virtual", _("Virtual")


class Weekday(models.TextChoices):
    MO = "MO", _("Monday")
    TU = "TU", _("Tuesday")
    WE = "WE", _("Wednesday")
    TH = "TH", _("Thursday")
    FR = "FR", _("Friday")
    SA = "SA", _("Saturday")
    SU = "SU", _("Sunday")


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY", _("Weekly")
    MONTHLY = "MONTHLY", _("Monthly")


class PhoneType(models.TextChoices):
    VOICE = "voice", _("Voice")
    CELL = "cell", _("Mobile")
    TEXT = "text", _("Text messages")
    FAX = "fax", _("Fax")
    VIDEO = "video", _("Video call")
    TEXTPHONE = "textphone", _("Textphone")
    PAGER = "pager", _("Pager")


def _uuid_pk() -> models.UUIDField:
    return models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)


class Translatable(models.Model):
    """Text in several languages: HSDS columns hold the source language, the rest sit alongside."""

    TRANSLATABLE_FIELDS: ClassVar[tuple[str, ...]] = ()

    source_language = models.CharField(_("source language"), max_length=10, default="es")
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    translation_status = models.JSONField(_("translation status"), default=dict, blank=True)

    class Meta:
        abstract = True


class Organization(Translatable):
    """HSDS organization: who provides services (a network member or an outside provider)."""

    TRANSLATABLE_FIELDS = ("name", "alternate_name", "description")

    id = _uuid_pk()
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("network organisation that keeps it"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_organizations",
    )
    parent_organization = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("name"), max_length=255)
    alternate_name = models.CharField(_("alternate name"), max_length=255, blank=True)
    description = models.TextField(_("description"))
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    tax_status = models.CharField(_("tax status"), max_length=100, blank=True)
    tax_id = models.CharField(_("tax id"), max_length=40, blank=True)
    year_incorporated = models.PositiveSmallIntegerField(_("year incorporated"), null=True, blank=True)
    legal_status = models.CharField(_("legal status"), max_length=100, blank=True)
    logo = models.URLField(_("logo"), blank=True)
    uri = models.URLField(_("URI"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("directory organisation")
        verbose_name_plural = _("directory organisations")

    def __str__(self) -> str:
        return self.name


class OrganizationIdentifier(models.Model):
    id = _uuid_pk()
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="identifiers")
    identifier_scheme = models.CharField(_("scheme"), max_length=100, blank=True)
    identifier_type = models.CharField(_("type"), max_length=100)
    identifier = models.CharField(_("identifier"), max_length=100)

    def __str__(self) -> str:
        return f"{self.identifier_type}: {self.identifier}"


class Program(Translatable):
    TRANSLATABLE_FIELDS = ("name", "alternate_name", "description")

    id = _uuid_pk()
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="programs")
    name = models.CharField(_("name"), max_length=255)
    alternate_name = models.CharField(_("alternate name"), max_length=255, blank=True)
    description = models.TextField(_("description"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


class Service(Translatable):
    """HSDS service: what a newcomer can get, from whom, on what conditions."""

    TRANSLATABLE_FIELDS = (
        "name",
        "alternate_name",
        "description",
        "interpretation_services",
        "application_process",
        "fees_description",
        "wait_time",
        "eligibility_description",
        "accreditations",
        "alert",
    )

    id = _uuid_pk()
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="services"
    )
    program = models.ForeignKey(
        Program, verbose_name=_("programme"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="services",
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=255)
    alternate_name = models.CharField(_("alternate name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("web page"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    interpretation_services = models.TextField(_("interpretation"), blank=True)
    application_process = models.TextField(_("how to apply"), blank=True)
    fees_description = models.TextField(_("fees"), blank=True)
    wait_time = models.CharField(_("waiting time"), max_length=255, blank=True)
    accreditations = models.TextField(_("accreditations"), blank=True)
    eligibility_description = models.TextField(_("who can use it"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    assured_date = models.DateField(_("last verified"), null=True, blank=True)
    assurer_email = models.EmailField(_("verified by (e-mail)"), blank=True)
    licenses = models.CharField(_("licences"), max_length=255, blank=True)
    alert = models.TextField(_("alert"), blank=True)
    last_modified = models.DateTimeField(_("last modified"), auto_now=True)
    is_free = models.BooleanField(
        _("free of charge"), default=True, help_text=_("Shown in the free filter of the directory.")
    )
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [models.Index(fields=["status", "assured_date"], name="directory_service_status_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.minimum_age is not None
            and self.maximum_age is not None
            and self.minimum_age > self.maximum_age
        ):
            raise ValidationError({"maximum_age": _("The maximum age cannot be below the minimum age.")})


class ServiceUrl(Translatable):
    """HSDS url: additional web pages of a service or organisation."""

    TRANSLATABLE_FIELDS = ("label",)

    id = _uuid_pk()
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="additional_urls"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="additional_urls"
    )
    label = models.CharField(_("label"), max_length=255, blank=True)
    url = models.URLField(_("address"))

    def __str__(self) -> str:
        return self.url


class Location(Translatable):
    """HSDS location: a place (or a virtual channel) where services are delivered."""

    TRANSLATABLE_FIELDS = ("name", "alternate_name", "description", "transportation")

    id = _uuid_pk()
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="locations"
    )
    location_type = models.CharField(
        _("type"), max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    url = models.URLField(_("web page"), blank=True)
    name = models.CharField(_("name"), max_length=255, blank=True)
    alternate_name = models.CharField(_("alternate name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(_("how to get there"), blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    external_identifier = models.CharField(_("external identifier"), max_length=100, blank=True)
    external_identifier_type = models.CharField(_("external identifier type"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=32, choices=District.choices, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name or str(self.id)


class Address(models.Model):
    """HSDS address (not translated: street names are proper names)."""

    id = _uuid_pk()
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(_("attention"), max_length=255, blank=True)
    address_1 = models.CharField(_("street address"), max_length=255)
    address_2 = models.CharField(_("address line 2"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=100, default="València")
    region = models.CharField(_("region"), max_length=100, blank=True)
    state_province = models.CharField(_("province"), max_length=100, default="València")
    postal_code = models.CharField(_("postcode"), max_length=12)
    country = models.CharField(_("country"), max_length=2, default="ES")
    address_type = models.CharField(
        _("type"), max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self) -> str:
        return ", ".join(part for part in [self.address_1, f"{self.postal_code} {self.city}".strip()] if part)


class ServiceAtLocation(Translatable):
    TRANSLATABLE_FIELDS = ("description",)

    id = _uuid_pk()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("service at a location")
        verbose_name_plural = _("services at locations")
        constraints = [models.UniqueConstraint(fields=["service", "location"], name="directory_sal_unique")]

    def __str__(self) -> str:
        return f"{self.service_id} @ {self.location_id}"


class ServiceArea(Translatable):
    TRANSLATABLE_FIELDS = ("name", "description")

    id = _uuid_pk()
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="service_areas"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="service_areas"
    )
    name = models.CharField(_("name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    extent = models.TextField(_("extent"), blank=True)
    extent_type = models.CharField(_("extent type"), max_length=40, blank=True)
    uri = models.CharField(_("URI"), max_length=255, blank=True)

    def __str__(self) -> str:
        return self.name


class Schedule(Translatable):
    """HSDS schedule: one RFC 5545-style recurring period (or a one-off exception) of opening."""

    TRANSLATABLE_FIELDS = ("description", "attending_type", "notes")

    id = _uuid_pk()
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    dtstart = models.DateField(_("first day"), null=True, blank=True)
    timezone = models.FloatField(_("UTC offset"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    count = models.PositiveIntegerField(_("count"), null=True, blank=True)
    wkst = models.CharField(_("week starts"), max_length=2, choices=Weekday.choices, blank=True)
    freq = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, blank=True)
    interval = models.PositiveIntegerField(_("interval"), null=True, blank=True)
    byday = models.CharField(_("days"), max_length=60, blank=True, help_text=_("e.g. MO,TU,WE"))
    byweekno = models.CharField(_("week numbers"), max_length=100, blank=True)
    bymonthday = models.CharField(_("days of the month"), max_length=100, blank=True)
    byyearday = models.CharField(_("days of the year"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    schedule_link = models.URLField(_("schedule link"), blank=True)
    attending_type = models.CharField(_("attending type"), max_length=255, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["opens_at"]
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")

    def __str__(self) -> str:
        return f"{self.freq} {self.byday} {self.opens_at}-{self.closes_at}"

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The closing time must be after the opening time.")})
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date cannot be before the start date.")})
        days = [day for day in self.byday.split(",") if day]
        if any(day.strip()[-2:] not in Weekday.values for day in days):
            raise ValidationError({"byday": _("Use two-letter weekdays separated by commas: MO,TU,WE.")})


class Contact(Translatable):
    TRANSLATABLE_FIELDS = ("title", "department")

    id = _uuid_pk()
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=255, blank=True)
    title = models.CharField(_("job title"), max_length=255, blank=True)
    department = models.CharField(_("department"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name or self.department or self.email


class Phone(Translatable):
    TRANSLATABLE_FIELDS = ("description",)

    id = _uuid_pk()
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    number = models.CharField(_("number"), max_length=40)
    extension = models.PositiveIntegerField(_("extension"), null=True, blank=True)
    type = models.CharField(_("type"), max_length=10, choices=PhoneType.choices, default=PhoneType.VOICE)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("phone")
        verbose_name_plural = _("phones")

    def __str__(self) -> str:
        return self.number


class Language(Translatable):
    """HSDS language: a language a service, location or phone line is delivered in."""

    TRANSLATABLE_FIELDS = ("note",)

    id = _uuid_pk()
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    phone = models.ForeignKey(
        Phone, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    code = models.CharField(_("code"), max_length=10, blank=True, help_text=_("ISO 639 code, e.g. ar"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.code or self.name


class Accessibility(Translatable):
    TRANSLATABLE_FIELDS = ("description", "details")

    id = _uuid_pk()
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.TextField(_("description"), blank=True)
    details = models.TextField(_("details"), blank=True)
    url = models.URLField(_("web page"), blank=True)

    class Meta:
        verbose_name = _("accessibility")
        verbose_name_plural = _("accessibility")

    def __str__(self) -> str:
        return self.description[:60]


class Unit(Translatable):
    TRANSLATABLE_FIELDS = ("name",)

    id = _uuid_pk()
    name = models.CharField(_("name"), max_length=100)
    scheme = models.CharField(_("scheme"), max_length=100, blank=True)
    identifier = models.CharField(_("identifier"), max_length=100, blank=True)
    uri = models.URLField(_("URI"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name


class ServiceCapacity(Translatable):
    TRANSLATABLE_FIELDS = ("description",)

    id = _uuid_pk()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="capacities")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="capacities")
    available = models.PositiveIntegerField(_("available"))
    maximum = models.PositiveIntegerField(_("maximum"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    updated = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("capacity")
        verbose_name_plural = _("capacities")

    def __str__(self) -> str:
        return f"{self.available}/{self.maximum or '?'} {self.unit_id}"

    def clean(self) -> None:
        if self.maximum is not None and self.available > self.maximum:
            raise ValidationError({"available": _("More places free than the maximum.")})


class RequiredDocument(Translatable):
    TRANSLATABLE_FIELDS = ("document",)

    id = _uuid_pk()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="required_documents")
    document = models.TextField(_("document"))
    uri = models.URLField(_("web page"), blank=True)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self) -> str:
        return self.document[:60]


class CostOption(Translatable):
    TRANSLATABLE_FIELDS = ("option", "amount_description")

    id = _uuid_pk()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    option = models.TextField(_("option"), blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2, null=True, blank=True)
    amount_description = models.TextField(_("amount description"), blank=True)

    class Meta:
        verbose_name = _("cost")
        verbose_name_plural = _("costs")

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


class Taxonomy(Translatable):
    TRANSLATABLE_FIELDS = ("name", "description")

    id = _uuid_pk()
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"))
    uri = models.URLField(_("URI"), blank=True)
    version = models.CharField(_("version"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(Translatable):
    """HSDS taxonomy_term; ``keywords`` ({language: [words]}) lets a query in one language find
    services described in another."""

    TRANSLATABLE_FIELDS = ("name", "description")

    id = _uuid_pk()
    taxonomy_detail = models.ForeignKey(
        Taxonomy, on_delete=models.CASCADE, null=True, blank=True, related_name="terms"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    code = models.CharField(_("code"), max_length=100, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"))
    taxonomy = models.CharField(_("taxonomy name"), max_length=255, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    term_uri = models.URLField(_("term URI"), blank=True)
    keywords = models.JSONField(_("keywords"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")

    def __str__(self) -> str:
        return self.name


class Attribute(models.Model):
    """HSDS attribute: a taxonomy term attached to a service, organisation, location or
    service-at-location. HSDS's ``link_id``/``link_type``/``link_entity`` are derived from the
    one foreign key set, so deleting the record removes its attributes."""

    id = _uuid_pk()
    taxonomy_term = models.ForeignKey(TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes")
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="attributes"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="attributes"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="attributes"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="attributes"
    )
    link_type = models.CharField(_("link type"), max_length=100, blank=True)
    value = models.TextField(_("value"), blank=True)
    label = models.CharField(_("label"), max_length=255, blank=True)

    LINK_FIELDS: ClassVar[tuple[str, ...]] = ("service", "organization", "location", "service_at_location")

    class Meta:
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(service__isnull=False, organization__isnull=True, location__isnull=True,
                             service_at_location__isnull=True)
                    | models.Q(service__isnull=True, organization__isnull=False, location__isnull=True,
                               service_at_location__isnull=True)
                    | models.Q(service__isnull=True, organization__isnull=True, location__isnull=False,
                               service_at_location__isnull=True)
                    | models.Q(service__isnull=True, organization__isnull=True, location__isnull=True,
                               service_at_location__isnull=False)
                ),
                name="directory_attribute_one_link",
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.link_entity}:{self.link_id} {self.taxonomy_term_id}"

    @property
    def link_entity(self) -> str:
        for name in self.LINK_FIELDS:
            if getattr(self, f"{name}_id") is not None:
                return name
        return ""

    @property
    def link_id(self) -> Any:
        entity = self.link_entity
        return getattr(self, f"{entity}_id") if entity else None


class ServiceSearchText(models.Model):
    """The folded text the public search scans: one row per service and language."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="search_texts")
    language = models.CharField(max_length=10)
    text = models.TextField()
    # Denormalised filters, so a search is one table scan with no joins.
    # Listed = active or temporarily closed (shown with its alert); inactive and defunct are not.
    is_listed = models.BooleanField(default=True)
    # Space-delimited codes with a space at each end, so " eixample " matches one code exactly.
    districts = models.CharField(max_length=400, blank=True)
    language_codes = models.CharField(max_length=200, blank=True)
    term_codes = models.CharField(max_length=1000, blank=True)
    is_free = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "language"], name="directory_search_unique")
        ]
        indexes = [models.Index(fields=["language", "is_listed"], name="directory_search_lang_idx")]

    def __str__(self) -> str:
        return f"{self.service_id} [{self.language}]"
