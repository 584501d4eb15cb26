"""Reads behind the public directory pages: search, filters, needs and one service's page.

Nothing here is personal data and everything is public, so there is no access policy to apply:
only listed services (active or temporarily closed) are ever shown.

Search scans ``ServiceSearchText``: one folded row per service and language, holding the service's
own texts in that language. The needs (taxonomy terms) are matched apart: their names and
keywords in every language are folded once and kept in memory, so a query in one language
("abogado", "адвокат", "محامي") finds services described in another through the needs they are
tagged with. The query is folded like the rows (case, accents, Arabic and Cyrillic variants) and
every word must start a word of the row or of one of the service's needs. The page's language's
rows are searched, then, when they match nothing, the other languages' (a person may type a
service's own words in another language). Whole words and the whole phrase rank higher. SQL ranks,
counts and returns one page; on PostgreSQL a trigram index serves the word LIKEs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, overload
from uuid import UUID

from django.core.cache import cache
from django.db.models import Case, Count, IntegerField, Max, Min, Q, QuerySet, Value, When, Window
from django.db.models.expressions import Combinable
from django.http import Http404
from django.utils import translation

from acollida.directory import opening
from acollida.directory.folding import fold
from acollida.directory.models import (
    District,
    Language,
    Schedule,
    Service,
    ServiceSearchText,
    TaxonomyTerm,
    Translatable,
    directory_languages,
)
from acollida.directory.services import LISTED_STATUSES, term_search_text, text_for

MAX_QUERY_WORDS = 8
OPEN_CHOICES = ("now", "today")
SORTS = ("relevance", "name")


# --- texts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A text to show in the reader's language, or in its source language when not translated."""

    text: str
    lang: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text


def text(obj: Translatable, field_name: str, lang: str) -> Text:
    value, used, _status = text_for(obj, field_name, lang)
    return Text(text=value, lang=used, is_fallback=bool(value) and used != lang)


# --- search -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchFilters:
    query: str = ""
    need: str = ""  # a taxonomy term code
    district: str = ""
    spoken: str = ""  # an ISO 639 code of a language the service is delivered in
    free: bool = False
    open: str = ""  # "", "now" or "today"
    sort: str = "relevance"

    @property
    def words(self) -> list[str]:
        return fold(self.query).split()[:MAX_QUERY_WORDS]

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.need or self.district or self.spoken or self.free or self.open)


# Rows are stored as " word word " (a space at each end), so " word" is a word beginning and
# " word " a whole word anywhere, the first word included; on PostgreSQL a trigram index serves
# these LIKEs.


@dataclass(frozen=True)
class _Term:
    code: str
    text: str  # folded names and keywords of every language, padded with spaces


_TERMS_MEMO: dict[tuple[Any, ...], list[_Term]] = {}


def _terms() -> list[_Term]:
    """The needs' folded words of every language. One small query per search (a dozen rows); the
    folding is kept in memory for as long as the terms are unchanged."""
    terms = list(TaxonomyTerm.objects.exclude(code=""))
    key = tuple((t.code, t.name, repr(t.keywords), repr(t.translations), t.source_language) for t in terms)
    found = _TERMS_MEMO.get(key)
    if found is None:
        languages = directory_languages()
        found = [_Term(code=t.code, text=term_search_text(t, languages)) for t in terms]
        _TERMS_MEMO.clear()
        _TERMS_MEMO[key] = found
    return found


def _codes_q(codes: Iterable[str]) -> Q | None:
    q: Q | None = None
    for code in sorted(codes):
        part = Q(term_codes__contains=f" {code} ")
        q = part if q is None else q | part
    return q


def _either(own: Q, codes: set[str]) -> Q:
    terms = _codes_q(codes)
    return own if terms is None else own | terms


def _matches(word: str, terms: list[_Term]) -> Q:
    """The word begins a word of the row, or of a need the service is tagged with."""
    return _either(Q(text__contains=f" {word}"), {t.code for t in terms if f" {word}" in t.text})


def _score(words: list[str], terms: list[_Term]) -> Combinable:
    """Whole words count double a word beginning; the whole phrase adds three."""
    parts: list[Combinable] = [
        Case(
            When(
                _either(Q(text__contains=f" {word} "), {t.code for t in terms if f" {word} " in t.text}),
                then=Value(2),
            ),
            default=Value(1),
            output_field=IntegerField(),
        )
        for word in words
    ]
    if len(words) > 1:
        phrase = f" {' '.join(words)} "
        parts.append(
            Case(
                When(
                    _either(Q(text__contains=phrase), {t.code for t in terms if phrase in t.text}),
                    then=Value(3),
                ),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


def _filtered_rows(filters: SearchFilters) -> Any:
    rows = ServiceSearchText.objects.filter(is_listed=True)
    if filters.need:
        rows = rows.filter(term_codes__contains=f" {filters.need} ")
    if filters.district:
        rows = rows.filter(districts__contains=f" {filters.district} ")
    if filters.spoken:
        rows = rows.filter(language_codes__contains=f" {filters.spoken.lower()} ")
    if filters.free:
        rows = rows.filter(is_free=True)
    return rows


class SearchResults:
    """Ranked service ids, read a page at a time: SQL ranks, counts and cuts (LIMIT/OFFSET); only
    the page's ids reach Python. ``Paginator`` takes it as it takes a list."""

    def __init__(self, ranked: Any, *, grouped: bool) -> None:
        self._ranked = ranked  # a values query: service_id first
        self._grouped = grouped
        self._count: int | None = None
        self._page: tuple[int, int, list[UUID]] | None = None

    def read_page(self, start: int, stop: int) -> None:
        """Read ``[start:stop]`` and the count in one statement (a window count), for the page the
        paginator is about to ask for; a page past the end leaves the count to ``count()``."""
        if self._grouped or start < 0 or stop <= start:
            return
        rows = list(self._ranked.annotate(total=Window(Count("service_id")))[start:stop])
        if rows:
            self._count = int(rows[0]["total"])
            self._page = (start, stop, [row["service_id"] for row in rows])

    def count(self) -> int:
        if self._count is None:
            self._count = (
                self._ranked.order_by().values("service_id").distinct().count()
                if self._grouped
                else (self._ranked.order_by().count())
            )
        return self._count

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> UUID: ...
    @overload
    def __getitem__(self, index: slice) -> list[UUID]: ...
    def __getitem__(self, index: int | slice) -> UUID | list[UUID]:
        if isinstance(index, int):
            return UUID(str(self._ranked[index]["service_id"]))
        page = self._page
        if page is not None and (index.start or 0) == page[0] and index.stop in (page[1], self._count):
            return list(page[2])
        return [row["service_id"] for row in self._ranked[index]]

    def __iter__(self) -> Iterator[UUID]:
        return iter(self.all())

    def all(self) -> list[UUID]:
        return self[:]


def _ranked(rows: Any, words: list[str], terms: list[_Term], sort: str, *, grouped: bool) -> Any:
    if not words:
        return rows.order_by("service__name", "service_id").values("service_id")
    if grouped:
        # Other languages' rows: a service may match in several; keep its best row.
        ranked = rows.values("service_id").annotate(
            score=Max(_score(words, terms)), name=Min("service__name")
        )
        order = ("name", "service_id") if sort == "name" else ("-score", "name", "service_id")
        return ranked.order_by(*order)
    ranked = rows.annotate(score=_score(words, terms))
    order = ("service__name", "service_id") if sort == "name" else ("-score", "service__name", "service_id")
    return ranked.order_by(*order).values("service_id")


def search_results(*, filters: SearchFilters, lang: str, now: datetime) -> SearchResults | list[UUID]:
    """The listed services matching ``filters``, best first, to read a page at a time.

    Every query word must begin a word of the service's own row in the page's language, or of the
    names and keywords (in any language) of a need the service is tagged with: that is what finds
    "abogado", "адвокат" or "محامي" in services described in another language. Only when the page's
    language's rows match nothing are the other languages' rows searched, for a person typing a
    service's own words in another language. "Open now/today" first keeps, in SQL, the services
    with a schedule row for today's weekday (or with none); ``opening`` decides on those."""
    rows = _filtered_rows(filters)
    words = filters.words
    terms = _terms() if words else []
    for word in words:
        rows = rows.filter(_matches(word, terms))
    if filters.open in OPEN_CHOICES:
        rows = rows.filter(service_id__in=_maybe_open_on(opening.city_moment(now).date()))
    own = rows.filter(language=lang)
    results = SearchResults(_ranked(own, words, terms, filters.sort, grouped=False), grouped=False)
    if words and not own.exists():
        others = rows.exclude(language=lang)
        results = SearchResults(_ranked(others, words, terms, filters.sort, grouped=True), grouped=True)
    if filters.open not in OPEN_CHOICES:
        return results
    ids = results.all()
    rules = rules_by_service(ids)
    if filters.open == "now":
        return [sid for sid in ids if opening.is_open_at(rules.get(sid, []), now)]
    today = opening.city_moment(now).date()
    return [sid for sid in ids if opening.is_open_on(rules.get(sid, []), today)]


def _maybe_open_on(day: date) -> Any:
    """Services with a schedule row that may open on ``day``'s weekday: rows naming it, and rows
    naming no weekday (monthly by day of the month, exceptions and holidays)."""
    weekday = opening.WEEKDAYS[day.weekday()]
    may = Q(byday__icontains=weekday) | Q(byday="") | Q(byday__isnull=True)
    own = Schedule.objects.filter(may, service_id__isnull=False).values("service_id")
    at_locations = Schedule.objects.filter(may, service_at_location__isnull=False).values(
        "service_at_location__service_id"
    )
    return Service.objects.filter(Q(pk__in=own) | Q(pk__in=at_locations)).values("pk")


def search_service_ids(*, filters: SearchFilters, lang: str, now: datetime) -> list[UUID]:
    """Every id ``search_results`` finds, best first (tests and exports; pages read one page)."""
    results = search_results(filters=filters, lang=lang, now=now)
    return results if isinstance(results, list) else results.all()


# --- opening hours ----------------------------------------------------------------------------

_RULE_FIELDS = (
    "freq",
    "byday",
    "bymonthday",
    "interval",
    "dtstart",
    "until",
    "valid_from",
    "valid_to",
    "opens_at",
    "closes_at",
)


def rule_of(schedule: Schedule) -> opening.Rule:
    values = {name: getattr(schedule, name) for name in _RULE_FIELDS}
    values["freq"] = values["freq"] or ""
    values["byday"] = values["byday"] or ""
    values["bymonthday"] = values["bymonthday"] or ""
    return opening.Rule(**values)


def rules_by_service(service_ids: Iterable[UUID] | QuerySet[Any]) -> dict[UUID, list[opening.Rule]]:
    """Each service's schedule rows (its own and those of its service-at-locations) as rules;
    ``service_ids`` a list, or a query of ids for a long one."""
    ids = service_ids if isinstance(service_ids, QuerySet) else list(service_ids)
    result: dict[UUID, list[opening.Rule]] = defaultdict(list)
    schedules = Schedule.objects.filter(
        Q(service_id__in=ids) | Q(service_at_location__service_id__in=ids)
    ).values("service_id", "service_at_location__service_id", *_RULE_FIELDS)
    for row in schedules:
        owner = row.pop("service_id") or row.pop("service_at_location__service_id")
        row.pop("service_at_location__service_id", None)
        for name in ("freq", "byday", "bymonthday"):
            row[name] = row[name] or ""
        result[owner].append(opening.Rule(**row))
    return dict(result)


# --- cards and pages --------------------------------------------------------------------------


@dataclass
class Card:
    """One service in a list of results."""

    id: UUID
    name: Text
    organization: Text
    summary: Text
    districts: list[str]
    is_free: bool
    is_temporarily_closed: bool
    open_now: bool
    today: opening.DayHours


def _summary(value: Text, limit: int = 160) -> Text:
    first = value.text.split("\n", 1)[0].strip()
    if len(first) > limit:
        first = first[: limit - 1].rsplit(" ", 1)[0] + "…"
    return Text(text=first, lang=value.lang, is_fallback=value.is_fallback)


def service_cards(service_ids: list[UUID], *, lang: str, now: datetime) -> list[Card]:
    """The cards of ``service_ids``, in that order."""
    services = {
        service.pk: service
        for service in Service.objects.filter(pk__in=service_ids)
        .select_related("organization")
        .prefetch_related("service_at_locations__location")
    }
    rules = rules_by_service(service_ids)
    today = opening.city_moment(now).date()
    cards = []
    for sid in service_ids:
        service = services.get(sid)
        if service is None:
            continue
        service_rules = rules.get(sid, [])
        districts = sorted(
            {
                sal.location.get_district_display()
                for sal in service.service_at_locations.all()
                if sal.location.district
            }
        )
        cards.append(
            Card(
                id=service.pk,
                name=text(service, "name", lang),
                organization=text(service.organization, "name", lang),
                summary=_summary(text(service, "description", lang)),
                districts=districts,
                is_free=service.is_free,
                is_temporarily_closed=service.status == "temporarily closed",
                open_now=opening.is_open_at(service_rules, now),
                today=opening.hours_on(service_rules, today),
            )
        )
    return cards


def service_public_get(service_id: UUID) -> Service:
    """A listed service with everything its page shows, or 404 (inactive and defunct ones too)."""
    qs = (
        Service.objects.filter(status__in=LISTED_STATUSES)
        .select_related("organization", "program")
        .prefetch_related(
            "schedules",
            "required_documents",
            "cost_options",
            "capacities__unit",
            "phones",
            "contacts",
            "languages",
            "additional_urls",
            "attributes__taxonomy_term",
            "service_at_locations__schedules",
            "service_at_locations__location__addresses",
            "service_at_locations__location__accessibility",
            "service_at_locations__location__phones",
        )
    )
    service = qs.filter(pk=service_id).first()
    if service is None:
        raise Http404
    return service


@dataclass
class Place:
    name: Text
    address: str
    district: str
    transportation: Text
    accessibility: list[Text]
    latitude: float | None
    longitude: float | None


@dataclass
class ServicePage:
    service: Service
    texts: dict[str, Text]
    organization: Text
    places: list[Place]
    week: list[opening.DayHours]
    open_now: bool
    next_opening: datetime | None
    notes: list[Text]
    phones: list[tuple[str, Text]]
    emails: list[str]
    languages: list[str]
    documents: list[Text]
    costs: list[Text]
    capacities: list[tuple[int, int | None, Text]]
    needs: list[Text]
    has_fallback: bool = field(default=False)


def language_name(code: str) -> str:
    """A language's name in the reader's language (the code itself when Django does not know it)."""
    try:
        info = translation.get_language_info(code)
    except KeyError:
        return code
    return str(info.get("name_translated") or info.get("name") or code)


def service_page(service: Service, *, lang: str, now: datetime) -> ServicePage:
    """What a service's public page and printable sheet show, in ``lang``."""
    texts = {name: text(service, name, lang) for name in service.TRANSLATABLE_FIELDS}
    schedules = list(service.schedules.all())
    places = []
    for sal in service.service_at_locations.all():
        location = sal.location
        schedules += list(sal.schedules.all())
        places.append(
            Place(
                name=text(location, "name", lang),
                address="; ".join(str(address) for address in location.addresses.all()),
                district=location.get_district_display() if location.district else "",
                transportation=text(location, "transportation", lang),
                accessibility=[
                    text(item, "description", lang)
                    for item in location.accessibility.all()
                    if item.description
                ],
                latitude=location.latitude,
                longitude=location.longitude,
            )
        )
    rules = [rule_of(schedule) for schedule in schedules]
    today = opening.city_moment(now).date()
    notes = [text(schedule, "description", lang) for schedule in schedules if schedule.description] + [
        text(schedule, "notes", lang) for schedule in schedules if schedule.notes
    ]
    page = ServicePage(
        service=service,
        texts=texts,
        organization=text(service.organization, "name", lang),
        places=places,
        week=opening.week_from(rules, today),
        open_now=opening.is_open_at(rules, now),
        next_opening=opening.next_opening(rules, now),
        notes=notes,
        phones=[(phone.number, text(phone, "description", lang)) for phone in service.phones.all()],
        emails=[email for email in [service.email, *[c.email for c in service.contacts.all()]] if email],
        languages=[language_name(item.code) if item.code else item.name for item in service.languages.all()],
        documents=[text(item, "document", lang) for item in service.required_documents.all()],
        costs=[
            text(item, "option", lang) if item.option else text(item, "amount_description", lang)
            for item in service.cost_options.all()
            if item.option or item.amount_description
        ],
        capacities=[
            (item.available, item.maximum, text(item.unit, "name", lang)) for item in service.capacities.all()
        ],
        needs=[text(attribute.taxonomy_term, "name", lang) for attribute in service.attributes.all()],
    )
    shown: list[Text] = [*texts.values(), page.organization, *page.documents, *page.costs, *page.notes]
    page.has_fallback = any(item.is_fallback for item in shown)
    return page


# --- choices ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Need:
    code: str
    name: Text
    description: Text


def needs(lang: str) -> list[Need]:
    """The top-level needs of the taxonomy, in the order they are seeded."""
    terms = TaxonomyTerm.objects.filter(parent__isnull=True).exclude(code="").order_by("position", "name")
    return [
        Need(code=term.code, name=text(term, "name", lang), description=text(term, "description", lang))
        for term in terms
    ]


def need_codes() -> set[str]:
    return set(TaxonomyTerm.objects.exclude(code="").values_list("code", flat=True))


def district_choices() -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in District.choices]


SPOKEN_CODES_CACHE_KEY = "directory:spoken-language-codes"
SPOKEN_CODES_SECONDS = 300


def _spoken_codes() -> list[str]:
    codes = (
        Language.objects.filter(service__status__in=LISTED_STATUSES)
        .exclude(code="")
        .values_list("code", flat=True)
        .distinct()
    )
    return sorted({code.lower() for code in codes})


def spoken_language_choices() -> list[tuple[str, str]]:
    """The languages some listed service is delivered in, named in the reader's language. The codes
    are kept for a few minutes: finding them scans every service's languages."""
    codes = cache.get_or_set(SPOKEN_CODES_CACHE_KEY, _spoken_codes, SPOKEN_CODES_SECONDS) or []
    return sorted(((code, language_name(code)) for code in codes), key=lambda choice: choice[1])


def city_today(now: datetime) -> date:
    return opening.city_moment(now).date()
