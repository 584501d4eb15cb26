# ruff: noqa: E501  (texts in six languages read better unbroken)
"""Synthetic directory for ``bench/directory.py``: services × six languages, loaded fast.

Every record is fictitious and says so: organisations are named "… (fictícia)", each service's
description ends with a line saying it was generated for a benchmark, phone numbers are in an
unassigned range and e-mails use ``example.org``. The texts are plausible because they are built
from the demo content's service kinds (``acollida.directory.demo_content``: 29 kinds of service
with their names, descriptions, needs, documents and hours in ca, es, en, fr, ar and uk), each
placed in one of València's districts, at an organisation, sometimes with a focus ("for women",
"online"). Streets are real streets of each district; numbers and places are made up.

About one service in ten lacks its Arabic and Ukrainian texts (the pages then show the fallback),
a few are temporarily closed (with an alert) or inactive (not listed).

Rows go in with ``bulk_create`` (no signals, so no audit entries: nothing here is a person), and the
public search rows with ``search_rows_bulk``: the same words ``service_search_refresh`` writes,
computed over prefetched batches of services instead of one service at a time.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator, Sequence
from datetime import time, timedelta
from typing import Any

T = dict[str, str]
LANGS = ("ca", "es", "en", "fr", "ar", "uk")

# district → (centre latitude, longitude, [(street, postcode)]): real streets, made-up numbers
# fmt: off
DISTRICTS: dict[str, tuple[float, float, list[tuple[str, str]]]] = {
    "ciutat-vella": (39.4745, -0.3768, [("Carrer de Cavallers", "46001"), ("Carrer de la Pau", "46002"), ("Carrer de Sant Vicent Màrtir", "46002")]),
    "eixample": (39.4630, -0.3720, [("Carrer de Sueca", "46006"), ("Carrer de Cadis", "46006"), ("Carrer del Literat Azorín", "46006")]),
    "extramurs": (39.4700, -0.3880, [("Carrer de Borrull", "46008"), ("Carrer d'Àngel Guimerà", "46008"), ("Carrer de Quart", "46008")]),
    "campanar": (39.4840, -0.3960, [("Avinguda de Pius XII", "46015"), ("Carrer de la Vall de la Ballestera", "46015")]),
    "saidia": (39.4840, -0.3770, [("Carrer de Sagunt", "46009"), ("Avinguda del Primat Reig", "46009"), ("Carrer de Marxalenes", "46009")]),
    "pla-del-real": (39.4770, -0.3640, [("Avinguda de Blasco Ibáñez", "46010"), ("Carrer de Jaume Roig", "46010")]),
    "olivereta": (39.4690, -0.4040, [("Avinguda del Cid", "46018"), ("Carrer del Nou d'Octubre", "46018")]),
    "patraix": (39.4590, -0.3960, [("Carrer de Patraix", "46018"), ("Carrer de Sant Vicent Màrtir", "46017")]),
    "jesus": (39.4520, -0.3850, [("Carrer de Sant Marcel·lí", "46017"), ("Avinguda de Gaspar Aguilar", "46017")]),
    "quatre-carreres": (39.4530, -0.3640, [("Avinguda de la Plata", "46013"), ("Avinguda d'Ausiàs March", "46013")]),
    "poblats-maritims": (39.4640, -0.3300, [("Carrer de la Reina", "46011"), ("Carrer del Doctor Lluch", "46011"), ("Carrer de Francesc Cubells", "46011")]),
    "camins-al-grau": (39.4660, -0.3500, [("Avinguda del Port", "46023"), ("Carrer del Pare Porta", "46024")]),
    "algiros": (39.4770, -0.3490, [("Avinguda dels Tarongers", "46022"), ("Carrer del Serpis", "46022")]),
    "benimaclet": (39.4860, -0.3580, [("Carrer d'Emili Baró", "46020"), ("Plaça de Benimaclet", "46020")]),
    "rascanya": (39.4950, -0.3690, [("Carrer d'Alfauir", "46019"), ("Avinguda del Doctor Peset Aleixandre", "46019")]),
    "benicalap": (39.4960, -0.3910, [("Avinguda de Burjassot", "46025"), ("Carrer de Luis Crumiere", "46025")]),
    "pobles-del-nord": (39.5200, -0.3700, [("Carrer Major de Borbotó", "46132"), ("Plaça de Carpesa", "46132")]),
    "pobles-de-l-oest": (39.4950, -0.4200, [("Carrer de Benimàmet", "46035"), ("Carrer de Beniferri", "46035")]),
    "pobles-del-sud": (39.3700, -0.3300, [("Carrer de Caudete, El Palmar", "46012"), ("Carrer Major de Pinedo", "46012")]),
}
# fmt: on

ORG_PREFIXES = (
    "Associació Veïnal",
    "Fundació Solidària",
    "Centre Social",
    "Xarxa d'Acollida",
    "Casal Intercultural",
    "Cooperativa Comunitària",
    "Associació de Dones Migrades",
    "Espai Jove",
)

LOCATION_NAME: T = {
    "ca": "Local de {place}",
    "es": "Local de {place}",
    "en": "{place} centre",
    "fr": "Local de {place}",
    "ar": "مقر {place}",
    "uk": "Приміщення {place}",
}

# fmt: off
FOCUS: list[T] = [
    {"ca": "per a joves", "es": "para jóvenes", "en": "for young people", "fr": "pour les jeunes", "ar": "للشباب", "uk": "для молоді"},
    {"ca": "de vesprada", "es": "de tarde", "en": "afternoon sessions", "fr": "l'après-midi", "ar": "في فترة المساء", "uk": "у післяобідній час"},
    {"ca": "per a famílies", "es": "para familias", "en": "for families", "fr": "pour les familles", "ar": "للعائلات", "uk": "для сімей"},
    {"ca": "per a dones", "es": "para mujeres", "en": "for women", "fr": "pour les femmes", "ar": "للنساء", "uk": "для жінок"},
    {"ca": "en línia", "es": "en línea", "en": "online", "fr": "en ligne", "ar": "عبر الإنترنت", "uk": "онлайн"},
]
# fmt: on

WHERE: T = {
    "ca": "Ho ofereix {org} al districte de {district}.",
    "es": "Lo ofrece {org} en el distrito de {district}.",
    "en": "Offered by {org} in {district}.",
    "fr": "Proposé par {org} dans le quartier de {district}.",
    "ar": "تقدمه {org} في حي {district}.",
    "uk": "Надає {org} у районі {district}.",
}

FICTITIOUS: T = {
    "ca": "Entrada fictícia generada per a una prova de rendiment.",
    "es": "Entrada ficticia generada para una prueba de rendimiento.",
    "en": "Fictitious entry generated for a performance benchmark.",
    "fr": "Entrée fictive générée pour un test de performance.",
    "ar": "إدخال وهمي أُنشئ لاختبار الأداء.",
    "uk": "Вигадний запис, створений для перевірки швидкодії.",
}

CLOSED_ALERT: T = {
    "ca": "Tancat temporalment per obres.",
    "es": "Cerrado temporalmente por obras.",
    "en": "Temporarily closed for building work.",
    "fr": "Fermé temporairement pour travaux.",
    "ar": "مغلق مؤقتًا بسبب أعمال البناء.",
    "uk": "Тимчасово зачинено на ремонт.",
}
# fmt: off
EXTRA_LANGUAGES = {"ro": "Romanian", "ru": "Russian", "ur": "Urdu", "wo": "Wolof", "zh": "Chinese", "bn": "Bengali"}
LANGUAGE_NAMES = {"ca": "Valencian", "es": "Spanish", "en": "English", "fr": "French", "ar": "Arabic", "uk": "Ukrainian"}
# fmt: on


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _split(texts: T, source: str, languages: Sequence[str] = LANGS) -> tuple[str, dict[str, str]]:
    """(the source-language text, the other languages' texts) as the models keep them."""
    return texts[source], {lang: texts[lang] for lang in languages if lang != source}


def _translatable(
    model: Any, source: str, fields: dict[str, T], languages: Sequence[str] = LANGS, **extra: Any
) -> Any:
    """A model instance with ``fields`` in the source column and the rest as reviewed translations."""
    translations: dict[str, dict[str, str]] = {}
    values: dict[str, str] = {}
    for field, texts in fields.items():
        values[field], others = _split(texts, source, languages)
        if others:
            translations[field] = others
    status = {lang: "reviewed" for lang in languages if lang != source}
    return model(
        source_language=source, translations=translations, translation_status=status, **values, **extra
    )


def _bulk(model: Any, objects: list[Any], batch: int = 1000) -> int:
    model.objects.bulk_create(objects, batch_size=batch)
    return len(objects)


def _validate_sample(objects: Sequence[Any], count: int = 3) -> None:
    """The generated rows must be ones the product itself would accept."""
    for obj in objects[:count]:
        obj.full_clean(validate_unique=False, validate_constraints=False)


def load(*, services: int, seed: int) -> dict[str, int]:
    """Create ``services`` fictitious services (and their organisations, places and children)."""
    from django.db import transaction
    from django.utils import timezone

    from acollida.directory import demo_content as content
    from acollida.directory.models import (
        Address,
        Attribute,
        Frequency,
        Language,
        Location,
        Organization,
        Phone,
        RequiredDocument,
        Schedule,
        Service,
        ServiceAtLocation,
        ServiceCapacity,
        ServiceStatus,
        Unit,
        Weekday,
    )
    from acollida.directory.taxonomy_seed import taxonomy_load, term_by_code

    rng = random.Random(seed)
    counts: dict[str, int] = {}
    with transaction.atomic():
        taxonomy_load()
        terms = term_by_code()
        units = {unit.identifier: unit for unit in Unit.objects.all()}
        district_labels = dict(Location._meta.get_field("district").flatchoices)
        organization_count = max(1, services // 33)

        organizations: list[Any] = []
        for index in range(organization_count):
            district = rng.choice(list(DISTRICTS))
            name = f"{ORG_PREFIXES[index % len(ORG_PREFIXES)]} {district_labels[district]} {index + 1} (fictícia)"
            kind = rng.choice(["ngo", "association", "municipal"])
            organizations.append(
                _translatable(
                    Organization,
                    rng.choice(["ca", "es"]),
                    {"name": dict.fromkeys(LANGS, name), "description": content.ORG_KIND_DESCRIPTION[kind]},
                    id=_uuid(rng),
                    email=f"info{index + 1}@example.org",
                )
            )
        _validate_sample(organizations)
        counts["organizations"] = _bulk(Organization, organizations)

        locations_of: dict[uuid.UUID, list[Any]] = {}
        locations: list[Any] = []
        addresses: list[Any] = []
        for organization in organizations:
            for _ in range(5):
                district = rng.choice(list(DISTRICTS))
                lat, lon, streets = DISTRICTS[district]
                street, postcode = rng.choice(streets)
                place = f"{district_labels[district]} {rng.randint(1, 40)}"
                location = _translatable(
                    Location,
                    organization.source_language,
                    {"name": {lang: text.format(place=place) for lang, text in LOCATION_NAME.items()}},
                    id=_uuid(rng),
                    organization=organization,
                    district=district,
                    latitude=round(lat + rng.uniform(-0.006, 0.006), 5),
                    longitude=round(lon + rng.uniform(-0.006, 0.006), 5),
                )
                locations.append(location)
                locations_of.setdefault(organization.id, []).append(location)
                addresses.append(
                    Address(
                        id=_uuid(rng),
                        location=location,
                        address_1=f"{street}, {rng.randint(1, 120)}",
                        postal_code=postcode,
                        city="València",
                    )
                )
        _validate_sample(locations)
        counts["locations"] = _bulk(Location, locations)
        counts["addresses"] = _bulk(Address, addresses)

        rows: dict[str, list[Any]] = {
            name: [] for name in ("sal", "schedule", "language", "phone", "document", "attribute", "capacity")
        }
        service_rows: list[Any] = []
        today = timezone.localdate()
        now = timezone.now()
        for index in range(services):
            kind = content.SERVICES[index % len(content.SERVICES)]
            organization = rng.choice(organizations)
            source = organization.source_language
            places = locations_of[organization.id]
            first = rng.choice(places)
            district = district_labels[first.district]
            focus = rng.choice(FOCUS) if rng.random() < 0.4 else None
            name = {
                lang: " ".join(part for part in (kind["name"][lang], focus[lang] if focus else "") if part)
                + f" — {district}"
                for lang in LANGS
            }
            description = {
                lang: f"{kind['description'][lang]} "
                f"{WHERE[lang].format(org=organization.name, district=district)}\n\n{FICTITIOUS[lang]}"
                for lang in LANGS
            }
            languages = LANGS if rng.random() >= 0.1 else ("ca", "es", "en", "fr")
            roll = rng.random()
            status = (
                ServiceStatus.INACTIVE
                if roll < 0.02
                else ServiceStatus.TEMPORARILY_CLOSED
                if roll < 0.05
                else ServiceStatus.ACTIVE
            )
            fields = {
                "name": name,
                "description": description,
                "eligibility_description": content.ELIGIBILITY[kind["eligibility"]],
                "application_process": content.APPLY[kind["apply"]],
                "interpretation_services": content.INTERPRETATION,
                "fees_description": kind["fees"] or content.FREE,
            }
            if status == ServiceStatus.TEMPORARILY_CLOSED:
                fields["alert"] = CLOSED_ALERT
            service = _translatable(
                Service,
                source,
                fields,
                languages,
                id=_uuid(rng),
                organization=organization,
                status=status,
                is_free=kind["free"],
                is_demo=True,
                email=f"service{index + 1}@example.org",
                minimum_age=kind["min_age"],
                maximum_age=kind["max_age"],
                assured_date=today - timedelta(days=rng.randint(0, 400)),
                assurer_email=organization.email,
            )
            service_rows.append(service)
            chosen = [first]
            others = [place for place in places if place is not first]
            if others and rng.random() < 0.2:
                chosen.append(rng.choice(others))
            for location in chosen:
                rows["sal"].append(
                    ServiceAtLocation(
                        id=_uuid(rng), service=service, location=location, source_language=source
                    )
                )
            for byday, opens, closes in kind["hours"]:
                rows["schedule"].append(
                    Schedule(
                        id=_uuid(rng), service=service, source_language=source, freq=Frequency.WEEKLY,
                        wkst=Weekday.MO, interval=1, byday=byday, opens_at=_hhmm(opens),
                        closes_at=_hhmm(closes), timezone=1.0,
                    )
                )  # fmt: skip
            spoken = list(kind["languages"])
            if rng.random() < 0.3:
                spoken.append(rng.choice(list(EXTRA_LANGUAGES)))
            for code in dict.fromkeys(spoken):
                rows["language"].append(
                    Language(
                        id=_uuid(rng), service=service, code=code, source_language=source,
                        name=LANGUAGE_NAMES.get(code) or EXTRA_LANGUAGES[code],
                    )
                )  # fmt: skip
            rows["phone"].append(
                Phone(
                    id=_uuid(rng), service=service, source_language=source,
                    number=f"+34 960 {rng.randint(100, 999)} {rng.randint(100, 999)}",
                )
            )  # fmt: skip
            for key in kind["documents"]:
                rows["document"].append(
                    _translatable(
                        RequiredDocument, source, {"document": content.DOCUMENTS[key]}, id=_uuid(rng),
                        service=service,
                    )
                )  # fmt: skip
            for code in kind["terms"]:
                rows["attribute"].append(
                    Attribute(id=_uuid(rng), service=service, taxonomy_term=terms[code], link_type="need")
                )
            if kind["capacity"]:
                unit_code, _available, maximum = kind["capacity"]
                rows["capacity"].append(
                    ServiceCapacity(
                        id=_uuid(rng), service=service, unit=units[unit_code], source_language=source,
                        available=rng.randint(0, maximum), maximum=maximum, updated=now,
                    )
                )  # fmt: skip
        _validate_sample(service_rows)
        counts["services"] = _bulk(Service, service_rows, batch=500)
        for key, model in (
            ("sal", ServiceAtLocation),
            ("schedule", Schedule),
            ("language", Language),
            ("phone", Phone),
            ("document", RequiredDocument),
            ("attribute", Attribute),
            ("capacity", ServiceCapacity),
        ):
            _validate_sample(rows[key])
            counts[key] = _bulk(model, rows[key])
        counts["search_rows"] = search_rows_bulk()
    return counts


def _chunks(values: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def search_rows_bulk(batch: int = 500) -> int:
    """Write every service's public search rows, as ``service_search_refresh`` does one by one.

    The words come from the same helpers as ``service_search_refresh`` (``_service_words``,
    ``_padded``), over batches fetched with the same ``select_related``/``prefetch_related``,
    and go in with ``bulk_create``. ``search_rows_match_refresh`` checks the result against
    ``service_search_refresh`` itself on a sample.
    """
    from acollida.directory.folding import fold
    from acollida.directory.models import Service, ServiceSearchText, directory_languages
    from acollida.directory.services import (
        LISTED_STATUSES,
        _codes,
        _padded,
        _service_words,
        _term_with_ancestors,
    )

    languages = directory_languages()
    ServiceSearchText.objects.all().delete()
    written = 0
    pks = list(Service.objects.order_by("pk").values_list("pk", flat=True))
    for chunk in _chunks(pks, batch):
        services = (
            Service.objects.filter(pk__in=chunk)
            .select_related("organization", "program")
            .prefetch_related(
                "required_documents",
                "languages",
                "attributes__taxonomy_term__parent__parent",
                "service_at_locations__location__addresses",
            )
        )
        rows: list[Any] = []
        for service in services:
            terms: list[Any] = []
            for attribute in service.attributes.all():
                for term in _term_with_ancestors(attribute.taxonomy_term):
                    if term not in terms:
                        terms.append(term)
            locations = [sal.location for sal in service.service_at_locations.all()]
            common = {
                "is_listed": service.status in LISTED_STATUSES,
                "districts": _codes(location.district for location in locations),
                "language_codes": _codes(language.code.lower() for language in service.languages.all()),
                "term_codes": _codes(term.code for term in terms),
                "is_free": service.is_free,
            }
            for lang in languages:
                words = [word for word in _service_words(service, lang) if word]
                text = _padded(fold(" ".join(words)))
                rows.append(ServiceSearchText(service=service, language=lang, text=text, **common))
        ServiceSearchText.objects.bulk_create(rows, batch_size=1000)
        written += len(rows)
    return written


def search_rows_match_refresh(sample: int = 5, seed: int = 1) -> bool:
    """Do the bulk rows equal what ``service_search_refresh`` writes, for a few services?"""
    from acollida.directory.models import Service, ServiceSearchText
    from acollida.directory.services import service_search_refresh

    fields = ("language", "text", "is_listed", "districts", "language_codes", "term_codes", "is_free")
    pks = list(Service.objects.order_by("pk").values_list("pk", flat=True))
    for pk in random.Random(seed).sample(pks, k=min(sample, len(pks))):
        before = sorted(ServiceSearchText.objects.filter(service_id=pk).values_list(*fields))
        service_search_refresh(service=Service.objects.get(pk=pk))
        after = sorted(ServiceSearchText.objects.filter(service_id=pk).values_list(*fields))
        if before != after:
            return False
    return True


def pick_services(count: int, seed: int) -> list[tuple[str, bool]]:
    """``count`` random listed services: (id, has Arabic text)."""
    from acollida.directory.models import Service, ServiceStatus

    listed = list(
        Service.objects.filter(status__in=[ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED])
        .order_by("pk")
        .values_list("pk", "translations__name__ar")
    )
    chosen = random.Random(seed).sample(listed, k=min(count, len(listed)))
    return [(str(pk), bool(arabic)) for pk, arabic in chosen]
