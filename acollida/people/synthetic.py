"""A clearly fictitious population for the demo and the benchmarks (no Django imports).

Naming patterns from the communities the entry point serves (Arabic, Persian, Ukrainian, Russian,
Latin American, West African, South Asian, Romanian, Chinese), and the ways one person's records
drift apart: transliteration variants, typos, swapped name order, year-only or estimated birth
dates, a new document, a missing phone. Every duplicate knows its original (``cluster``), so
search recall and duplicate precision/recall can be measured.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, replace
from pathlib import Path

_DATA = json.loads((Path(__file__).parent / "synthetic_names.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Culture:
    """Name variants (each inner list: one name's spellings), nationalities and phone prefix."""

    given_m: list[list[str]]
    given_f: list[list[str]]
    family: list[list[str]]
    nationalities: list[str]
    phone: str


CULTURES: dict[str, Culture] = {name: Culture(**spec) for name, spec in _DATA["cultures"].items()}
CULTURE_WEIGHTS: dict[str, float] = _DATA["weights"]
STREETS: list[str] = _DATA["streets"]
SURNAME_PARTS: dict[str, dict[str, list[str]]] = _DATA["surname_parts"]
CHINESE_SYLLABLES: list[str] = _DATA["given_syllables_chinese"]

# Spellings that drift between records of one person, by culture: (from, to) replacements.
_VARIANT_RULES: dict[str, list[tuple[str, str]]] = {
    "ukrainian": [("yk", "ik"), ("iy", "ii"), ("kh", "h"), ("ch", "tch"), ("ts", "tz")],
    "russian": [("ev", "yev"), ("kh", "h"), ("sky", "ski")],
    "arabic": [("ou", "u"), ("a", "e"), ("q", "k"), ("El ", "El"), ("Al ", "Al-"), ("Ben ", "Ben")],
    "persian": [("i", "y"), ("ou", "u"), ("zadeh", "zade"), ("gh", "q")],
    "west_african": [("ou", "u"), ("e", "é"), ("c", "k")],
    "south_asian": [("u", "oo"), ("ee", "i"), ("dh", "d")],
    "romanian": [("ș", "s"), ("ă", "a"), ("ț", "t")],
    "latin_american": [("á", "a"), ("é", "e"), ("í", "i"), ("ó", "o"), ("ú", "u"), ("ñ", "n")],
    "chinese": [("x", "hs"), ("zh", "ch"), ("q", "ch")],
}


def _spellings(name: str, culture: str, rng: random.Random) -> list[str]:
    """A name and one or two of its plausible other spellings."""
    variants = [name]
    for source, target in rng.sample(_VARIANT_RULES[culture], k=min(2, len(_VARIANT_RULES[culture]))):
        if source in name:
            variants.append(name.replace(source, target, 1))
    return list(dict.fromkeys(variants))


def _zipf(rng: random.Random, options: list[list[str]], exponent: float = 0.9) -> list[str]:
    weights = [1 / (rank + 1) ** exponent for rank in range(len(options))]
    return rng.choices(options, weights=weights)[0]


def _surname_pool(culture: str, rng: random.Random) -> list[list[str]]:
    """Curated common surnames first, then a long tail built from roots, prefixes and suffixes."""
    parts = SURNAME_PARTS[culture]
    tail = [
        _spellings(f"{prefix}{root}{suffix}", culture, rng)
        for root in parts["roots"]
        for suffix in parts["suffixes"]
        for prefix in dict.fromkeys(parts["prefixes"])
    ]
    rng.shuffle(tail)
    return CULTURES[culture].family + tail


DISTRICTS: list[str] = _DATA["districts"]


@dataclass(frozen=True)
class Person:
    """One synthetic record. ``cluster`` is the id of the original person it describes."""

    id: str
    cluster: str
    given_name: str
    family_name: str
    date_of_birth: str  # YYYY-MM-DD, YYYY-MM, YYYY or ""
    sex: str  # "F", "M", ""
    nationality: str
    document_number: str
    phone: str
    address: str
    culture: str


def _pick(rng: random.Random, variants: list[str]) -> str:
    return rng.choice(variants)


def _document(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.45:
        return f"{rng.choice('XYZ')}{rng.randrange(10_000_000):07d}{rng.choice('TRWAGMYFPDXBNJZSQVHLCKE')}"
    if kind < 0.8:
        letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
        return f"{rng.choice(letters)}{rng.choice(letters)}{rng.randrange(10**7):07d}"
    return ""


def _original(
    rng: random.Random, index: int, surnames: dict[str, list[list[str]]]
) -> tuple[Person, dict[str, list[str]]]:
    culture = rng.choices(list(CULTURE_WEIGHTS), weights=list(CULTURE_WEIGHTS.values()))[0]
    spec = CULTURES[culture]
    sex = rng.choice("FM")
    given_variants = _zipf(rng, spec.given_f if sex == "F" else spec.given_m, exponent=0.6)
    if culture == "chinese" and rng.random() < 0.6:
        given_variants = [rng.choice(CHINESE_SYLLABLES) + rng.choice(CHINESE_SYLLABLES).lower()]
    family_variants = _zipf(rng, surnames[culture])
    if culture in {"arabic", "persian", "west_african", "south_asian"} and rng.random() < 0.5:
        father = rng.choice(spec.given_m)
        given_variants = [f"{g} {father[0]}" for g in given_variants]  # ism + father's name
    if culture in {"latin_american"} and rng.random() < 0.7:
        second = _zipf(rng, surnames[culture])
        family_variants = [f"{a} {second[0]}" for a in family_variants]
    year = rng.randint(1950, 2008)
    precision = rng.random()
    if precision < 0.7:
        dob = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    elif precision < 0.8:
        dob = f"{year}-{rng.randint(1, 12):02d}"
    elif precision < 0.97:
        dob = f"{year}"
    else:
        dob = ""
    person = Person(
        id=f"P{index:07d}",
        cluster=f"P{index:07d}",
        given_name=given_variants[0],
        family_name=family_variants[0],
        date_of_birth=dob,
        sex=sex if rng.random() < 0.97 else "",
        nationality=rng.choice(spec.nationalities),
        document_number=_document(rng),
        phone=f"{spec.phone}{rng.randrange(10**8):08d}" if rng.random() < 0.85 else "",
        address=f"{rng.choice(STREETS)}, {rng.randint(1, 150)}, {rng.choice(DISTRICTS)}",
        culture=culture,
    )
    return person, {"given": given_variants, "family": family_variants}


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    action = rng.random()
    if action < 0.35:
        return text[:i] + text[i + 1 :]  # deletion
    if action < 0.7:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]  # transposition
    return text[:i] + text[i] + text[i:]  # doubled letter


def _drift(rng: random.Random, person: Person, variants: dict[str, list[str]], new_id: str) -> Person:
    """Another record of the same person, as another office or NGO might have typed it."""
    given = _pick(rng, variants["given"])
    family = _pick(rng, variants["family"])
    if rng.random() < 0.25:
        given = _typo(rng, given)
    if rng.random() < 0.15:
        family = _typo(rng, family)
    if rng.random() < 0.1:
        given, family = family, given  # swapped order
    dob = person.date_of_birth
    roll = rng.random()
    if dob and roll < 0.2:
        dob = dob[:4]  # only the year was known this time
    elif dob and roll < 0.27 and len(dob) == 10:
        dob = f"{dob[:8]}{int(dob[8:]) % 28 + 1:02d}"  # a day mistyped
    elif dob and roll < 0.3:
        dob = str(int(dob[:4]) + rng.choice([-1, 1]))  # an estimated year
    document = person.document_number
    roll = rng.random()
    if roll < 0.3:
        document = ""
    elif roll < 0.45:
        document = _document(rng)  # a new document (NIE after a passport, say)
    phone = person.phone if rng.random() < 0.6 else ""
    address = person.address
    roll = rng.random()
    if roll < 0.25:
        address = f"{rng.choice(STREETS)}, {rng.randint(1, 150)}, {rng.choice(DISTRICTS)}"  # moved
    elif roll < 0.35:
        address = ""
    if " " in given and rng.random() < 0.2:
        given = given.split(" ")[0]  # the father's name left out this time
    return replace(
        person,
        id=new_id,
        given_name=given,
        family_name=family,
        date_of_birth=dob,
        document_number=document,
        phone=phone,
        address=address,
        sex=person.sex if rng.random() < 0.97 else "",
    )


def population(size: int, *, duplicate_rate: float = 0.1, seed: int = 2018) -> list[Person]:
    """``size`` records of which about ``duplicate_rate`` are further records of earlier people."""
    rng = random.Random(seed)  # noqa: S311 (reproducible fictitious data, not security)
    surnames = {culture: _surname_pool(culture, rng) for culture in CULTURES}
    people: list[Person] = []
    originals: list[tuple[Person, dict[str, list[str]]]] = []
    for index in range(size):
        if originals and rng.random() < duplicate_rate:
            base, variants = rng.choice(originals)
            people.append(_drift(rng, base, variants, f"D{index:07d}"))
        else:
            person, variants = _original(rng, index, surnames)
            originals.append((person, variants))
            people.append(person)
    return people


def true_pairs(people: list[Person]) -> set[tuple[str, str]]:
    """Every pair of records of one person, as sorted id tuples."""
    clusters: dict[str, list[str]] = {}
    for person in people:
        clusters.setdefault(person.cluster, []).append(person.id)
    pairs: set[tuple[str, str]] = set()
    for ids in clusters.values():
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                pairs.add((min(a, b), max(a, b)))
    return pairs
