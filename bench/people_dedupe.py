"""Duplicate detection quality and speed on a fictitious population with known duplicates.

    python -m bench.people_dedupe --size 100000

Side by side in one run: acollida's engine (``acollida.people.linkage.find_duplicates``, the same
engine as ``acollida people dedupe`` and the nightly scan) and a naive baseline that pairs records
with the same folded full name and the same birth date string. Prints JSON: precision, recall, F1 of
all flagged pairs (match + possible), precision of ``match``, seconds, and the number of automatic
merges (always zero: the engine only labels pairs).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from collections import defaultdict

from acollida.people.linkage import MATCH, find_duplicates, record_from
from acollida.people.names import fold
from acollida.people.synthetic import population, true_pairs


def _scores(predicted: set[tuple[str, str]], truth: set[tuple[str, str]]) -> dict[str, float]:
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "pairs": len(predicted),
    }


def naive_pairs(people: list) -> set[tuple[str, str]]:
    blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
    for p in people:
        blocks[(fold(f"{p.given_name} {p.family_name}"), p.date_of_birth)].append(p.id)
    pairs = set()
    for ids in blocks.values():
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                pairs.add((min(a, b), max(a, b)))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2018)
    args = parser.parse_args()
    people = population(args.size, seed=args.seed)
    truth = true_pairs(people)
    records = [record_from(p) for p in people]
    started = time.perf_counter()
    found = find_duplicates(records)
    engine_seconds = time.perf_counter() - started
    started = time.perf_counter()
    naive = naive_pairs(people)
    naive_seconds = time.perf_counter() - started
    flagged = {(f.id_a, f.id_b) for f in found}
    matches = {(f.id_a, f.id_b) for f in found if f.decision == MATCH}
    print(
        json.dumps(
            {
                "benchmark": "people_dedupe",
                "size": args.size,
                "true_duplicate_pairs": len(truth),
                "acollida": {
                    **_scores(flagged, truth),
                    "match_precision": _scores(matches, truth)["precision"],
                    "match_pairs": len(matches),
                    "automatic_merges": 0,
                    "seconds": round(engine_seconds, 1),
                },
                "naive_same_name_and_date": {**_scores(naive, truth), "seconds": round(naive_seconds, 1)},
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "load": os.getloadavg(),
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
