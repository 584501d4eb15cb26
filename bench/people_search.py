"""Person search: latency and recall@10 against a naive ``icontains`` search, in one run.

    python bench/people_search.py --size 10000            # SQLite file in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/people_search.py --size 100000

Queries have known targets: for a person with several records, the query is typed as another of
their records spells the name (transliteration, typo, swapped order) plus the birth year as that
record knows it. A hit is any record of the same person in the top ten. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path


def _setup(database_url: str | None, folder: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acollida.settings")
    os.environ["ACOLLIDA_VAR_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--misses", type=int, default=0, help="print this many missed queries")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure again on a database this benchmark already loaded (same --size and --seed)",
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="acollida-bench-"))
    _setup(os.environ.get("DATABASE_URL"), folder)

    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Q

    from acollida.core.models import Membership, Organisation, OrganisationKind, Role, User
    from acollida.people.models import Person
    from acollida.people.names import fold
    from acollida.people.selectors import person_search
    from acollida.people.services import persons_bulk_load
    from acollida.people.synthetic import population

    call_command("migrate", verbosity=0)
    people = population(args.size, seed=args.seed)
    load_seconds = 0.0
    if args.reuse:
        user = User.objects.get(username="bench")
        if Person.objects.count() != args.size:
            raise SystemExit("--reuse: the database does not hold this benchmark's population")
    else:
        if Person.objects.exists():
            raise SystemExit("the benchmark database must be empty (use a fresh DATABASE_URL)")
        org = Organisation.objects.create(name="Bench", slug="bench", kind=OrganisationKind.MUNICIPAL)
        user = User.objects.create(username="bench")
        Membership.objects.create(user=user, organisation=org, role=Role.CASEWORKER)
        started = time.perf_counter()
        persons_bulk_load(organisation_ids=[org.pk], people=people)
        load_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    id_of = dict(
        zip([p.id for p in people], Person.objects.order_by("pk").values_list("pk", flat=True), strict=True)
    )

    clusters: dict[str, list] = {}
    for p in people:
        clusters.setdefault(p.cluster, []).append(p)

    # How many *other* people share the typed name and birth year exactly: with ten or more, no
    # search that knows only a name and a year can be sure to put the right one in its top ten.
    def name_year(p: object) -> tuple[tuple[str, ...], str]:
        return tuple(sorted(fold(f"{p.given_name} {p.family_name}").split())), p.date_of_birth[:4]  # type: ignore[attr-defined]

    same_name_year = Counter(name_year(p) for p in people)
    multi = [records for records in clusters.values() if len(records) > 1]
    rng = random.Random(args.seed)
    queries = []
    ambiguous: list[bool] = []
    for records in rng.sample(multi, k=min(args.queries, len(multi))):
        typed, *_rest = rng.sample(records, k=len(records))
        year = typed.date_of_birth[:4]
        text = f"{typed.given_name} {typed.family_name} {year}".strip()
        targets = {id_of[r.id] for r in records if r.id != typed.id}
        key = name_year(typed)
        strangers = same_name_year[key] - sum(1 for r in records if name_year(r) == key)
        queries.append((text, targets, typed))
        ambiguous.append(strangers >= 10)

    def smart(text: str) -> list[int]:
        return [c.person.pk for c in person_search(user=user, text=text, limit=10)]

    def naive(text: str) -> list[int]:
        words = [w for w in text.split() if not w.isdigit()]
        condition = Q()
        for word in words:
            condition &= Q(given_name__icontains=word) | Q(family_name__icontains=word)
        return list(Person.objects.filter(condition).values_list("pk", flat=True)[:10])

    def _describe_miss(text: str, targets: set[int], found: list[int]) -> dict[str, object]:
        def label(pk: int) -> str:
            p = Person.objects.get(pk=pk)
            return f"{p.given_name} {p.family_name} {p.date_of_birth} ({p.date_of_birth_precision})"

        return {
            "query": text,
            "targets": [label(pk) for pk in targets],
            "found": [label(pk) for pk in found[:3]],
        }

    missed: list[dict[str, object]] = []
    results = {}
    for name, search in (("acollida", smart), ("naive_icontains", naive)):
        search(queries[0][0])  # warm caches
        latencies, hits, clear_hits = [], 0, 0
        for (text, targets, _typed), is_ambiguous in zip(queries, ambiguous, strict=True):
            t0 = time.perf_counter()
            found = search(text)
            latencies.append((time.perf_counter() - t0) * 1000)
            hits += bool(targets & set(found))
            clear_hits += bool(targets & set(found)) and not is_ambiguous
            if name == "acollida" and not targets & set(found) and len(missed) < args.misses:
                missed.append(_describe_miss(text, targets, found))
        results[name] = {
            "p50_ms": round(statistics.median(latencies), 2),
            "p95_ms": round(_percentile(latencies, 0.95), 2),
            "recall_at_10": round(hits / len(queries), 4),
            "recall_at_10_unambiguous": round(clear_hits / max(1, ambiguous.count(False)), 4),
        }
    print(
        json.dumps(
            {
                "benchmark": "people_search",
                "size": args.size,
                "queries": len(queries),
                "database": connection.vendor,
                "load_seconds": round(load_seconds, 1),
                "ambiguous_queries": ambiguous.count(True),
                "results": results,
                "p95_ratio_acollida_over_naive": round(
                    results["acollida"]["p95_ms"] / max(results["naive_icontains"]["p95_ms"], 1e-6), 2
                ),
                "missed": missed,
                "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
