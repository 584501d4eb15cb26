"""Reads of people records: the search every registration starts with, and person lookups."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Count
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from acollida.core import policy
from acollida.people.keys import TRIGRAM_PREFIX, name_keys, phone_digits, trigram_text, year_keys
from acollida.people.linkage import (
    UNSEEN_FREQUENCY,
    Explanation,
    Model,
    PartialDate,
    Record,
    default_model,
    prepare,
)
from acollida.people.models import DatePrecision, Person, PersonKey
from acollida.people.services import document_hash, phone_hash

_YEAR = re.compile(r"^(19|20)\d{2}$")
_FULL_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$|^(\d{4})-(\d{2})-(\d{2})$")
MAX_CANDIDATES = 60

REASONS: dict[tuple[str, str], Promise] = {
    ("document", "same"): _("same identity document"),
    ("phone", "same"): _("same phone"),
    ("name", "exact"): _("same name"),
    ("name", "skeleton"): _("name sounds the same (another spelling or script)"),
    ("name", "fuzzy"): _("similar name"),
    ("name", "partial"): _("one name in common"),
    ("date", "exact"): _("same date of birth"),
    ("date", "month"): _("same month and year of birth"),
    ("date", "day_typo"): _("date of birth one typo apart"),
    ("date", "year"): _("same birth year"),
    ("date", "near"): _("birth year one apart"),
    ("nationality", "same"): _("same nationality"),
}


@dataclass
class Query:
    names: list[str]
    birth: PartialDate | None
    identifiers: list[str]

    @property
    def is_empty(self) -> bool:
        return not (self.names or self.birth or self.identifiers)


def parse_query(text: str) -> Query:
    """Split what a caseworker typed into name words, a birth year or date, and numbers."""
    names: list[str] = []
    identifiers: list[str] = []
    birth: PartialDate | None = None
    words = text.replace(",", " ").split()
    # A number typed in groups ("X 1234 567 B", "600 11 22 33") is one identifier.
    run: list[str] = []
    for word in [*words, ""]:
        if word and any(ch.isdigit() for ch in word) and not _YEAR.match(word) and not _FULL_DATE.match(word):
            run.append(word)
            continue
        joined = "".join(run)
        if len(run) > 1 and sum(ch.isdigit() for ch in joined) >= 5:
            identifiers.append(joined)
        run = []
    for word in words:
        full = _FULL_DATE.match(word)
        if full and birth is None:
            day, month, year = (full.group(1), full.group(2), full.group(3)) if full.group(3) else (
                full.group(6), full.group(5), full.group(4))  # fmt: skip
            try:
                date(int(year), int(month), int(day))
            except ValueError:
                identifiers.append(word)
            else:
                birth = PartialDate(int(year), int(month), int(day))
        elif _YEAR.match(word) and birth is None:
            birth = PartialDate(int(word))
        elif sum(ch.isdigit() for ch in word) >= 5:
            identifiers.append(word)
        else:
            names.append(word)
    return Query(names=names, birth=birth, identifiers=identifiers)


def query_keys(query: Query, *, broad: bool = False) -> set[str]:
    """Selective keys first: name-word pairs, a name word with the year, numbers. ``broad`` adds
    every single name word, for a second pass when the selective keys find too few."""
    keys: set[str] = set()
    name = " ".join(query.names)
    if name:
        # Stored keys come from each name field separately (given, family, aliases), so the
        # query also offers each word and each pair of adjacent words as a name of its own:
        # "Mohammed al-Hassan" then meets "Alhassan", "Ahmed Abu Sqalli" meets "Abusqalli".
        pieces = [name, *query.names]
        pieces += [f"{a} {b}" for a, b in zip(query.names, query.names[1:], strict=False)]
        words = name_keys(pieces)
        pairs = {key for key in words if key.startswith("n:")}
        if broad or not pairs:
            keys |= pairs | _rare_words({key for key in words if key.startswith("s:")})
        else:
            keys |= pairs
        if query.birth:
            keys |= year_keys([name], [query.birth.year])
    for identifier in query.identifiers:
        keys.add(f"d:{document_hash(identifier)}")
        if phone_digits(identifier):
            keys.add(f"p:{phone_hash(identifier)}")
    return keys


def _partial_date(person: Person) -> PartialDate | None:
    dob = person.date_of_birth
    if dob is None:
        return None
    if person.date_of_birth_precision in {DatePrecision.YEAR, DatePrecision.ESTIMATED}:
        return PartialDate(dob.year)
    if person.date_of_birth_precision == DatePrecision.MONTH:
        return PartialDate(dob.year, dob.month)
    return PartialDate(dob.year, dob.month, dob.day)


def person_record(person: Person, names: list[str] | None = None) -> Record:
    return Record(
        id=str(person.pk),
        given_name=" ".join(names) if names else person.given_name,
        family_name="" if names else person.family_name,
        date_of_birth=_partial_date(person),
        sex="" if person.sex == "U" else person.sex,
        nationality=next((n.country for n in person.nationalities.all()), ""),
        phone=person.phone,
        address=person.address,
    )


@dataclass
class Candidate:
    person: Person
    visible: bool
    weight: float
    reasons: list[Promise]
    explanation: Explanation

    @property
    def initials(self) -> str:
        parts = [self.person.given_name, self.person.family_name]
        return " ".join(f"{part[0]}." for part in parts if part) or "—"


def _query_records(query: Query) -> list[Record]:
    """The query as records: all words as one name, and split where a family name may begin
    (after the first word, before the last): what was typed does not say which is which."""
    words = query.names
    splits = sorted({1, len(words) - 1} & set(range(1, len(words))))
    shapes = [(" ".join(words), "")] + [(" ".join(words[:k]), " ".join(words[k:])) for k in splits]
    document = query.identifiers[0] if query.identifiers else ""
    return [
        Record(id="query", given_name=g, family_name=f, date_of_birth=query.birth, document_number=document)
        for g, f in shapes
    ]


def _best_explanation(model: Model, query: Query, person: Person, matched_keys: set[str]) -> Explanation:
    """Compare the query, however it splits into given and family names, with each of the
    person's names (as recorded, in their own script, aliases); keep the strongest evidence."""
    queries = [prepare(record) for record in _query_records(query)]
    variants = [person_record(person)]
    variants += [
        person_record(person, [other])
        for other in [person.native_name, *(n.name for n in person.names.all())]
        if other
    ]
    best: Explanation | None = None
    for variant in variants:
        prepared_person = prepare(variant)
        for prepared_query in queries:
            explanation = model.explain(prepared_query, prepared_person)
            if best is None or explanation.total > best.total:
                best = explanation
    assert best is not None
    if any(key.startswith("d:") for key in matched_keys):
        best.levels["document"] = "same"
        best.total += 20
    if any(key.startswith("p:") for key in matched_keys):
        best.levels["phone"] = "same"
        best.total += 10
    return best


KEY_ROWS_LIMIT = 20_000


COMMON_WORD = 0.01  # a name word one person in a hundred has


def _rare_words(keys: set[str]) -> set[str]:
    """Single-word keys worth a lookup: the rare ones, or the rarest when every word is common
    (a lookup of "Mohammed" alone in a million people would only fill the row cap at random)."""
    frequency = default_model().skeleton_frequency
    rare = {key for key in keys if frequency.get(key[2:], UNSEEN_FREQUENCY) <= COMMON_WORD}
    if rare or not keys:
        return rare
    return {min(keys, key=lambda key: frequency.get(key[2:], UNSEEN_FREQUENCY))}


def key_weight(key: str) -> float:
    """How much sharing a key says: a document or phone a lot, a rare name word more than a common
    one (the shipped model's word frequencies), a year on top of a word a little more."""
    kind, _sep, rest = key.partition(":")
    if kind == "d":
        return 20.0
    if kind == "p":
        return 10.0
    frequency = default_model().skeleton_frequency
    parts = rest.split(":")
    if kind == "y":
        parts = parts[:1]
    rarity = sum(-math.log10(frequency.get(part, UNSEEN_FREQUENCY)) for part in parts)
    return rarity + (1.0 if kind == "y" else 0.0)


def _affordable(keys: set[str]) -> list[str]:
    """The keys to read, rarest first, while their rows fit in ``KEY_ROWS_LIMIT``: a key shared by
    tens of thousands (a common name pair in a million people) would only fill the cap with rows
    read in no useful order and crowd out the rare keys that find the person. One grouped count on
    the key index decides."""
    counts = dict(
        PersonKey.objects.filter(key__in=keys)
        .values_list("key")
        .annotate(rows=Count("pk"))
        .values_list("key", "rows")
    )
    chosen: list[str] = []
    total = 0
    for key in sorted(counts, key=lambda k: (counts[k], k)):
        if chosen and total + counts[key] > KEY_ROWS_LIMIT:
            break
        chosen.append(key)
        total += counts[key]
    return chosen


def _hits(
    user: Any, keys: set[str], neighbours: list[int]
) -> tuple[dict[int, int], dict[int, set[str]], dict[int, str]]:
    """The persons sharing the most telling keys (plus the trigram ``neighbours``) that the user
    may see in a search: their hit counts, which keys matched, and whether each is open to the
    user in full or redacted."""
    matched: dict[int, set[str]] = defaultdict(set)
    for person_id, key in PersonKey.objects.filter(key__in=_affordable(keys)).values_list("person_id", "key"):
        matched[person_id].add(key)
    # Rank by how many keys are shared, then by what they say: among persons sharing one key,
    # "Benali" with the year outranks "Khaled" with the year (a rare word is not crowded out).
    weight = {key: key_weight(key) for key in keys}
    weight[TRIGRAM_PREFIX] = TRIGRAM_WEIGHT
    for person_id in neighbours:
        matched[person_id].add(TRIGRAM_PREFIX)
    ranked = sorted(matched, key=lambda pk: (-len(matched[pk]), -sum(weight[k] for k in matched[pk]), pk))
    ranked = ranked[: MAX_CANDIDATES * 3]
    ranked += [pk for pk in dict.fromkeys(neighbours) if pk not in set(ranked)]
    access = policy.person_access(user, Person.objects.active().filter(pk__in=ranked))
    kept = [pk for pk in ranked if pk in access][: MAX_CANDIDATES + len(neighbours)]
    return {pk: len(matched[pk]) for pk in kept}, matched, access


TRIGRAM_NEIGHBOURS = 20
TRIGRAM_WEIGHT = 1.0  # a near spelling of the whole name: weaker than any shared key


def _trigram_neighbours(text: str, limit: int = TRIGRAM_NEIGHBOURS) -> list[int]:
    """On PostgreSQL, the persons whose whole name is nearest to what was typed by trigram
    distance (``pg_trgm``, a GiST index on the ``t:`` keys): the spellings with a typo in every
    word that no exact key meets. Elsewhere, nothing: the keys alone serve."""
    if connection.vendor != "postgresql" or not text:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT person_id FROM people_personkey WHERE key LIKE 't:%%' "
            "ORDER BY substr(key, 3) <-> %s LIMIT %s",
            [text, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def person_search(*, user: Any, text: str, limit: int = 10, model: Model | None = None) -> list[Candidate]:
    """Ranked candidates for what was typed, with why each matches; people held by other
    organisations come back redacted (``visible=False``), protected people only to named staff."""
    query = parse_query(text)
    if query.is_empty:
        return []
    if not policy.can(user, policy.Perm.VIEW_PERSONS):
        return []
    neighbours = _trigram_neighbours(trigram_text(" ".join(query.names)))
    hit_count, matched, access = _hits(user, query_keys(query), neighbours)
    if len(hit_count) < limit:
        hit_count, matched, access = _hits(user, query_keys(query, broad=True), neighbours)
    if not hit_count:
        return []
    persons = (
        Person.objects.filter(pk__in=hit_count)
        .select_related("organisation")
        .prefetch_related("names", "nationalities")
    )
    model = model or default_model()
    candidates = []
    for person in persons:
        explanation = _best_explanation(model, query, person, matched.get(person.pk, set()))
        reasons = [REASONS[(c, lvl)] for c, lvl in explanation.levels.items() if (c, lvl) in REASONS]
        candidates.append(
            Candidate(
                person=person,
                visible=access.get(person.pk) == "full",
                weight=explanation.total + hit_count[person.pk] * 0.01,
                reasons=reasons,
                explanation=explanation,
            )
        )
    candidates.sort(key=lambda c: (-c.weight, c.person.pk))
    return [c for c in candidates if c.reasons][:limit]


def person_get_for_user(*, user: Any, person_id: int) -> Person | None:
    return Person.objects.visible_to(user).filter(pk=person_id).first()
