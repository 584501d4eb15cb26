"""Directory writes: translations and their review status, and the search text behind the public search.

Reading a text in a language goes through ``text_for`` (with the fallback to the record's source
language). Anything that changes a service, its locations, children or taxonomy terms calls
``service_search_refresh`` afterwards (the import and the editing screens do).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from acollida.directory.folding import fold
from acollida.directory.models import (
    District,
    Service,
    ServiceSearchText,
    ServiceStatus,
    TaxonomyTerm,
    Translatable,
    TranslationStatus,
    directory_languages,
)

LISTED_STATUSES = frozenset({ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED})


# --- translations ---------------------------------------------------------------------------


def text_for(obj: Translatable, field: str, lang: str) -> tuple[str, str, str]:
    """``(text, language used, status)`` of ``field`` in ``lang``.

    The source language is always ``reviewed``. A translation present is ``draft`` or ``reviewed``
    as its record's status for that language says. A missing translation falls back to the source
    text, with the source language returned so the page can say the text is in another language.
    """
    if field not in obj.TRANSLATABLE_FIELDS:
        raise ValueError(f"{type(obj).__name__}.{field} is not translatable")
    source_text = str(getattr(obj, field) or "")
    if lang == obj.source_language:
        return source_text, lang, TranslationStatus.REVIEWED
    translated = str((obj.translations or {}).get(field, {}).get(lang, "") or "")
    if translated:
        status = (obj.translation_status or {}).get(lang, TranslationStatus.DRAFT)
        return translated, lang, status
    if not source_text:
        return "", lang, TranslationStatus.REVIEWED
    return source_text, obj.source_language, TranslationStatus.MISSING


def texts_for(obj: Translatable, lang: str) -> dict[str, tuple[str, str, str]]:
    """Every translatable field of ``obj`` in ``lang``, as ``text_for`` gives them."""
    return {field: text_for(obj, field, lang) for field in obj.TRANSLATABLE_FIELDS}


def translation_set(obj: Translatable, field: str, lang: str, text: str) -> None:
    """Put ``text`` as ``field`` in ``lang`` on ``obj`` (not saved). The source language writes
    the HSDS column itself; an empty text removes the translation."""
    if field not in obj.TRANSLATABLE_FIELDS:
        raise ValueError(f"{type(obj).__name__}.{field} is not translatable")
    text = text.strip()
    if lang == obj.source_language:
        setattr(obj, field, text)
        return
    translations = dict(obj.translations or {})
    per_field = dict(translations.get(field, {}))
    if text:
        per_field[lang] = text
    else:
        per_field.pop(lang, None)
    if per_field:
        translations[field] = per_field
    else:
        translations.pop(field, None)
    obj.translations = translations


def missing_fields(obj: Translatable, lang: str) -> list[str]:
    """The fields of ``obj`` that have source text but no text in ``lang``."""
    if lang == obj.source_language:
        return []
    return [
        field
        for field in obj.TRANSLATABLE_FIELDS
        if getattr(obj, field) and not (obj.translations or {}).get(field, {}).get(lang)
    ]


def record_status(obj: Translatable, lang: str) -> str:
    """missing / draft / reviewed for one record in one language."""
    if lang == obj.source_language:
        return TranslationStatus.REVIEWED
    if missing_fields(obj, lang):
        return TranslationStatus.MISSING
    if not any(getattr(obj, field) for field in obj.TRANSLATABLE_FIELDS):
        return TranslationStatus.REVIEWED
    return str((obj.translation_status or {}).get(lang, TranslationStatus.DRAFT))


def combined_status(statuses: Iterable[str]) -> str:
    """The status of a group of records: missing if any is, reviewed only if all are."""
    seen = set(statuses)
    if TranslationStatus.MISSING in seen:
        return TranslationStatus.MISSING
    if seen <= {TranslationStatus.REVIEWED}:
        return TranslationStatus.REVIEWED
    return TranslationStatus.DRAFT


def service_translatables(service: Service) -> list[Translatable]:
    """The service and every record whose text shows on its page (its translation unit)."""
    records: list[Translatable] = [service]
    records += list(service.schedules.all())
    records += list(service.required_documents.all())
    records += list(service.cost_options.all())
    records += list(service.capacities.all())
    records += list(service.phones.all())
    records += list(service.contacts.all())
    records += list(service.languages.all())
    records += list(service.additional_urls.all())
    records += list(service.service_areas.all())
    for sal in service.service_at_locations.all():
        records.append(sal)
        records += list(sal.schedules.all())
        records.append(sal.location)
        records += list(sal.location.accessibility.all())
    return records


def service_translation_status(service: Service, lang: str) -> str:
    """missing / draft / reviewed for a service and everything on its page, in ``lang``."""
    return combined_status(record_status(record, lang) for record in service_translatables(service))


def translation_status_set(obj: Translatable, lang: str, status: str) -> None:
    """Mark ``obj``'s ``lang`` texts draft or reviewed (not saved)."""
    if status not in (TranslationStatus.DRAFT, TranslationStatus.REVIEWED):
        raise ValueError(f"unknown translation status {status!r}")
    obj.translation_status = {**(obj.translation_status or {}), lang: status}


@transaction.atomic
def translations_save(
    *,
    obj: Translatable,
    lang: str,
    texts: Mapping[str, str],
    status: str | None = None,
) -> Translatable:
    """Write several fields of one record in one language, optionally with its review status."""
    for field, text in texts.items():
        translation_set(obj, field, lang, text)
    if status is not None and lang != obj.source_language:
        translation_status_set(obj, lang, status)
    obj.full_clean()
    obj.save()
    return obj


# --- search text ----------------------------------------------------------------------------


def _codes(values: Iterable[str]) -> str:
    unique = sorted({value for value in values if value})
    return f" {' '.join(unique)} " if unique else ""


def _term_with_ancestors(term: TaxonomyTerm) -> list[TaxonomyTerm]:
    chain = [term]
    node = term.parent
    while node is not None and node not in chain:
        chain.append(node)
        node = node.parent
    return chain


def term_search_text(term: TaxonomyTerm, languages: list[str]) -> str:
    """A term's names and keywords in every language, folded and padded with spaces: what makes
    search cross languages. The public search matches the query against it separately from the
    services' own rows (a dozen needs), then finds the services tagged with the matching needs."""
    words = [term.name]
    for lang in languages:
        words.append(text_for(term, "name", lang)[0])
        words += [str(word) for word in (term.keywords or {}).get(lang, [])]
    folded = fold(" ".join(word for word in words if word))
    return f" {folded} " if folded else ""


def _service_words(service: Service, lang: str) -> list[str]:
    words: list[str] = []
    for field in (
        "name",
        "alternate_name",
        "description",
        "eligibility_description",
        "application_process",
        "fees_description",
        "interpretation_services",
    ):
        words.append(text_for(service, field, lang)[0])
    organization = service.organization
    words += [text_for(organization, "name", lang)[0], organization.alternate_name]
    if service.program is not None:
        words.append(text_for(service.program, "name", lang)[0])
    for document in service.required_documents.all():
        words.append(text_for(document, "document", lang)[0])
    for language in service.languages.all():
        words += [language.name, language.code]
    for sal in service.service_at_locations.all():
        location = sal.location
        words += [text_for(location, "name", lang)[0], location.get_district_display()]
        words += [address.address_1 for address in location.addresses.all()]
        words += [address.postal_code for address in location.addresses.all()]
    return words


def _padded(folded: str) -> str:
    """`` text `` with a space at each end, so that ``LIKE '% word%'`` finds a word beginning
    anywhere, the first word included, and a trigram index can serve it."""
    return f" {folded} " if folded else ""


def service_search_refresh(*, service: Service) -> None:
    """Rewrite the folded search rows of ``service`` (one per directory language): the service's
    own texts in that language; its needs' words of every language are matched apart."""
    service = (
        Service.objects.select_related("organization", "program")
        .prefetch_related(
            "required_documents",
            "languages",
            "attributes__taxonomy_term__parent__parent",
            "service_at_locations__location__addresses",
        )
        .get(pk=service.pk)
    )
    languages = directory_languages()
    terms: list[TaxonomyTerm] = []
    for attribute in service.attributes.all():
        for term in _term_with_ancestors(attribute.taxonomy_term):
            if term not in terms:
                terms.append(term)
    locations = [sal.location for sal in service.service_at_locations.all()]
    common: dict[str, Any] = {
        "is_listed": service.status in LISTED_STATUSES,
        "districts": _codes(location.district for location in locations),
        "language_codes": _codes(language.code.lower() for language in service.languages.all()),
        "term_codes": _codes(term.code for term in terms),
        "is_free": service.is_free,
    }
    rows = [
        ServiceSearchText(
            service=service,
            language=lang,
            text=_padded(fold(" ".join(word for word in _service_words(service, lang) if word))),
            **common,
        )
        for lang in languages
    ]
    with transaction.atomic():
        ServiceSearchText.objects.filter(service=service).delete()
        ServiceSearchText.objects.bulk_create(rows)


def search_rebuild_all() -> int:
    """Refresh the search rows of every service (after a taxonomy change or an import)."""
    count = 0
    for service in Service.objects.only("pk").iterator():
        service_search_refresh(service=service)
        count += 1
    return count


def district_label(code: str) -> str:
    """The display name of a district code ('' for none or an unknown code)."""
    try:
        return str(District(code).label)
    except ValueError:
        return ""
