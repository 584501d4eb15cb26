"""Record linkage: candidate pairs and an explained match score (no Django imports).

A Fellegi–Sunter model, the standard that Splink and most national statistics offices use:
each comparison (name, birth date, document, phone, sex, nationality) falls into a level;
each level has an *m* probability (how often true matches fall there) and a *u* probability
(how often two different people do). The match weight is ``log2(prior) + Σ log2(m/u)``.

* *u* is estimated from random pairs of the population being scanned, as Splink does;
  *m* comes from ``M_PROBABILITIES`` (what field workers see: new documents, year-only dates).
* Names get a term-frequency adjustment: sharing a common name ("Mohammed") is weak evidence,
  sharing a rare one is strong — *u* is the chance that two random people share those words.
* Dates keep their precision: a year-only date (recorded as 1 January) only ever agrees at the
  "same year" level, never as an exact date.

The engine never merges anything: it labels pairs ``match`` or ``possible`` for people to review.
"""

from __future__ import annotations

import json
import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jellyfish import jaro_winkler_similarity

from acollida.people.names import compact_skeleton, fold, name_skeletons, tokens

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    """A birth date known to the day, the month or only the year."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate | None:
        """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; blank gives ``None``; anything else ``ValueError``."""
        text = text.strip()
        if not text:
            return None
        found = _DATE.match(text)
        if not found:
            raise ValueError(text)
        year, month, day = (int(part) if part else None for part in found.groups())
        assert year is not None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(text)
        if day is not None and not 1 <= day <= 31:
            raise ValueError(text)
        return cls(year, month, day)


@dataclass(frozen=True)
class Record:
    """What the engine needs of a person; every field but ``id`` may be empty."""

    id: str
    given_name: str = ""
    family_name: str = ""
    date_of_birth: PartialDate | None = None
    sex: str = ""
    nationality: str = ""
    document_number: str = ""
    phone: str = ""
    address: str = ""


@dataclass
class Prepared:
    record: Record
    folded: tuple[str, ...]
    skeletons: tuple[str, ...]
    given_skeletons: tuple[str, ...]
    family_skeletons: tuple[str, ...]
    compact: tuple[str, ...]
    skeleton_set: frozenset[str]
    compact_set: frozenset[str]
    document: str
    phone: str
    address: str
    street: str


def _digits(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits[-9:] if len(digits) >= 6 else ""


def _document(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def prepare(record: Record) -> Prepared:
    full = f"{record.given_name} {record.family_name}"
    address = fold(record.address)
    skeletons = tuple(sorted(set(name_skeletons(full))))
    compact = tuple(
        sorted(k for k in (compact_skeleton(record.given_name), compact_skeleton(record.family_name)) if k)
    )
    return Prepared(
        record=record,
        folded=tuple(sorted(tokens(full))),
        skeletons=skeletons,
        skeleton_set=frozenset(skeletons),
        compact_set=frozenset(compact),
        given_skeletons=tuple(sorted(set(name_skeletons(record.given_name)))),
        family_skeletons=tuple(sorted(set(name_skeletons(record.family_name)))),
        compact=compact,
        document=_document(record.document_number),
        phone=_digits(record.phone),
        address=address,
        street=" ".join(w for w in address.split() if not w.isdigit()),
    )


# --- Comparison levels -----------------------------------------------------------------------

NAME_LEVELS = ("exact", "skeleton", "fuzzy", "partial", "different")
DATE_LEVELS = ("exact", "month", "day_typo", "year", "near", "missing", "different")
DOC_LEVELS = ("same", "missing", "different")
PHONE_LEVELS = ("same", "missing", "different")
SEX_LEVELS = ("same", "missing", "different")
NAT_LEVELS = ("same", "missing", "different")
ADDRESS_LEVELS = ("same", "street", "missing", "different")

M_PROBABILITIES: dict[str, dict[str, float]] = {
    "name": {"exact": 0.45, "skeleton": 0.30, "fuzzy": 0.17, "partial": 0.06, "different": 0.02},
    "date": {"exact": 0.52, "month": 0.04, "day_typo": 0.05, "year": 0.22, "near": 0.04, "missing": 0.11,
             "different": 0.02},
    "document": {"same": 0.45, "missing": 0.42, "different": 0.13},
    "phone": {"same": 0.45, "missing": 0.50, "different": 0.05},
    "sex": {"same": 0.94, "missing": 0.05, "different": 0.01},
    "nationality": {"same": 0.97, "missing": 0.02, "different": 0.01},
    "address": {"same": 0.55, "street": 0.05, "missing": 0.10, "different": 0.30},
}  # fmt: skip

# Levels that say nothing either way (one side unknown) carry no weight.
NEUTRAL = {("date", "missing"), ("document", "missing"), ("phone", "missing"), ("sex", "missing"),
           ("nationality", "missing"), ("address", "missing")}  # fmt: skip


def _fuzzy_tokens(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return all(any(jaro_winkler_similarity(s, t) >= 0.88 for t in long) for s in short)


def compare_names(a: Prepared, b: Prepared) -> str:
    if not a.folded or not b.folded:
        return "different"
    if a.folded == b.folded:
        return "exact"
    if (a.skeletons and a.skeletons == b.skeletons) or (a.compact and a.compact == b.compact):
        return "skeleton"
    if _fuzzy_tokens(a.folded, b.folded):
        return "fuzzy"
    if a.skeleton_set & b.skeleton_set or a.compact_set & b.compact_set:
        return "partial"
    return "different"


def compare_dates(a: PartialDate | None, b: PartialDate | None) -> str:
    if a is None or b is None:
        return "missing"
    if a.year == b.year:
        if a.month is None or b.month is None:
            return "year"
        if a.month == b.month:
            if a.day is None or b.day is None:
                return "month"
            return "exact" if a.day == b.day else "day_typo"
        if a.day is not None and a.day == b.month and a.month == b.day:
            return "day_typo"  # day and month swapped
        return "day_typo" if a.day is not None and a.day == b.day else "different"
    if abs(a.year - b.year) == 1 and (a.month is None or b.month is None):
        return "near"
    return "different"


def _same_missing_different(a: str, b: str) -> str:
    if not a or not b:
        return "missing"
    return "same" if a == b else "different"


def compare(a: Prepared, b: Prepared) -> dict[str, str]:
    return {
        "name": compare_names(a, b),
        "date": compare_dates(a.record.date_of_birth, b.record.date_of_birth),
        "document": _same_missing_different(a.document, b.document),
        "phone": _same_missing_different(a.phone, b.phone),
        "sex": _same_missing_different(a.record.sex.upper()[:1], b.record.sex.upper()[:1]),
        "nationality": _same_missing_different(a.record.nationality.upper(), b.record.nationality.upper()),
        "address": compare_addresses(a, b),
    }


def compare_addresses(a: Prepared, b: Prepared) -> str:
    if not a.address or not b.address:
        return "missing"
    if a.address == b.address:
        return "same"
    return "street" if a.street == b.street else "different"


# --- The model ---------------------------------------------------------------------------------


@dataclass
class Explanation:
    """Why a pair scored what it did: one line per comparison, with its weight in bits."""

    levels: dict[str, str]
    weights: dict[str, float]
    total: float
    probability: float


# A name word never seen in the population is taken as rare, but not as unique.
UNSEEN_FREQUENCY = 1e-4


@dataclass
class Model:
    u: dict[str, dict[str, float]]
    skeleton_frequency: dict[str, float]
    prior: float
    m: dict[str, dict[str, float]] = field(default_factory=lambda: M_PROBABILITIES)
    _weights: dict[tuple[str, str], float] = field(init=False, repr=False)
    _name_weights: dict[frozenset[str], float] = field(init=False, repr=False)
    _prior_weight: float = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._weights = {
            (comparison, level): 0.0
            if (comparison, level) in NEUTRAL
            else math.log2(self.m[comparison][level] / max(self.u[comparison][level], 1e-9))
            for comparison, levels in self.m.items()
            for level in levels
        }
        self._name_weights = {}
        self._prior_weight = math.log2(self.prior / (1 - self.prior))

    def name_u(self, a: Prepared, b: Prepared, level: str) -> float:
        """Term-frequency adjusted u for name agreement: the chance strangers share these words."""
        if level in {"exact", "skeleton"}:
            # Words of one name are not independent (Miguel Ángel, Juan Carlos): count the two
            # rarest shared words only.
            shared = sorted(
                self.skeleton_frequency.get(k, UNSEEN_FREQUENCY) for k in a.skeleton_set & b.skeleton_set
            )
            u = math.prod(shared[:2]) if shared else self.u["name"][level]
            if not shared:
                return max(u, 1e-9)
            return max(u, 1e-9)
        return self.u["name"][level]

    def _name_weight(self, a: Prepared, b: Prepared, level: str) -> float:
        if level not in {"exact", "skeleton"}:
            return self._weights[("name", level)]
        shared = a.skeleton_set & b.skeleton_set
        key = frozenset((level, *shared))
        weight = self._name_weights.get(key)
        if weight is None:
            weight = math.log2(self.m["name"][level] / self.name_u(a, b, level))
            self._name_weights[key] = weight
        return weight

    def explain(self, a: Prepared, b: Prepared) -> Explanation:
        levels = compare(a, b)
        weights = {
            comparison: self._name_weight(a, b, level)
            if comparison == "name"
            else self._weights[(comparison, level)]
            for comparison, level in levels.items()
        }
        total = self._prior_weight + sum(weights.values())
        probability = 1 / (1 + 2 ** (-total))
        return Explanation(levels=levels, weights=weights, total=total, probability=probability)


# Comparisons that go with a shared name (same culture, same family): their u must be measured
# among people who share a name word, or the model counts the name's evidence twice.
CONDITIONAL = ("sex", "nationality", "address", "date")


def estimate_model(
    prepared: list[Prepared],
    *,
    pairs: set[tuple[int, int]] | None = None,
    samples: int = 20_000,
    seed: int = 7,
) -> Model:
    """Estimate u from random pairs (and, for ``CONDITIONAL``, from candidate pairs that share a
    name word but no document or phone), and word frequencies from the population itself."""
    rng = random.Random(seed)  # noqa: S311 (reproducible sampling for estimation, not security)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    n = len(prepared)
    if n >= 2:
        for _ in range(samples):
            i, j = rng.randrange(n), rng.randrange(n)
            if i == j:
                continue
            for comparison, level in compare(prepared[i], prepared[j]).items():
                counts[comparison][level] += 1
    if pairs:
        conditional: dict[str, Counter[str]] = defaultdict(Counter)
        pool = list(pairs)
        for i, j in rng.sample(pool, k=min(samples, len(pool))):
            a, b = prepared[i], prepared[j]
            if (a.document and a.document == b.document) or (a.phone and a.phone == b.phone):
                continue
            if not a.skeleton_set & b.skeleton_set:
                continue
            levels = compare(a, b)
            for comparison in CONDITIONAL:
                conditional[comparison][levels[comparison]] += 1
        for comparison in CONDITIONAL:
            if sum(conditional[comparison].values()) >= 100:
                counts[comparison] = conditional[comparison]
    all_levels = {
        "name": NAME_LEVELS, "date": DATE_LEVELS, "document": DOC_LEVELS, "phone": PHONE_LEVELS,
        "sex": SEX_LEVELS, "nationality": NAT_LEVELS, "address": ADDRESS_LEVELS,
    }  # fmt: skip
    u: dict[str, dict[str, float]] = {}
    for comparison, level_names in all_levels.items():
        total = sum(counts[comparison].values()) + len(level_names)
        u[comparison] = {level: (counts[comparison][level] + 1) / total for level in level_names}
    # A shared document or phone between strangers is rarer than any sample can show.
    u["document"]["same"] = min(u["document"]["same"], 1e-6)
    u["phone"]["same"] = min(u["phone"]["same"], 1e-4)
    frequency: Counter[str] = Counter()
    for p in prepared:
        frequency.update(p.skeletons)
    skeleton_frequency = {key: count / max(n, 1) for key, count in frequency.items()}
    prior = min(0.5, max(1e-6, 2.0 / max(n, 2)))
    return Model(u=u, skeleton_frequency=skeleton_frequency, prior=prior)


# --- Blocking ----------------------------------------------------------------------------------


def _years(p: Prepared) -> list[int]:
    dob = p.record.date_of_birth
    if dob is None:
        return []
    return [dob.year] if dob.month is not None else [dob.year - 1, dob.year, dob.year + 1]


def blocking_keys_for(p: Prepared, frequency: dict[str, int] | None = None) -> Iterator[tuple[str, ...]]:
    """Keys that put a person's other records in the same block as them.

    Documents and phones; each given-name word with each family-name word (sorted, so a swapped
    order meets, and missing dates do not matter);
    the whole name written as one word; and the rarest name word with the birth year, which
    still meets a record whose other word has a typo.
    """
    dob = p.record.date_of_birth
    if p.document:
        yield ("doc", p.document)
    if p.phone:
        yield ("phone", p.phone)
    skeletons = p.skeletons
    for first in p.given_skeletons:
        for second in p.family_skeletons:
            if first != second:
                yield ("name-name", *sorted((first, second)))
    if skeletons and dob is not None:
        rarest = min(skeletons, key=lambda key: (frequency or {}).get(key, 0))
        for year in _years(p):
            yield ("name-year", rarest, str(year))
    if dob is not None and dob.day is not None:
        yield ("date-nationality", f"{dob.year}-{dob.month}-{dob.day}", p.record.nationality.upper())
    if len(skeletons) == 1:
        yield ("name-only", skeletons[0])
    if len(p.compact) == 2:
        yield ("compact", *p.compact)


def candidate_pairs(
    prepared: list[Prepared], *, split_above: int = 60, max_block: int = 2000
) -> set[tuple[int, int]]:
    """Index pairs that share a blocking key.

    A block larger than ``split_above`` (a common name pair: Mohammed × Hassan) is split by birth
    year, a year-only date also joining the years either side, so that its pairs grow with the
    population rather than with its square. Blocks still above ``max_block`` are skipped.
    """
    frequency: Counter[str] = Counter()
    for p in prepared:
        frequency.update(p.skeletons)
    blocks: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, p in enumerate(prepared):
        for key in blocking_keys_for(p, frequency):
            blocks[key].append(index)
    pairs: set[tuple[int, int]] = set()

    def add(members: list[int]) -> None:
        if len(members) < 2 or len(members) > max_block:
            return
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pairs.add((a, b) if a < b else (b, a))

    for key, members in blocks.items():
        if len(members) <= split_above or key[0] in {"doc", "phone"}:
            add(members)
            continue
        by_year: dict[int, list[int]] = defaultdict(list)
        undated: list[int] = []
        for index in members:
            years = _years(prepared[index])
            if not years:
                undated.append(index)
            for year in years:
                by_year[year].append(index)
        for sub_block in by_year.values():
            add(sub_block + undated)  # a record without a birth date meets every year
        if not by_year:
            add(undated)
    return pairs


# --- Decisions ---------------------------------------------------------------------------------

MATCH = "match"
POSSIBLE = "possible"


@dataclass(frozen=True)
class Thresholds:
    match: float = 0.995
    possible: float = 0.7


def _corroborated(levels: dict[str, str]) -> bool:
    """Evidence beyond a name: a shared document or phone, or a full birth date with the address."""
    if levels["document"] == "same" or levels["phone"] == "same":
        return True
    return (
        levels["date"] == "exact" and levels["document"] != "different" and levels["address"] != "different"
    )


def decide(explanation: Explanation, thresholds: Thresholds) -> str | None:
    """``match`` needs a high probability, name evidence beyond a shared word, and corroboration."""
    levels = explanation.levels
    if (
        explanation.probability >= thresholds.match
        and levels["name"] in {"exact", "skeleton", "fuzzy"}
        and _corroborated(levels)
    ):
        return MATCH
    if explanation.probability >= thresholds.possible:
        return POSSIBLE
    return None


@dataclass(frozen=True)
class ScoredPair:
    id_a: str
    id_b: str
    probability: float
    decision: str
    explanation: Explanation


MIN_ESTIMATION_SIZE = 2000
_DEFAULT_MODEL_PATH = Path(__file__).with_name("default_model.json")


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The model estimated from 20,000 fictitious people (``build_default_model``), for inputs too
    small to estimate u and name frequencies from themselves."""
    data = json.loads(_DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))
    return Model(u=data["u"], skeleton_frequency=data["skeleton_frequency"], prior=data["prior"])


def record_from(source: Any) -> Record:
    """A record from anything with the person fields as text (a synthetic or imported person)."""
    return Record(
        id=source.id,
        given_name=source.given_name,
        family_name=source.family_name,
        date_of_birth=PartialDate.parse(source.date_of_birth),
        sex=source.sex,
        nationality=source.nationality,
        document_number=source.document_number,
        phone=source.phone,
        address=source.address,
    )


def build_default_model(size: int = 20_000) -> dict[str, object]:
    """Recompute ``default_model.json`` from the fictitious population generator."""
    from acollida.people.synthetic import population

    records = [record_from(p) for p in population(size)]
    prepared = [prepare(r) for r in records]
    model = estimate_model(prepared, pairs=candidate_pairs(prepared))
    frequent = {k: round(v, 6) for k, v in model.skeleton_frequency.items() if v >= 1 / size * 2}
    return {
        "u": {c: {lvl: round(v, 6) for lvl, v in levels.items()} for c, levels in model.u.items()},
        "skeleton_frequency": frequent,
        "prior": model.prior,
        "source": f"acollida.people.synthetic.population({size})",
    }


def find_duplicates(
    records: Iterable[Record],
    *,
    thresholds: Thresholds | None = None,
    model: Model | None = None,
    extra_pairs: Iterable[tuple[str, str]] = (),
) -> list[ScoredPair]:
    """Every candidate pair at or above the ``possible`` threshold, best first. ``extra_pairs``
    (record ids) are compared as well as those the blocking keys find: trigram neighbours."""
    thresholds = thresholds or Thresholds()
    prepared = [prepare(r) for r in records]
    pairs = candidate_pairs(prepared)
    index = {p.record.id: i for i, p in enumerate(prepared)}
    for a, b in extra_pairs:
        i, j = index.get(a), index.get(b)
        if i is not None and j is not None and i != j:
            pairs.add((min(i, j), max(i, j)))
    if model is None:
        model = (
            estimate_model(prepared, pairs=pairs) if len(prepared) >= MIN_ESTIMATION_SIZE else default_model()
        )
    found: list[ScoredPair] = []
    for i, j in pairs:
        explanation = model.explain(prepared[i], prepared[j])
        decision = decide(explanation, thresholds)
        if decision is not None:
            a, b = prepared[i].record.id, prepared[j].record.id
            found.append(
                ScoredPair(
                    id_a=min(a, b),
                    id_b=max(a, b),
                    probability=explanation.probability,
                    decision=decision,
                    explanation=explanation,
                )
            )
    found.sort(key=lambda pair: (-pair.probability, pair.id_a, pair.id_b))
    return found


def fold_name(text: str) -> str:
    """The folded form used for display of what matched."""
    return fold(text)
