"""HTTP benchmark: the health check, the staff home page and an empty Django view, side by side.

Starts gunicorn (sync workers) on a free 127.0.0.1 port with production settings (DEBUG off,
freshly generated keys) against a temporary database: a SQLite file in a temporary folder,
or, when ``DATABASE_URL`` points at PostgreSQL, a temporary database created next to the one it
names (and dropped afterwards). It signs in one member of staff who has passed the second factor,
then measures every endpoint in interleaved rounds, so that all of them share the machine's noise,
and prints JSON. DESIGN.md's target: the staff page at >= 50 % of the empty view's throughput.

    .venv/bin/python bench/http.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/http.py
    .venv/bin/python bench/http.py --in-process   # also CPU time and SQL statements per request

The empty view (``/bench/empty``) exists only in ``bench/benchsite``: the product's URLs plus one
view that returns an empty body, behind the product's whole middleware stack.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This file shares its name with the standard library's ``http`` package. Running it as a script
# puts its folder first on the import path, which would shadow ``http.client``: take it off, and
# put the checkout there instead so that ``bench.benchsite`` imports as a package.
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

import argparse  # noqa: E402
import base64  # noqa: E402
import http.client  # noqa: E402
import importlib.metadata  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Any  # noqa: E402
from urllib.parse import urlsplit, urlunsplit  # noqa: E402

HOST = "127.0.0.1"
SETTINGS = "bench.benchsite.settings"
TARGET_RATIO = 0.5


@dataclass
class Endpoint:
    name: str
    path: str
    headers: dict[str, str]
    latencies: list[float] = field(default_factory=list)
    elapsed: float = 0.0
    errors: int = 0
    client_cpu: float = 0.0
    round_rps: list[float] = field(default_factory=list)


# --- the server under test -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def production_env(var_dir: Path, database_url: str | None) -> dict[str, str]:
    """The product's production configuration, with throwaway secrets and no TLS redirect."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("ACOLLIDA_") and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        {
            "ACOLLIDA_DEBUG": "false",
            "ACOLLIDA_SECRET_KEY": secrets.token_urlsafe(60),
            "ACOLLIDA_FIELD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
            "ACOLLIDA_IDENTIFIER_HASH_KEY": secrets.token_urlsafe(48),
            "ACOLLIDA_ALLOWED_HOSTS": HOST,
            "ACOLLIDA_SSL_REDIRECT": "false",
            "ACOLLIDA_VAR_DIR": str(var_dir),
            "ACOLLIDA_STATIC_ROOT": str(var_dir / "static"),
            "ACOLLIDA_LOG_LEVEL": "WARNING",
        }
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def create_postgres_database(url: str) -> tuple[str, str]:
    """Create an empty database beside the one ``url`` names; return its URL and name."""
    import psycopg

    name = f"acollida_bench_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # the name is generated above
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}")), name


def drop_postgres_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare_database(env: dict[str, str]) -> dict[str, Any]:
    """Migrate, then create a member of staff with a session that has passed the second factor."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connection, connections
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from acollida.core.models import Membership, Organisation, OrganisationKind, Role, StaffSession, User
    from acollida.core.signals import SESSION_STARTED_KEY

    call_command("migrate", interactive=False, verbosity=0)
    city = Organisation.objects.create(
        name="Ajuntament de València", short_name="València", slug="city", kind=OrganisationKind.MUNICIPAL
    )
    cai = Organisation.objects.create(
        name="Centre d'Atenció a la Immigració",
        short_name="CAI",
        slug="cai",
        kind=OrganisationKind.MUNICIPAL,
        parent=city,
    )
    user = User(username="bench", first_name="Marta", last_name="Puig", email="bench@example.org")
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, organisation=cai, role=Role.CASEWORKER)
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)

    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SESSION_STARTED_KEY] = int(time.time())
    session.create()
    StaffSession.objects.create(user=user, session_key=session.session_key)

    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if connection.vendor == "sqlite" else "show server_version")
        db_version = cursor.fetchone()[0]
    info = {
        "session_cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
        "csrf_cookie": f"{settings.CSRF_COOKIE_NAME}={secrets.token_hex(16)}",
        "database": {"vendor": connection.vendor, "version": db_version},
        "django": django.get_version(),
    }
    connections.close_all()
    return info


def measure_in_process(endpoints: list[Endpoint], repeat: int = 100) -> dict[str, Any]:
    """CPU time and SQL queries per request inside one process (Django's test client, no HTTP).

    CPU time (``time.process_time``) is far less sensitive to other load on a shared machine than
    throughput. The test client keeps the database connection open between requests, where
    gunicorn with SQLite opens a new one for each.
    """
    from django.db import connection
    from django.test import Client

    queries: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    results: dict[str, Any] = {}
    for endpoint in endpoints:
        client = Client(SERVER_NAME=HOST)
        for pair in endpoint.headers.get("Cookie", "").split("; "):
            if "=" in pair:
                name, value = pair.split("=", 1)
                client.cookies[name] = value
        for _ in range(10):
            if client.get(endpoint.path).status_code != 200:
                raise RuntimeError(f"{endpoint.name} ({endpoint.path}) does not answer 200 in process")
        queries.clear()
        with connection.execute_wrapper(count):
            client.get(endpoint.path)
        best = float("inf")
        for _ in range(3):
            began = time.process_time()
            for _ in range(repeat):
                client.get(endpoint.path)
            best = min(best, (time.process_time() - began) / repeat)
        results[endpoint.name] = {
            "cpu_ms_per_request": round(best * 1000, 3),
            "sql_statements": len(queries),
        }
    connection.close()
    return results


def start_gunicorn(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    server_env = {**env, "DJANGO_SETTINGS_MODULE": SETTINGS}
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "acollida.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--chdir",
        str(ROOT),
        "--log-level",
        "warning",
        "--error-logfile",
        str(log),
    ]
    return subprocess.Popen(command, env=server_env, cwd=ROOT, start_new_session=True)


def wait_until_ready(port: int, server: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited before it was ready")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return
            conn.close()
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz in time")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# --- the load generator --------------------------------------------------------------------------


def run_round(
    port: int, endpoint: Endpoint, seconds: float, concurrency: int, max_requests: int
) -> tuple[list[float], int, float, float]:
    """``concurrency`` threads, each with its own connection, send GETs for ``seconds``.

    gunicorn's sync workers close the connection after each answer; ``http.client`` then
    reconnects by itself, so connection set-up is part of every measured request, as it is for
    every endpoint alike.
    """
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors = [0] * concurrency
    budget = max(1, max_requests // concurrency)
    start_line = threading.Barrier(concurrency + 1)
    deadline = [0.0]

    def worker(index: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        mine = latencies[index]
        start_line.wait()
        while time.perf_counter() < deadline[0] and len(mine) + errors[index] < budget:
            began = time.perf_counter()
            try:
                conn.request("GET", endpoint.path, headers=endpoint.headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                ok = False
            if ok:
                mine.append(time.perf_counter() - began)
            else:
                errors[index] += 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    cpu_before = time.process_time()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start_line.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    merged = [value for chunk in latencies for value in chunk]
    return merged, sum(errors), elapsed, time.process_time() - cpu_before


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(
    port: int, endpoints: list[Endpoint], rounds: int, seconds: float, warmup: float, concurrency: int
) -> None:
    """Short slices, many rounds: a burst of load from elsewhere hits every endpoint alike."""
    for endpoint in endpoints:
        _lat, errors, _elapsed, _cpu = run_round(port, endpoint, warmup, concurrency, 100_000)
        if errors:
            raise RuntimeError(f"{endpoint.name} ({endpoint.path}) failed during warm-up: not 200")
    for index in range(rounds):
        # Rotate the order each round so no endpoint always runs first (or last) after a pause.
        order = endpoints[index % len(endpoints) :] + endpoints[: index % len(endpoints)]
        for endpoint in order:
            lat, errors, elapsed, cpu = run_round(port, endpoint, seconds, concurrency, 200_000)
            endpoint.latencies.extend(lat)
            endpoint.errors += errors
            endpoint.elapsed += elapsed
            endpoint.client_cpu += cpu
            endpoint.round_rps.append(len(lat) / elapsed)


def summary(endpoint: Endpoint) -> dict[str, Any]:
    n = len(endpoint.latencies)
    return {
        "path": endpoint.path,
        "rps": round(n / endpoint.elapsed, 1) if endpoint.elapsed else 0.0,
        "rps_per_round": [round(value, 1) for value in endpoint.round_rps],
        "p50_ms": round(percentile(endpoint.latencies, 0.50) * 1000, 2),
        "p95_ms": round(percentile(endpoint.latencies, 0.95) * 1000, 2),
        "n": n,
        "errors": endpoint.errors,
        "client_cpu_ms_per_request": round(endpoint.client_cpu * 1000 / n, 3) if n else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=12, help="interleaved rounds (default 12)")
    parser.add_argument("--seconds", type=float, default=1.0, help="seconds per endpoint per round")
    parser.add_argument("--warmup", type=float, default=1.0, help="warm-up seconds per endpoint")
    parser.add_argument("--concurrency", type=int, default=8, help="client connections (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="also measure CPU time and SQL statements per request in one process (adds ~10 s)",
    )
    args = parser.parse_args()

    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="acollida-bench-"))
    given_url = os.environ.get("DATABASE_URL", "")
    pg_database: tuple[str, str] | None = None
    server: subprocess.Popen[bytes] | None = None
    try:
        database_url = None
        if given_url.startswith(("postgres://", "postgresql://")):
            database_url, pg_name = create_postgres_database(given_url)
            pg_database = (given_url, pg_name)
        env = production_env(tmp, database_url)
        info = prepare_database(env)
        signed_in = {"Cookie": f"{info['session_cookie']}; {info['csrf_cookie']}"}
        endpoints = [
            Endpoint("healthz", "/healthz", {}),
            Endpoint("empty_view", "/bench/empty", {}),
            Endpoint("empty_view_signed_in", "/bench/empty", dict(signed_in)),
            Endpoint("staff_home", "/ca/home/", dict(signed_in)),
        ]
        in_process = measure_in_process(endpoints) if args.in_process else None

        port = free_port()
        server = start_gunicorn(env, port, args.workers, tmp / "gunicorn.log")
        wait_until_ready(port, server)
        measure(port, endpoints, args.rounds, args.seconds, args.warmup, args.concurrency)
        results = {endpoint.name: summary(endpoint) for endpoint in endpoints}
        by_name = {endpoint.name: endpoint for endpoint in endpoints}
        staff, empty = by_name["staff_home"], by_name["empty_view"]
        ratio = results["staff_home"]["rps"] / results["empty_view"]["rps"]
        round_ratios = [s / e for s, e in zip(staff.round_rps, empty.round_rps, strict=True)]
        report = {
            "benchmark": "http",
            "endpoints": results,
            "staff_home_rps / empty_view_rps": round(ratio, 3),
            "ratio_median_of_rounds": round(statistics.median(round_ratios), 3),
            "ratio_per_round": [round(value, 3) for value in round_ratios],
            "target_ratio": TARGET_RATIO,
            "target_met": ratio >= TARGET_RATIO,
            "in_process": in_process,
            "setup": {
                "server": f"gunicorn, {args.workers} sync workers, {HOST}",
                "client": f"{args.concurrency} threads with http.client, same machine",
                "rounds": args.rounds,
                "seconds_per_round": args.seconds,
                "warmup_seconds": args.warmup,
                "settings": "production (DEBUG off), bench.benchsite.settings",
            },
            "machine": {
                "cpu_count": os.cpu_count(),
                "platform": platform.platform(),
                "python": platform.python_version(),
                "django": info["django"],
                "gunicorn": importlib.metadata.version("gunicorn"),
                "database": info["database"],
            },
            "runtime_s": round(time.monotonic() - started, 1),
        }
        print(json.dumps(report, indent=2))
        return 0
    except Exception:
        log = tmp / "gunicorn.log"
        if log.exists():
            sys.stderr.write(log.read_text(encoding="utf-8", errors="replace")[-4000:])
        raise
    finally:
        if server is not None:
            stop(server)
        if pg_database is not None:
            drop_postgres_database(*pg_database)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
