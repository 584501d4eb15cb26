"""Caseload: p50/p95 latency of the case page, My cases and Due this week with a large caseload,
side by side with an empty Django view, in one run. Prints JSON.

    .venv/bin/python bench/caseload.py --cases 10000 --entries 100000    # SQLite, temporary folder
    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE caseload"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/caseload .venv/bin/python bench/caseload.py

The database must be empty (``--reuse`` measures again what an earlier run loaded). The load:
``--cases`` cases at one organisation (one person each, from the synthetic population), spread
over caseworkers with about 200 cases each; one to four needs and up to three goals per case with
target dates around today; ``--entries`` timeline entries over the cases (one in ten an encrypted
special-category note). Rows go in with COPY on PostgreSQL and in batches on SQLite.

Measured with Django's test client in this process, signed in as the first caseworker (second
factor passed), with production settings (DEBUG off) and the product's whole middleware stack:
the case page of random cases the caseworker may open, their My cases, their Due this week, and
``/bench/empty`` (``bench/benchsite``). The endpoints take turns, request by request, so they share
the machine's noise. The target (issue 4): every page under 100 ms at p95. ``cpu_p50_ms`` is the
median CPU time of this process per request (Python and Django, not the database server): far less
sensitive than latency to other load on a shared machine.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 100.0
CASES_PER_WORKER = 200
SERVICE_TYPES = ("legal_advice", "language_course", "training", "housing", "financial_support",
                 "interpretation", "psychosocial", "other")  # fmt: skip
AREAS = ("housing", "legal_status", "language", "employment", "health", "schooling", "documentation",
         "psychosocial", "basic_needs")  # fmt: skip


def _setup(folder: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from bench.http import production_env

    env = production_env(folder, os.environ.get("DATABASE_URL") or f"sqlite:///{folder / 'bench.sqlite3'}")
    # Fixed keys (the data is fictitious) so that ``--reuse`` can read what an earlier run wrote.
    seed = hashlib.sha256(b"acollida caseload benchmark").digest()
    env["ACOLLIDA_FIELD_ENCRYPTION_KEYS"] = base64.urlsafe_b64encode(seed).decode()
    env["ACOLLIDA_IDENTIFIER_HASH_KEY"] = hashlib.sha256(seed + b"identifiers").hexdigest()
    env["ACOLLIDA_SECRET_KEY"] = hashlib.sha256(seed + b"secret").hexdigest()
    env["ACOLLIDA_ALLOWED_HOSTS"] = "testserver"
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.benchsite.settings"
    import django

    django.setup()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


# --- Loading ------------------------------------------------------------------------------------


def _insert(table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]], batch: int = 5000) -> int:
    """Write rows fast: COPY on PostgreSQL, batched ``executemany`` elsewhere."""
    from django.db import connection

    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"  # names are ours, not input
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        ops = connection.ops
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608

        def adapt(value: Any) -> Any:
            if isinstance(value, datetime):
                return ops.adapt_datetimefield_value(value)
            if isinstance(value, date):
                return ops.adapt_datefield_value(value)
            return value

        chunk: list[tuple[Any, ...]] = []
        for row in rows:
            chunk.append(tuple(adapt(value) for value in row))
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


def load(*, cases: int, entries: int, seed: int) -> dict[str, Any]:
    """Organisations, caseworkers, persons, cases, needs, goals and timeline entries."""
    from django.db import connection, transaction
    from django.utils import timezone

    from acollida.cases.models import Case, Goal, Need, TimelineEntry
    from acollida.core.crypto import encrypt
    from acollida.core.models import Membership, Organisation, OrganisationKind, Role, User
    from acollida.people.models import Person
    from acollida.people.services import persons_bulk_load
    from acollida.people.synthetic import population

    rng = random.Random(seed)
    timings: dict[str, float] = {}
    began = time.perf_counter()
    city = Organisation.objects.create(
        name="Ajuntament de València", short_name="València", slug="city", kind=OrganisationKind.MUNICIPAL
    )
    cai = Organisation.objects.create(
        name="Centre d'Atenció a la Immigració", short_name="CAI", slug="cai",
        kind=OrganisationKind.MUNICIPAL, parent=city,
    )  # fmt: skip
    workers = []
    for index in range(max(1, cases // CASES_PER_WORKER)):
        user = User(username=f"worker{index:04d}", first_name="Worker", last_name=f"{index:04d}")
        user.set_unusable_password()
        workers.append(user)
    User.objects.bulk_create(workers)
    workers = list(User.objects.filter(username__startswith="worker").order_by("username"))
    Membership.objects.bulk_create(
        [Membership(user=user, organisation=cai, role=Role.CASEWORKER) for user in workers]
    )
    persons_bulk_load(organisation_ids=[cai.pk], people=population(cases, seed=seed))
    person_ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    timings["persons_seconds"] = time.perf_counter() - began

    began = time.perf_counter()
    now = timezone.now()
    today = timezone.localdate()
    case_rows = []
    statuses: list[str] = []
    for index, person_id in enumerate(person_ids):
        worker = workers[index % len(workers)]
        roll = rng.random()
        status = "open" if roll < 0.85 else "on_hold" if roll < 0.9 else "closed"
        roll = rng.random()
        sensitivity = "normal" if roll < 0.9 else "restricted" if roll < 0.98 else "protected"
        waiting = rng.random() < 0.15
        opened = now - timedelta(days=rng.randint(1, 1000), minutes=rng.randint(0, 1440))
        statuses.append(status)
        case_rows.append((
            person_id, None, cai.pk, f"CAI-{opened.year}-{index + 1:06d}", worker.pk, status,
            "other" if status == "closed" else "", now if status == "closed" else None, sensitivity,
            "Resolution of the asylum office" if waiting else "",
            today - timedelta(days=rng.randint(0, 90)) if waiting else None,
            opened, worker.pk, now, None,
        ))  # fmt: skip
    with transaction.atomic():
        _insert(
            Case._meta.db_table,
            ["person_id", "household_id", "organisation_id", "reference", "responsible_id", "status",
             "outcome", "closed_at", "sensitivity", "waiting_for", "waiting_since", "opened_at",
             "opened_by_id", "updated_at", "pseudonymised_at"],
            case_rows,
        )  # fmt: skip
    case_ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
    responsible = {case_id: row[4] for case_id, row in zip(case_ids, case_rows, strict=True)}
    protected = [
        (case_id, responsible[case_id])
        for case_id, row in zip(case_ids, case_rows, strict=True)
        if row[8] == "protected"
    ]
    _insert(Case.protected_staff.through._meta.db_table, ["case_id", "user_id"], protected)
    del case_rows

    def needs() -> Iterable[tuple[Any, ...]]:
        for case_id in case_ids:
            for area in rng.sample(AREAS, rng.randint(1, 4)):
                closed = rng.random() < 0.3
                yield (case_id, area, rng.choice(("low", "medium", "high", "urgent")),
                       "met" if closed else "identified", "", today - timedelta(days=rng.randint(0, 400)),
                       today - timedelta(days=rng.randint(0, 30)) if closed else None)  # fmt: skip

    def goals() -> Iterable[tuple[Any, ...]]:
        for case_id, status in zip(case_ids, statuses, strict=True):
            for number in range(rng.randint(0, 3)):
                done = status == "closed" or rng.random() < 0.3
                yield (case_id, f"Goal {number + 1}", None, today + timedelta(days=rng.randint(-30, 60)),
                       "achieved" if done else "open", "", today if done else None, now)  # fmt: skip

    secret_notes = [encrypt(f"Special-category note {n}") for n in range(50)]

    def timeline() -> Iterable[tuple[Any, ...]]:
        for _index in range(entries):
            case_id = case_ids[rng.randrange(len(case_ids))]
            kind = "service" if rng.random() < 0.6 else "note"
            special = kind == "note" and rng.random() < 0.25
            yield (
                case_id, kind, today - timedelta(days=rng.randint(0, 1000)),
                rng.choice(SERVICE_TYPES) if kind == "service" else "",
                "" if special else "Advice on the next steps; documents checked.",
                rng.choice(secret_notes) if special else "", special, responsible[case_id], now,
            )  # fmt: skip

    with transaction.atomic():
        _insert(
            Need._meta.db_table,
            ["case_id", "area", "priority", "status", "description", "opened_on", "closed_on"],
            needs(),
        )
        _insert(
            Goal._meta.db_table,
            ["case_id", "description", "need_id", "target_date", "status", "outcome_note", "closed_on",
             "created_at"],
            goals(),
        )  # fmt: skip
    timings["cases_seconds"] = time.perf_counter() - began
    began = time.perf_counter()
    with transaction.atomic():
        _insert(
            TimelineEntry._meta.db_table,
            ["case_id", "kind", "occurred_on", "service_type", "text", "sensitive_text",
             "is_special_category", "author_id", "created_at"],
            timeline(),
        )  # fmt: skip
    timings["timeline_seconds"] = time.perf_counter() - began
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {key: round(value, 1) for key, value in timings.items()}


# --- Measuring ----------------------------------------------------------------------------------


def _signed_in_client(user: Any) -> Any:
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from acollida.core.models import StaffSession
    from acollida.core.signals import SESSION_STARTED_KEY

    device, _created = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SESSION_STARTED_KEY] = int(time.time())
    session.save()
    StaffSession.objects.get_or_create(user=user, session_key=session.session_key)
    return client


def measure(*, requests: int, seed: int) -> dict[str, Any]:
    from django.db import connection
    from django.urls import reverse
    from django.utils import timezone

    from acollida.cases.models import Case, Goal
    from acollida.core.models import User

    user = User.objects.filter(username__startswith="worker").order_by("username").first()
    if user is None:
        raise SystemExit("nothing loaded: run without --reuse on an empty database")
    client = _signed_in_client(user)
    rng = random.Random(seed)
    visible = list(Case.objects.visible_to(user).values_list("pk", flat=True))
    mine = reverse("cases:mine")
    endpoints: dict[str, Callable[[], str]] = {
        "case_page": lambda: reverse("cases:detail", args=[rng.choice(visible)]),
        "my_cases": lambda: mine,
        "due_this_week": lambda: f"{mine}?tab=due",
        "empty_view": lambda: "/bench/empty",
    }
    queries: dict[str, int] = {}
    counted: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        counted.append(sql)
        return execute(sql, params, many, context)

    for name, path in endpoints.items():
        for _ in range(10):  # warm caches, sessions and connections
            response = client.get(path())
            if response.status_code != 200:
                raise RuntimeError(
                    f"{name} ({response.request['PATH_INFO']}) answered {response.status_code}"
                )
        counted.clear()
        with connection.execute_wrapper(count):
            client.get(path())
        queries[name] = len(counted)
    latencies: dict[str, list[float]] = {name: [] for name in endpoints}
    cpu: dict[str, list[float]] = {name: [] for name in endpoints}  # this process only, not the database
    names = list(endpoints)
    for _round in range(requests):
        rng.shuffle(names)
        for name in names:
            path = endpoints[name]()
            began, cpu_began = time.perf_counter(), time.process_time()
            response = client.get(path)
            latencies[name].append((time.perf_counter() - began) * 1000)
            cpu[name].append((time.process_time() - cpu_began) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{name} ({path}) answered {response.status_code}")
    empty_p95 = _percentile(latencies["empty_view"], 0.95)
    results: dict[str, Any] = {}
    for name, values in latencies.items():
        p95 = _percentile(values, 0.95)
        results[name] = {
            "p50_ms": round(statistics.median(values), 2),
            "p95_ms": round(p95, 2),
            "p95_over_empty": round(p95 / max(empty_p95, 1e-6), 1),
            "cpu_p50_ms": round(statistics.median(cpu[name]), 2),
            "sql_statements": queries[name],
        }
        if name != "empty_view":
            results[name]["under_target"] = p95 < TARGET_P95_MS
    today = timezone.localdate()
    workload = {
        "open_cases": Case.objects.filter(responsible=user).exclude(status="closed").count(),
        "due_this_week": Goal.objects.filter(
            case__responsible=user, status="open", target_date__lte=today + timedelta(days=7)
        )
        .exclude(case__status="closed")
        .count(),
        "visible_cases": len(visible),
    }
    return {"results": results, "caseworker": workload}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=300, help="requests per endpoint")
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--reuse", action="store_true", help="measure what an earlier run loaded")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="acollida-caseload-"))
    _setup(folder)

    from django.core.management import call_command
    from django.db import connection

    from acollida.cases.models import Case, TimelineEntry

    call_command("migrate", verbosity=0)
    loaded = Case.objects.exists()
    if loaded and not args.reuse:
        raise SystemExit("the benchmark database must be empty (use a fresh DATABASE_URL, or --reuse)")
    timings = {} if loaded else load(cases=args.cases, entries=args.entries, seed=args.seed)
    measured = measure(requests=args.requests, seed=args.seed)
    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if connection.vendor == "sqlite" else "show server_version")
        version = cursor.fetchone()[0]
    print(
        json.dumps(
            {
                "benchmark": "caseload",
                "cases": Case.objects.count(),
                "timeline_entries": TimelineEntry.objects.count(),
                "requests_per_endpoint": args.requests,
                "database": {"vendor": connection.vendor, "version": version},
                "load": timings,
                **measured,
                "target_p95_ms": TARGET_P95_MS,
                "run_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
