"""Search keys of a person and of a query (no Django imports).

Keys are plain strings compared for equality, so one index serves SQLite and PostgreSQL:

``s:<skeleton>``        one name word, any spelling or script
``n:<sk1>:<sk2>``       two name words together (selective even for common names)
``y:<skeleton>:<year>`` a name word with the birth year (year-only dates also file under ±1)
``d:<hash>``            an identity document number (keyed hash)
``p:<hash>``            a phone number (keyed hash of its last nine digits)
``t:<sk1> <sk2> …``     a whole name as word skeletons, for trigram nearest-neighbour search on
                        PostgreSQL (``pg_trgm``); on SQLite it is stored but never looked up
"""

from __future__ import annotations

from collections.abc import Iterable

from acollida.people.names import compact_skeleton, name_skeletons


def name_keys(names: Iterable[str]) -> set[str]:
    skeletons: set[str] = set()
    for name in names:
        if name:
            skeletons.update(name_skeletons(name))
            compact = compact_skeleton(name)
            if compact:
                skeletons.add(compact)
    keys = {f"s:{sk}" for sk in skeletons}
    ordered = sorted(skeletons)
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            keys.add(f"n:{first}:{second}")
    return keys


def year_keys(names: Iterable[str], years: Iterable[int]) -> set[str]:
    skeletons: set[str] = set()
    for name in names:
        if name:
            skeletons.update(name_skeletons(name))
    return {f"y:{sk}:{year}" for sk in skeletons for year in years}


def phone_digits(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits[-9:] if len(digits) >= 6 else ""


TRIGRAM_PREFIX = "t:"
KEY_LENGTH = 80


def trigram_text(name: str) -> str:
    """A name as its word skeletons in the order written: what trigram search compares. Word
    skeletons fold transliterations (Mohammed / Muhammad), trigrams then forgive a typo."""
    return " ".join(name_skeletons(name))[: KEY_LENGTH - len(TRIGRAM_PREFIX)].strip()


def trigram_keys(full_names: Iterable[str]) -> set[str]:
    """One ``t:`` key per whole name (given and family together, the name in its own script, each
    alias)."""
    texts = {trigram_text(name) for name in full_names if name}
    return {f"{TRIGRAM_PREFIX}{text}" for text in texts if text}
