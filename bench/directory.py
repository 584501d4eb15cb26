"""Public directory: search and service-page latency beside an empty Django view, page weight and
Lighthouse scores, with 10,000 fictitious services in six languages. Prints JSON.

    .venv/bin/python bench/directory.py                       # SQLite, temporary folder
    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE directorybench"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/directorybench .venv/bin/python bench/directory.py
    ... --reuse              # measure again what an earlier run loaded into DATABASE_URL
    ... --no-lighthouse      # latency and page weight only

1. Load (``bench/directory_data.py``): ``--services`` services (default 10,000) at organisations
   with places in València's districts, weekly hours, languages spoken, documents, needs from the
   newcomer taxonomy, every text in ca, es, en, fr, ar and uk (one in ten without Arabic and
   Ukrainian), then the public search rows in bulk. ``DATABASE_URL``'s database must hold no
   directory services (or pass ``--reuse``).
2. Serve: gunicorn (2 sync workers) with production settings (DEBUG off) and ``bench.benchsite``
   (the product's URLs plus ``/bench/empty``, an empty view behind the same middleware); in front
   of it, a small proxy in this process standing in for nginx: it serves ``collectstatic``'s files
   under ``/static/`` and gzips text answers for clients that accept it.
3. Latency: one client, requests one after another straight to gunicorn (no proxy), the
   endpoints taking turns in random order so they share the machine's noise: the empty view, the
   directory home page, a search (queries in the six languages, some crossing languages through
   the taxonomy, some with filters) and a service page (random services, random languages).
   p50/p95 and the ratio of each p95 to the empty view's. SQL statements per page and the hits of
   each query are counted in this process with Django's test client.
4. Weight: home, search and service page in ca and ar, as a browser loads them: the HTML and the
   stylesheets, scripts, icons and manifest it links, raw and gzipped.
5. Lighthouse (``npm`` package ``lighthouse``, pinned in ``bench/package.json`` and its lock file,
   installed by this script with ``npm ci`` into ``bench/.lighthouse``) in Debian's Chromium
   (``CHROME_PATH``, default ``/usr/bin/chromium``), headless, mobile emulation and simulated
   throttling (its defaults), categories performance and accessibility, on the same six pages
   through the proxy.

Targets (issue 5): search p95 <= 30 ms, every page < 100 KB transferred, Lighthouse >= 95 on both.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ``bench/http.py`` shares its name with the standard library's ``http``: keep this folder off the
# import path and put the checkout on it, so ``bench.*`` imports as a package.
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

import argparse  # noqa: E402
import base64  # noqa: E402
import gzip  # noqa: E402
import hashlib  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import mimetypes  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from html.parser import HTMLParser  # noqa: E402
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer  # noqa: E402
from typing import Any  # noqa: E402
from urllib.parse import urlencode, urljoin, urlsplit  # noqa: E402

HOST = "127.0.0.1"
TARGET_SEARCH_P95_MS = 30.0
TARGET_PAGE_BYTES = 100 * 1024
TARGET_LIGHTHOUSE = 95
LANGS = ("ca", "es", "en", "fr", "ar", "uk")
LIGHTHOUSE_DIR = ROOT / "bench" / ".lighthouse"
GZIP_TYPES = ("text/", "application/javascript", "application/json", "application/manifest+json",
              "image/svg+xml")  # fmt: skip

# (page language, what is typed, other filters, crosses languages): words a newcomer would type.
QUERIES: list[tuple[str, str, dict[str, str], bool]] = [
    ("ca", "advocat", {}, False),
    ("ca", "habitatge", {"district": "benimaclet"}, False),
    ("ca", "VALENCIÀ", {}, False),
    ("es", "abogado asilo", {}, False),
    ("es", "extranjeria", {}, False),
    ("es", "curso", {"free": "on", "spoken": "ar"}, False),
    ("es", "asilo", {"page": "3"}, False),
    ("en", "lawyer", {}, False),
    ("en", "food bank", {}, False),
    ("en", "", {"need": "housing-shelter", "sort": "name"}, False),
    ("fr", "logement", {}, False),
    ("fr", "santé", {"district": "rascanya"}, False),
    ("fr", "", {"need": "legal-asylum", "open": "now"}, False),
    ("ar", "محامي", {}, False),
    ("ar", "مأوى", {}, False),
    ("ar", "", {"need": "legal-asylum", "open": "today"}, False),
    ("uk", "житло", {}, False),
    ("uk", "психолог", {"district": "eixample"}, False),
    # A query in one language on a page in another: found through the taxonomy's keywords.
    ("ar", "abogado", {}, True),
    ("uk", "lawyer", {}, True),
    ("ca", "адвокат", {}, True),
    ("es", "طبيب", {}, True),
    ("en", "padrón", {}, True),
    ("fr", "іспанська", {"free": "on"}, True),
]


# --- set-up -------------------------------------------------------------------------------------


def _setup(folder: Path) -> dict[str, str]:
    from bench.http import production_env

    env = production_env(folder, os.environ.get("DATABASE_URL") or f"sqlite:///{folder / 'bench.sqlite3'}")
    # Fixed keys (the data is fictitious and holds no secret) so --reuse reads what a run wrote.
    seed = hashlib.sha256(b"acollida directory benchmark").digest()
    env["ACOLLIDA_FIELD_ENCRYPTION_KEYS"] = base64.urlsafe_b64encode(seed).decode()
    env["ACOLLIDA_IDENTIFIER_HASH_KEY"] = hashlib.sha256(seed + b"identifiers").hexdigest()
    env["ACOLLIDA_SECRET_KEY"] = hashlib.sha256(seed + b"secret").hexdigest()
    env["ACOLLIDA_ALLOWED_HOSTS"] = f"{HOST},localhost,testserver"
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.benchsite.settings"
    import django

    django.setup()
    return env


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _load_or_reuse(*, services: int, seed: int, reuse: bool) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from acollida.directory.models import Service
    from bench import directory_data

    call_command("migrate", verbosity=0)
    present = Service.objects.count()
    if reuse:
        if not present:
            raise SystemExit("nothing loaded: run without --reuse on an empty database")
        loaded: dict[str, Any] = {"services": present, "reused": True}
        # The search rows may predate a change to what ``service_search_refresh`` writes.
        if not directory_data.search_rows_match_refresh():
            loaded["search_rows_rebuilt"] = directory_data.search_rows_bulk()
        return loaded
    if present:
        raise SystemExit("the database already holds directory services: use an empty one, or --reuse")
    began = time.perf_counter()
    counts = directory_data.load(services=services, seed=seed)
    counts["seconds"] = round(time.perf_counter() - began, 1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    counts["search_rows_match_refresh"] = directory_data.search_rows_match_refresh()
    return counts


# --- the pages ----------------------------------------------------------------------------------


def _search_path(lang: str, query: str, filters: dict[str, str]) -> str:
    from django.urls import reverse
    from django.utils import translation

    with translation.override(lang):
        base = reverse("directory:search")
    params = {"q": query, **filters} if query else dict(filters)
    return f"{base}?{urlencode(params)}" if params else base


def _home_path(lang: str) -> str:
    from django.urls import reverse
    from django.utils import translation

    with translation.override(lang):
        return reverse("directory:home")


def _service_path(lang: str, service_id: str) -> str:
    from django.urls import reverse
    from django.utils import translation

    with translation.override(lang):
        return reverse("directory:service", args=[service_id])


# --- the server: gunicorn, and a proxy standing in for nginx -----------------------------------


class Front(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, upstream: int, static_root: Path) -> None:
        self.upstream = upstream
        self.static_root = static_root.resolve()
        super().__init__((HOST, port), FrontHandler)


class FrontHandler(BaseHTTPRequestHandler):
    """``/static/`` from the collected files (as nginx's ``alias``), the rest to gunicorn; text
    answers gzipped when the client accepts it (as nginx's ``gzip on`` with ``gzip_types``)."""

    server: Front
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        kind = next((value for name, value in headers if name.lower() == "content-type"), "")
        encoded = any(name.lower() == "content-encoding" for name, _value in headers)
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if accepts and not encoded and len(body) > 256 and kind.startswith(GZIP_TYPES):
            body = gzip.compress(body, compresslevel=6)
            headers = [*headers, ("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in {"content-length", "connection", "transfer-encoding"}:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _static(self) -> None:
        relative = urlsplit(self.path).path.removeprefix("/static/")
        target = (self.server.static_root / relative).resolve()
        if not target.is_relative_to(self.server.static_root) or not target.is_file():
            self._send(404, [("Content-Type", "text/plain")], b"not found")
            return
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if target.suffix == ".webmanifest":
            kind = "application/manifest+json"
        if kind.startswith("text/") or kind == "application/javascript":
            kind += "; charset=utf-8"
        self._send(200, [("Content-Type", kind), ("Cache-Control", "max-age=3600")], target.read_bytes())

    def _proxy(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {
            name: value
            for name, value in self.headers.items()
            if name.lower() not in {"connection", "keep-alive", "accept-encoding", "host"}
        }
        headers["Host"] = f"{HOST}:{self.server.server_address[1]}"
        conn = http.client.HTTPConnection(HOST, self.server.upstream, timeout=60)
        try:
            conn.request(self.command, self.path, body=body, headers=headers)
            response = conn.getresponse()
            self._send(response.status, response.getheaders(), response.read())
        finally:
            conn.close()

    def do_GET(self) -> None:
        if self.path.startswith("/static/"):
            self._static()
        else:
            self._proxy()

    do_HEAD = do_GET

    def do_POST(self) -> None:
        self._proxy()


def _start_front(upstream: int, static_root: Path) -> Front:
    from bench.http import free_port

    front = Front(free_port(), upstream, static_root)
    threading.Thread(target=front.serve_forever, daemon=True).start()
    return front


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


# --- latency ------------------------------------------------------------------------------------


def _sql_and_hits(paths: dict[str, Callable[[], str]], seed: int) -> dict[str, Any]:
    """SQL statements per page (Django's test client, this process) and the hits of each query."""
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from acollida.directory.selectors_public import search_service_ids

    try:
        from acollida.directory.forms_public import SearchForm  # type: ignore[attr-defined]
    except ImportError:
        from acollida.directory.views_public import SearchForm

    client = Client()
    statements: dict[str, int] = {}
    counted: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        counted.append(sql)
        return execute(sql, params, many, context)

    for name, path in paths.items():
        client.get(path())
        counted.clear()
        with connection.execute_wrapper(count):
            response = client.get(path())
        if response.status_code != 200:
            raise RuntimeError(f"{name} ({response.request['PATH_INFO']}) answered {response.status_code}")
        statements[name] = len(counted)
    hits = []
    for lang, query, filters, crossing in QUERIES:
        form = SearchForm({"q": query, **filters}, lang=lang)
        found = len(search_service_ids(filters=form.filters(), lang=lang, now=timezone.now()))
        hits.append({"lang": lang, "q": query, **filters, "cross_language": crossing, "services": found})
    return {"sql_statements": statements, "query_hits": hits}


def _latency(port: int, paths: dict[str, Callable[[], str]], requests: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    for name, path in paths.items():
        for _ in range(5):
            chosen = path()
            status, _headers, _body = _get(port, chosen)
            if status != 200:
                raise RuntimeError(f"{name} ({chosen}) answered {status} during warm-up")
    latencies: dict[str, list[float]] = {name: [] for name in paths}
    search_by_lang: dict[str, list[float]] = {lang: [] for lang in LANGS}
    errors = dict.fromkeys(paths, 0)
    names = list(paths)
    for _round in range(requests):
        rng.shuffle(names)
        for name in names:
            chosen = paths[name]()
            began = time.perf_counter()
            status, _headers, _body = _get(port, chosen)
            elapsed = (time.perf_counter() - began) * 1000
            if status != 200:
                errors[name] += 1
                continue
            latencies[name].append(elapsed)
            if name == "search":
                search_by_lang[chosen.split("/")[1]].append(elapsed)
    empty_p95 = _percentile(latencies["empty_view"], 0.95)
    results: dict[str, Any] = {}
    for name, values in latencies.items():
        p95 = _percentile(values, 0.95)
        results[name] = {
            "p50_ms": round(statistics.median(values), 2),
            "p95_ms": round(p95, 2),
            "p99_ms": round(_percentile(values, 0.99), 2),
            "p95_over_empty_view": round(p95 / max(empty_p95, 1e-6), 2),
            "n": len(values),
            "errors": errors[name],
        }
    results["search"]["p95_ms_by_page_language"] = {
        lang: round(_percentile(values, 0.95), 2) for lang, values in search_by_lang.items() if values
    }
    results["search"]["target_p95_ms"] = TARGET_SEARCH_P95_MS
    results["search"]["target_met"] = results["search"]["p95_ms"] <= TARGET_SEARCH_P95_MS
    return results


# --- page weight --------------------------------------------------------------------------------


class _Assets(HTMLParser):
    """What a browser fetches to show a page: stylesheets, scripts, icons, the manifest, images."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and values.get("href"):
            rel = set(values.get("rel", "").lower().split())
            for kind in ("stylesheet", "manifest", "icon", "preload", "modulepreload"):
                if kind in rel:
                    self.found.append((kind, values["href"]))
                    break
        elif tag == "script" and values.get("src"):
            self.found.append(("script", values["src"]))
        elif tag == "img" and values.get("src") and values.get("loading") != "lazy":
            self.found.append(("image", values["src"]))


def _weight(port: int, path: str) -> dict[str, Any]:
    """Bytes of the page and what it links, raw and as sent gzipped by the front proxy."""
    status, _headers, html = _get(port, path)
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    parser = _Assets()
    parser.feed(html.decode("utf-8", errors="replace"))
    items = [{"kind": "html", "url": path}, *({"kind": k, "url": urljoin(path, u)} for k, u in parser.found)]
    raw_total = gzip_total = 0
    third_party = []
    for item in items:
        parts = urlsplit(item["url"])
        if parts.netloc and parts.netloc not in {f"{HOST}:{port}", HOST}:
            third_party.append(item["url"])
            continue
        local = parts.path + (f"?{parts.query}" if parts.query else "")
        status, headers, raw = _get(port, local)
        _status, gz_headers, sent = _get(port, local, {"Accept-Encoding": "gzip"})
        item["status"] = status
        item["raw_bytes"] = len(raw)
        item["sent_gzip_bytes"] = len(sent)
        item["gzip_applied"] = gz_headers.get("content-encoding") == "gzip"
        raw_total += len(raw)
        gzip_total += len(sent)
    return {
        "raw_bytes": raw_total,
        "gzip_bytes": gzip_total,
        "under_target": gzip_total < TARGET_PAGE_BYTES and raw_total < TARGET_PAGE_BYTES,
        "under_target_gzip_only": gzip_total < TARGET_PAGE_BYTES,
        "third_party": third_party,
        "items": items,
    }


# --- Lighthouse ---------------------------------------------------------------------------------


def _lighthouse_bin() -> Path:
    cli = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        LIGHTHOUSE_DIR.mkdir(exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy(ROOT / "bench" / name, LIGHTHOUSE_DIR / name)
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=LIGHTHOUSE_DIR, check=True
        )
    return cli


def _lighthouse(url: str, chrome: str) -> dict[str, Any]:
    cli = _lighthouse_bin()
    command = [
        "node",
        str(cli),
        url,
        "--output=json",
        "--output-path=stdout",
        "--only-categories=performance,accessibility",
        "--chrome-flags=--headless=new --no-sandbox",
        "--quiet",
    ]
    for _attempt in range(3):  # Chromium under load now and then loses the trace (NO_NAVSTART)
        done = subprocess.run(
            command, env={**os.environ, "CHROME_PATH": chrome}, capture_output=True, text=True, timeout=300
        )
        if done.returncode == 0:
            break
    else:
        return {"error": done.stderr[-2000:]}
    report = json.loads(done.stdout)
    audits = report["audits"]

    def score(category: str) -> int | None:
        value = report["categories"][category]["score"]
        return None if value is None else round(value * 100)

    def failing(category: str) -> list[str]:
        refs = report["categories"][category]["auditRefs"]
        return sorted(
            ref["id"]
            for ref in refs
            if ref.get("weight")
            and audits[ref["id"]].get("score") is not None
            and audits[ref["id"]]["score"] < 0.9
        )

    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    origin = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"
    metrics = {
        name: round(audits[name]["numericValue"], 3 if name == "cumulative-layout-shift" else 0)
        for name in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                     "cumulative-layout-shift", "speed-index", "interactive")
        if name in audits and audits[name].get("numericValue") is not None
    }  # fmt: skip
    performance, accessibility = score("performance"), score("accessibility")
    return {
        "performance": performance,
        "accessibility": accessibility,
        "target_met": (performance or 0) >= TARGET_LIGHTHOUSE and (accessibility or 0) >= TARGET_LIGHTHOUSE,
        "metrics_ms": metrics,
        "total_byte_weight": audits.get("total-byte-weight", {}).get("numericValue"),
        "requests": len(requests),
        "third_party_requests": [item["url"] for item in requests if not item["url"].startswith(origin)],
        "performance_audits_below_90": failing("performance"),
        "accessibility_audits_failing": failing("accessibility"),
        "benchmark_index": report.get("environment", {}).get("benchmarkIndex"),
        "lighthouse": report.get("lighthouseVersion"),
        "user_agent": report.get("environment", {}).get("hostUserAgent"),
    }


def _code_version() -> dict[str, Any]:
    """The commit measured, and whether the directory's code differed from it in the checkout."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "directory_code_modified": bool(git("status", "--porcelain", "--", "acollida/directory")),
    }


# --- main ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200, help="requests per endpoint (default 200)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--reuse", action="store_true", help="measure what an earlier run loaded")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--chrome", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    args = parser.parse_args()

    started = time.monotonic()
    load_at_start = [round(value, 2) for value in os.getloadavg()]
    folder = Path(tempfile.mkdtemp(prefix="acollida-directory-bench-"))
    server = None
    front: Front | None = None
    try:
        env = _setup(folder)
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection, connections

        from bench import directory_data
        from bench.http import free_port, start_gunicorn, stop, wait_until_ready

        loaded = _load_or_reuse(services=args.services, seed=args.seed, reuse=args.reuse)
        call_command("collectstatic", interactive=False, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute(
                "select sqlite_version()" if connection.vendor == "sqlite" else "show server_version"
            )
            db_version = cursor.fetchone()[0]
        picked = directory_data.pick_services(500, args.seed)
        with_arabic = [pk for pk, arabic in picked if arabic]
        rng = random.Random(args.seed)

        def search() -> str:
            lang, query, filters, _crossing = rng.choice(QUERIES)
            return _search_path(lang, query, filters)

        paths: dict[str, Callable[[], str]] = {
            "empty_view": lambda: "/bench/empty",
            "home": lambda: _home_path(rng.choice(LANGS)),
            "search": search,
            "service": lambda: _service_path(rng.choice(LANGS), rng.choice(picked)[0]),
        }
        in_process = _sql_and_hits(paths, args.seed)
        connections.close_all()

        port = free_port()
        server = start_gunicorn(env, port, args.workers, folder / "gunicorn.log")
        wait_until_ready(port, server)
        latency = _latency(port, paths, args.requests, args.seed)

        front = _start_front(port, Path(settings.STATIC_ROOT))
        service_id = with_arabic[0] if with_arabic else picked[0][0]
        pages = {
            f"{page}_{lang}": path
            for lang in ("ca", "ar")
            for page, path in (
                ("home", _home_path(lang)),
                ("search", _search_path(lang, "advocat" if lang == "ca" else "محامي", {})),
                ("service", _service_path(lang, service_id)),
            )
        }
        weight = {name: _weight(front.server_address[1], path) for name, path in pages.items()}
        lighthouse = None
        if not args.no_lighthouse:
            base = f"http://{HOST}:{front.server_address[1]}"
            lighthouse = {name: _lighthouse(base + path, args.chrome) for name, path in pages.items()}

        report = {
            "benchmark": "directory",
            "load": loaded,
            "latency": latency,
            "in_process": in_process,
            "page_weight": weight,
            "lighthouse": lighthouse,
            "targets": {
                "search_p95_ms": TARGET_SEARCH_P95_MS,
                "page_bytes": TARGET_PAGE_BYTES,
                "lighthouse_min": TARGET_LIGHTHOUSE,
                "search_met": latency["search"]["target_met"],
                "pages_met": all(item["under_target_gzip_only"] for item in weight.values()),
                "lighthouse_met": None
                if lighthouse is None
                else all(item.get("target_met", False) for item in lighthouse.values()),
            },
            "setup": {
                "server": f"gunicorn, {args.workers} sync workers, production settings, bench.benchsite",
                "client": "one client, sequential requests over http.client, same machine",
                "requests_per_endpoint": args.requests,
                "front": "proxy in this process: /static/ from collectstatic, gzip level 6 for text",
            },
            "machine": {
                "cpu_count": os.cpu_count(),
                "load_average_1_5_15_min": {
                    "start": load_at_start,
                    "end": [round(value, 2) for value in os.getloadavg()],
                },
                "platform": platform.platform(),
                "python": platform.python_version(),
                "database": {"vendor": connection.vendor, "version": db_version},
            },
            "code": _code_version(),
            "runtime_s": round(time.monotonic() - started, 1),
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    except Exception:
        log = folder / "gunicorn.log"
        if log.exists():
            sys.stderr.write(log.read_text(encoding="utf-8", errors="replace")[-4000:])
        raise
    finally:
        if front is not None:
            front.shutdown()
        if server is not None:
            stop(server)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
