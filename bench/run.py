"""`make bench`: the portal served by gunicorn under load, with caching off and on, a soak, the cost of each page
at three archive sizes, and the fault test.

1. The benchmark databases (PostgreSQL on 127.0.0.1:5432): ``portal_bench`` (50,000 articles), and for the
   cost by archive size ``portal_bench_5k`` and ``portal_bench_250k``: each created if missing, migrated, and
   filled by bench/data.py unless it already holds its full set (N published articles, 4N photos, 200 units,
   5,000 people, 20 years of conference reports), with the build's time printed.
2. For each configuration (caching off: no CACHE_URL, PORTAL_CACHE_PAGES=false; caching on: Redis on
   127.0.0.1:6379/1, PORTAL_CACHE_PAGES=true): gunicorn with 2 workers and production settings (DEBUG off,
   behind a TLS proxy, persistent connections); a signed-in reader; for each reader page, a warm-up, then
   load from a second process (wrk, else bench/load.py's Python generator): requests per second, p50 and p99
   latency, and throughput as a ratio to /ping (the trivial view), which is measured the same way between
   every two pages, so that each page is compared with the runs just before and after it. The reader is signed
   in, so reading is recorded as in production: each article page request records its read, the front page and
   the news list look up the reader's unread marks; in-process, what a read and a page's marks cost alone.
3. A soak in each configuration: 64 connections for 30 s rotating over the reader pages: every answer 200
   (no 5xx, nor a 4xx or a redirect to the sign-in page), no socket error, no error in gunicorn's log.
4. Cost by archive size (--sizes, default 5,000, 50,000 and 250,000 articles): at each size, caching off, each
   reader page (picked from that size's data by the same rules) loaded briefly, and the server CPU per request;
   the growth from the smallest size to the largest against its limit (1.5×, search 3×).
5. bench/faults.py: database and cache stopped while serving, on private servers it starts itself.

Exit status: non-zero when a soak or fault check fails. The speed and growth targets are reported, not enforced.

    .venv/bin/python bench/run.py [--load wrk|python] [--duration 10] [--sizes 5000,50000] [--skip-faults] …
"""

import argparse
import datetime
import os
import platform
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import generator_name, pick_generator, run_load  # noqa: E402
from serving import (  # noqa: E402
    LOG_ERROR,
    PYTHON,
    ROOT,
    Gunicorn,
    manage,
    personal_cost,
    prepare,
    reading_cost,
    request,
    settings_env,
    sign_in,
    version_of,
)

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/portal_bench"
CACHE_URL = "redis://127.0.0.1:6379/1"
MAIN_SIZE = 50_000  # articles in the database at --database-url, the one the configurations serve
SIZES = "5000,50000,250000"
PHOTOS_PER_ARTICLE = 4  # as bench/data.py makes them
REPORT_YEARS = 20
REPORT_YEARS_SQL = (
    "SELECT count(DISTINCT e.year) FROM news_article a JOIN news_event e ON a.event_id = e.id "
    "WHERE a.status = 'published' AND a.publish_at <= now() AND e.kind IN "
    "('year_end_review', 'workers_conference', 'party_review', 'conference')"
)
TARGET_OFF, TARGET_SEARCH_OFF, TARGET_ON = 15, 30, 2  # a page's throughput ≥ 1/N of /ping's
GROWTH_LIMIT, SEARCH_GROWTH_LIMIT = 1.5, 3.0  # a page's CPU per request, largest archive over smallest


def say(text=""):
    print(text, flush=True)


def heading(text):
    say(f"\n== {text}")


# The machine.


def machine():
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = "unknown"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    redis = version_of(["redis-server", "--version"]) or "not found"
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "redis": redis.replace("Redis server ", "").split(" sha=")[0],
    }


def redis_pid(cache_url):
    """The process id of the Redis server at ``cache_url`` (from INFO), or None."""
    parts = urlsplit(cache_url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2) as connection:
            connection.sendall(b"INFO server\r\n")
            data = b""
            while b"process_id:" not in data or not data.endswith(b"\r\n"):
                chunk = connection.recv(65536)
                if not chunk:
                    break
                data += chunk
    except OSError:
        return None
    match = re.search(rb"process_id:(\d+)", data)
    return int(match.group(1)) if match else None


def load_average():
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def cpu_busy(seconds=2.0):
    """The share of all CPUs' time spent busy over ``seconds`` (from /proc/stat)."""

    def sample():
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + fields[4]  # idle + iowait
        return sum(fields), idle

    total_before, idle_before = sample()
    time.sleep(seconds)
    total_after, idle_after = sample()
    total = total_after - total_before
    return 1 - (idle_after - idle_before) / total if total else 0.0


def wait_for_quiet(limit, threshold):
    """The benchmark shares the machine: wait up to ``limit`` seconds for other work to calm down."""
    started = time.monotonic()
    busy = cpu_busy()
    while busy > threshold and time.monotonic() - started < limit:
        say(f"  machine busy ({busy:.0%} CPU used by other processes): waiting for a quieter moment …")
        time.sleep(8)
        busy = cpu_busy()
    waited = time.monotonic() - started
    verdict = "quiet" if busy <= threshold else f"still busy after {waited:.0f} s: figures are pessimistic"
    say(f"  CPU busy before measuring: {busy:.0%} ({verdict}); load average {load_average()}")
    return busy


# The benchmark database.


def database_counts(url):
    import psycopg2

    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SELECT to_regclass('news_article') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return version, None
        counts = {}
        for name, sql in (
            ("articles", "SELECT count(*) FROM news_article WHERE status = 'published' AND publish_at <= now()"),
            ("photos", "SELECT count(*) FROM news_photo"),
            ("units", "SELECT count(*) FROM news_unit"),
            ("people", "SELECT count(*) FROM news_person"),
            ("report years", REPORT_YEARS_SQL),
        ):
            cursor.execute(sql)
            counts[name] = cursor.fetchone()[0]
    return version, counts


def ensure_database(url):
    """Create the database when it is missing; True if it was created."""
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    connection = psycopg2.connect(server)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone():
                return False
            cursor.execute(f'CREATE DATABASE "{name}"')
            return True
    finally:
        connection.close()


def full_set(articles):
    """What bench/data.py --articles N builds: the archive scales, units, people and report years do not."""
    return {"articles": articles, "photos": PHOTOS_PER_ARTICLE * articles, "units": 200, "people": 5_000}


def is_full(counts, articles):
    """At least the full set, and not a much larger archive: sizes are compared with each other."""
    if counts is None:
        return False
    enough = all(counts[key] >= value for key, value in full_set(articles).items())
    return enough and counts["articles"] <= articles * 1.05 and counts["report years"] >= REPORT_YEARS


def size_label(articles):
    return f"{articles // 1000}k" if articles % 1000 == 0 else str(articles)


def size_database_url(main_url, articles):
    """The main database for MAIN_SIZE articles, else its name with the size appended (portal_bench_5k)."""
    if articles == MAIN_SIZE:
        return main_url
    parts = urlsplit(main_url)
    return urlunsplit(parts._replace(path=f"{parts.path}_{size_label(articles)}"))


def build_database(url, env, articles=MAIN_SIZE):
    """Create, migrate and fill the database unless it holds the full set: (version, counts, seconds built)."""
    heading(f"Benchmark database: {urlsplit(url).path.lstrip('/')} on {urlsplit(url).hostname}:{urlsplit(url).port}")
    if ensure_database(url):
        say("created the database")
    manage(env, "migrate", "--noinput", quiet=True)
    version, counts = database_counts(url)
    seconds = None
    if is_full(counts, articles):
        say(f"already built: {format_counts(counts)}")
    else:
        have = format_counts(counts) if counts else "nothing"
        say(f"building {articles:,} articles with bench/data.py (have: {have})")
        started = time.monotonic()
        subprocess.run([PYTHON, "bench/data.py", "--articles", str(articles)], cwd=ROOT, env=env, check=True)
        seconds = time.monotonic() - started
        say(f"built in {seconds:.0f} s")
        version, counts = database_counts(url)
        say(format_counts(counts))
    return version, counts, seconds


def format_counts(counts):
    return ", ".join(f"{value:,} {key}" for key, value in counts.items())


# Measuring.

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User + system CPU seconds of a process so far, or None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / TICK


class CpuMeter:
    """CPU time the serving side spends during a run: gunicorn's workers, the PostgreSQL backends on the
    benchmark database (polled, since a persistent connection may be replaced mid-run) and, with caching on,
    redis-server. Divided by the requests served it is a cost per request that depends far less than req/s
    on what else the machine is doing: the machine these benchmarks run on is shared."""

    def __init__(self, server, database_url, redis_pid=None):
        import psycopg2

        self.server, self.redis_pid = server, redis_pid
        self.database = urlsplit(database_url).path.lstrip("/")
        self.connection = psycopg2.connect(database_url)
        self.connection.autocommit = True
        self.first, self.last = {}, {}
        self.stopping = None

    def pids(self):
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [self.database]
            )
            backends = [row[0] for row in cursor.fetchall()]
        return [*self.server.worker_pids(), *backends, *([self.redis_pid] if self.redis_pid else [])]

    def sample(self, starting=False):
        for pid in self.pids():
            used = cpu_seconds(pid)
            if used is None:
                continue
            # A process first seen after the start began during the run: all its time counts.
            self.first.setdefault(pid, used if starting else 0.0)
            self.last[pid] = used

    def __enter__(self):
        import threading

        self.first, self.last = {}, {}
        self.sample(starting=True)
        self.stopping = threading.Event()

        def poll():
            while not self.stopping.wait(0.5):
                self.sample()

        self.thread = threading.Thread(target=poll, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join()
        self.sample()
        self.seconds = sum(self.last[pid] - self.first[pid] for pid in self.last)

    def close(self):
        self.connection.close()


def fmt_ratio(ratio):
    return f"1/{1 / ratio:.1f}" if 0 < ratio < 1 else f"{ratio:.2f}"


def load_page(server, path, warmup, duration, headers, connections, generator, meter):
    """A warm-up, then ``duration`` seconds of load on one path with the server's CPU metered: run_load's
    figures and ``cpu_ms``, the server CPU per request."""
    run_load(server.port, [path], connections, warmup, headers, generator)
    with meter:
        figures = run_load(server.port, [path], connections, duration, headers, generator)
    figures["cpu_ms"] = meter.seconds * 1000 / figures["requests"] if figures["requests"] else 0.0
    return figures


def measure(server, pages, headers, options, generator, meter):
    """/ping between every two pages, so that each page is compared with the trivial view measured just before
    and just after it (the machine is shared: its load drifts); rows for the table."""
    rows, pings = [], []

    def one(path, warmup, duration):
        return load_page(server, path, warmup, duration, headers, options.connections, generator, meter)

    def ping():
        figures = one("/ping", 1 if pings else options.warmup, options.ping_duration)
        pings.append(figures)
        return figures

    cookies = {"sessionid": headers[0].split("=", 1)[1]}
    checked = {}
    for _name, path in [("ping", "/ping"), *pages]:
        answer = request(server.port, path, cookies=cookies)
        checked[path] = answer
        if answer.status != 200:
            say(f"  ! {path} answers {answer.status} before the load: not measured")
    before = ping()
    for name, path in pages:
        if checked[path].status != 200:
            rows.append({"name": name, "path": path, "status": checked[path].status})
            continue
        try:
            figures = one(path, options.warmup, options.duration)
        except RuntimeError as error:
            rows.append({"name": name, "path": path, "error": str(error).splitlines()[0]})
            continue
        after = ping()
        figures.update(name=name, path=path, page_bytes=len(checked[path].body))
        figures["ping_rps"] = (before["rps"] + after["rps"]) / 2
        figures["ping_cpu_ms"] = (before["cpu_ms"] + after["cpu_ms"]) / 2
        rows.append(figures)
        say(
            f"  {name:18} {figures['rps']:8.1f} req/s  p50 {figures['p50_ms']:7.1f} ms  "
            f"p99 {figures['p99_ms']:7.1f} ms  CPU {figures['cpu_ms']:.1f} ms/req; /ping around it "
            f"{before['rps']:.0f} and {after['rps']:.0f} req/s, {before['cpu_ms']:.2f} and {after['cpu_ms']:.2f} ms/req"
            f" (load {load_average()})"
        )
        before = after
    return pings, rows


def target_for(name, caching):
    if caching:
        return TARGET_ON
    return TARGET_SEARCH_OFF if name == "search" else TARGET_OFF


def table(label, pings, rows, caching):
    lines = [
        f"{label}",
        "",
        "| page | path | req/s | p50 ms | p99 ms | ratio to /ping | target | met | server CPU ms/req | CPU ratio |",
        "|---|---|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    rates = [figures["rps"] for figures in pings]
    p50 = statistics.median(figures["p50_ms"] for figures in pings)
    p99 = statistics.median(figures["p99_ms"] for figures in pings)
    cpu = statistics.median(figures["cpu_ms"] for figures in pings)
    lines.append(
        f"| trivial view ({len(pings)} runs, {min(rates):.0f}–{max(rates):.0f} req/s) | `/ping` "
        f"| {statistics.mean(rates):.0f} | {p50:.1f} | {p99:.1f} | 1 | | | {cpu:.2f} | 1 |"
    )
    met_all = True
    for row in rows:
        target = target_for(row["name"], caching)
        if "rps" in row and not row["requests"]:
            row = {**row, "error": f"no request completed in {row['seconds']:.0f} s"}
            del row["rps"]
        if "rps" not in row:
            problem = f"HTTP {row['status']}" if "status" in row else row["error"]
            lines.append(f"| {row['name']} | `{row['path']}` | — | — | — | — | ≥ 1/{target} | no: {problem} | — | — |")
            met_all = False
            continue
        ratio = row["rps"] / row["ping_rps"] if row["ping_rps"] else 0
        clean = not row["non_ok"] and not any(row["errors"].values())
        met = ratio >= 1 / target and clean
        met_all = met_all and met
        notes = []
        if not clean:
            errors = ", ".join(f"{key} {value}" for key, value in row["errors"].items() if value)
            notes.append(f"{row['non_ok']} non-2xx/3xx{', ' + errors if errors else ''}")
        if row.get("statuses") and set(row["statuses"]) != {"200"}:
            notes.append("statuses " + ", ".join(f"{code}: {count}" for code, count in row["statuses"].items()))
        elif row["bytes_per_response"] < 0.5 * row["page_bytes"]:
            notes.append(f"responses of {row['bytes_per_response']:.0f} bytes, the page has {row['page_bytes']}")
        note = f" ({'; '.join(notes)})" if notes else ""
        cpu_ratio = row["ping_cpu_ms"] / row["cpu_ms"] if row["cpu_ms"] else 0
        lines.append(
            f"| {row['name']} | `{row['path']}` | {row['rps']:.1f} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} "
            f"| {ratio:.3f} ({fmt_ratio(ratio)}) | ≥ 1/{target} | {'yes' if met else 'no'}{note} "
            f"| {row['cpu_ms']:.1f} | {fmt_ratio(cpu_ratio)} |"
        )
    return "\n".join(lines), met_all


def soak(server, pages, headers, options, generator):
    """64 connections for 30 s over the reader pages; (passed, report lines)."""
    say(f"  soak: {options.soak_connections} connections for {options.soak_duration} s over {len(pages)} pages …")
    log_before = len(server.log_text())
    figures = run_load(
        server.port,
        [path for _, path in pages],
        options.soak_connections,
        options.soak_duration,
        headers,
        generator,
        statuses=True,
        timeout=options.soak_timeout,
    )
    errors_logged = server.log_errors()
    during = [line for line in server.log_text()[log_before:].splitlines() if LOG_ERROR.search(line)]
    statuses = figures["statuses"] or {}
    # Every reader page answers 200: a 5xx is a failure, and so is a 4xx or a redirect (to the sign-in page).
    not_200 = sum(count for code, count in statuses.items() if code != "200")
    socket_errors = sum(figures["errors"].values())
    lines = [
        f"{figures['requests']} requests in {figures['seconds']:.1f} s, {figures['rps']:.1f} req/s, "
        f"p50 {figures['p50_ms']:.0f} ms, p99 {figures['p99_ms']:.0f} ms, max {figures['max_ms']:.0f} ms",
        "statuses: " + (", ".join(f"{code}: {count}" for code, count in sorted(statuses.items())) or "none"),
        "socket errors: " + ", ".join(f"{key} {value}" for key, value in figures["errors"].items()),
        f"error lines in gunicorn's log: {len(errors_logged)} since it started, {len(during)} during the soak",
    ]
    lines += [f"    {line}" for line in errors_logged[:10]]
    passed = not not_200 and not socket_errors and not errors_logged and figures["requests"] > 0
    return passed, lines


def run_configuration(label, env, pages, options, generator, log_path, caching):
    heading(label)
    say(f"gunicorn log: {log_path}")
    busy = wait_for_quiet(options.quiet_wait, options.quiet_below)
    server = Gunicorn(env, log_path, port=options.port)
    with server:
        say(f"gunicorn on 127.0.0.1:{server.port}, workers {server.worker_pids()}; load {load_average()}")
        health = request(server.port, "/healthz")
        say(f"/healthz: {health.status} {health.text.strip()[:200]}")
        session = sign_in(server.port)
        headers = [f"Cookie: sessionid={session}", "X-Forwarded-Proto: https"]
        meter = CpuMeter(server, options.database_url, redis_pid(options.cache_url) if caching else None)
        try:
            pings, rows = measure(server, pages, headers, options, generator, meter)
        finally:
            meter.close()
        text, met = table(label, pings, rows, caching)
        soak_passed, soak_lines = (None, [])
        if not options.skip_soak:
            soak_passed, soak_lines = soak(server, pages, headers, options, generator)
        workers_after = server.worker_pids()
        say(f"workers after: {workers_after}; load {load_average()}")
    text += f"\n\nCPU busy with other work just before: {busy:.0%}"
    return {"table": text, "met": met, "soak": soak_passed, "soak_lines": soak_lines}


# Cost by archive size.


def growth_limit(name):
    return SEARCH_GROWTH_LIMIT if name == "search" else GROWTH_LIMIT


def measure_size(articles, url, secret_key, options, generator, log_path):
    """Caching off, as the configuration above: each reader page of this size's data loaded briefly, with the
    server CPU per request. The pages are picked from this database by bench/serving.py's rules, so that each
    size is measured on its own busiest unit and year, newest report, most-named person…"""
    env = settings_env(url, secret_key=secret_key)
    say(f"\n{size_label(articles)}: {urlsplit(url).path.lstrip('/')}; gunicorn log: {log_path}")
    # Step 1 migrated it, but the code served may have gained a migration during the configurations' runs.
    manage(env, "migrate", "--noinput", quiet=True)
    pages = [tuple(page) for page in prepare(env)["pages"]]
    busy = wait_for_quiet(options.quiet_wait, options.quiet_below)
    rows = []
    with Gunicorn(env, log_path, port=options.port) as server:
        session = sign_in(server.port)
        headers = [f"Cookie: sessionid={session}", "X-Forwarded-Proto: https"]
        meter = CpuMeter(server, url)
        try:
            for name, path in [("trivial view", "/ping"), *pages]:
                row = {"name": name, "path": path}
                rows.append(row)
                answer = request(server.port, path, cookies={"sessionid": session})
                if answer.status != 200:
                    row["problem"] = f"HTTP {answer.status}"
                    say(f"  ! {path} answers {answer.status}: not measured")
                    continue
                try:
                    figures = load_page(
                        server,
                        path,
                        options.size_warmup,
                        options.size_duration,
                        headers,
                        options.connections,
                        generator,
                        meter,
                    )
                except RuntimeError as error:
                    row["problem"] = str(error).splitlines()[0]
                    continue
                if not figures["requests"]:
                    row["problem"] = f"no request completed in {figures['seconds']:.0f} s"
                    continue
                if figures["non_ok"] or any(figures["errors"].values()):
                    errors = ", ".join(f"{key} {value}" for key, value in figures["errors"].items() if value)
                    row["note"] = f"{figures['non_ok']} non-2xx/3xx{', ' + errors if errors else ''}"
                row["cpu_ms"], row["rps"] = figures["cpu_ms"], figures["rps"]
                say(f"  {name:18} CPU {row['cpu_ms']:6.1f} ms/req  {row['rps']:7.1f} req/s  (load {load_average()})")
        finally:
            meter.close()
    return {"articles": articles, "url": url, "rows": rows, "busy": busy}


def sizes_table(results, builds, options):
    """The table of CPU per request by archive size, and whether every page's growth is within its limit."""
    sizes = [result["articles"] for result in results]
    first, last = size_label(sizes[0]), size_label(sizes[-1])
    lines = [
        f"Cost by archive size (caching off; per page {options.size_warmup} s warm-up, then "
        f"{options.size_duration} s of load on {options.connections} connections; server CPU per request)",
        "",
        "| page | "
        + " | ".join(
            f"CPU ms/req at {size_label(size)}" if n == 0 else size_label(size) for n, size in enumerate(sizes)
        )
        + f" | growth {first}→{last} | limit | met |",
        "|---|" + "---:|" * len(sizes) + "---:|---:|---|",
    ]
    by_size = [{n: row for n, row in enumerate(result["rows"])} for result in results]
    met_all = True
    for n in range(max(len(result["rows"]) for result in results)):
        rows = [rows_of_size.get(n) for rows_of_size in by_size]
        names = list(dict.fromkeys(row["name"] for row in rows if row))
        name = " / ".join(names)
        reference = any(row and row["path"] == "/ping" for row in rows)  # the trivial view: a yardstick
        cells, problems = [], []
        for size, row in zip(sizes, rows, strict=True):
            if row is None or "cpu_ms" not in row:
                cells.append("—")
                problems.append(f"{size_label(size)}: {row['problem'] if row else 'no such page'}")
            else:
                cells.append(f"{row['cpu_ms']:.2f}" if row["cpu_ms"] < 10 else f"{row['cpu_ms']:.1f}")
                if row.get("note"):
                    problems.append(f"{size_label(size)}: {row['note']}")
        measured = [row for row in (rows[0], rows[-1]) if row and "cpu_ms" in row]
        growth = measured[1]["cpu_ms"] / measured[0]["cpu_ms"] if len(measured) == 2 and measured[0]["cpu_ms"] else None
        growth_text = f"{growth:.2f}×" if growth is not None else "—"
        if reference:
            lines.append(f"| {name} (`/ping`, for reference) | {' | '.join(cells)} | {growth_text} | | |")
            continue
        limit = growth_limit(names[0])
        met = growth is not None and growth <= limit and not problems
        met_all = met_all and met
        verdict = ("yes" if met else "no") + (f" ({'; '.join(problems)})" if problems else "")
        lines.append(f"| {name} | {' | '.join(cells)} | {growth_text} | ≤ {limit:g}× | {verdict} |")
    lines += ["", "Pages as picked at each size (by the same rules, from that size's data):"]
    for n in range(max(len(result["rows"]) for result in results)):
        paths = [(result["articles"], result["rows"][n]) for result in results if n < len(result["rows"])]
        if len({row["path"] for _, row in paths}) > 1:
            lines.append(
                f"- {paths[0][1]['name']}: " + "; ".join(f"{size_label(size)} `{row['path']}`" for size, row in paths)
            )
    lines += ["", "Databases:"]
    for result in results:
        built = builds.get(result["articles"])
        how = f"built this run in {built:.0f} s" if built is not None else "built before"
        lines.append(
            f"- {size_label(result['articles'])}: {urlsplit(result['url']).path.lstrip('/')} "
            f"({format_counts(result['counts'])}; {how}); CPU busy with other work just before: {result['busy']:.0%}"
        )
    return "\n".join(lines), met_all


def run_sizes(sizes, builds, counts, secret_key, options, generator, log_dir):
    heading(f"Cost by archive size: {', '.join(f'{size:,}' for size in sizes)} articles, caching off")
    results = []
    for articles in sizes:
        url = size_database_url(options.database_url, articles)
        log_path = log_dir / f"gunicorn-size-{size_label(articles)}.log"
        try:
            result = measure_size(articles, url, secret_key, options, generator, log_path)
        except (RuntimeError, OSError) as error:
            say(f"FAIL: {articles:,} articles: {error}")
            result = {"articles": articles, "url": url, "rows": [], "busy": 0.0}
        result["counts"] = counts[articles]
        results.append(result)
    if not any(result["rows"] for result in results):
        return "Cost by archive size: not measured", False
    return sizes_table(results, builds, options)


def parse_sizes(text):
    return sorted({int(size.replace("_", "")) for size in text.split(",") if size.strip()})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DATABASE_URL))
    parser.add_argument("--cache-url", default=os.environ.get("BENCH_CACHE_URL", CACHE_URL))
    parser.add_argument("--load", choices=["auto", "wrk", "python"], default=os.environ.get("BENCH_LOAD", "auto"))
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per page")
    parser.add_argument("--ping-duration", type=int, default=5, help="seconds of load on /ping between pages")
    parser.add_argument("--soak-connections", type=int, default=64)
    parser.add_argument("--soak-duration", type=int, default=30)
    parser.add_argument("--soak-timeout", type=int, default=20, help="seconds before a soak request counts as lost")
    parser.add_argument("--configs", default="off,on", help="caching configurations to run: off, on or off,on")
    parser.add_argument("--port", type=int, default=8091)
    parser.add_argument("--quiet-wait", type=int, default=120, help="seconds to wait for a quiet machine")
    parser.add_argument("--quiet-below", type=float, default=0.2, help="CPU share that counts as quiet")
    parser.add_argument("--skip-soak", action="store_true")
    parser.add_argument(
        "--sizes",
        default=SIZES,
        help=f"archive sizes (articles) for the cost by archive size, default {SIZES}; '' skips it; "
        f"{MAIN_SIZE} is --database-url's database, another size N that name with _Nk appended",
    )
    parser.add_argument("--size-warmup", type=int, default=2, help="seconds of warm-up per page and size")
    parser.add_argument("--size-duration", type=int, default=5, help="seconds of load per page and size")
    parser.add_argument("--skip-sizes", action="store_true", help="no cost by archive size (nor its databases)")
    parser.add_argument("--skip-faults", action="store_true")
    options = parser.parse_args()

    started = time.monotonic()
    generator = pick_generator(options.load)
    info = machine()
    say(f"Portal serving benchmark, {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    say(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    say(
        f"machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory']} RAM, Linux {info['kernel']}, "
        f"Python {info['python']}, Redis {info['redis']}"
    )
    say(f"load generator: {generator_name(generator)}" + ("" if generator == "wrk" else " (wrk is not installed)"))
    say(f"load average at start: {load_average()}")

    secret_key = secrets.token_urlsafe(50)
    base_env = settings_env(options.database_url, secret_key=secret_key)
    pg_version, counts, _ = build_database(options.database_url, base_env)
    sizes = [] if options.skip_sizes else parse_sizes(options.sizes)
    size_counts, size_builds = {}, {}
    for articles in sizes:
        url = size_database_url(options.database_url, articles)
        if url == options.database_url:
            size_counts[articles] = counts
            continue
        _, size_counts[articles], size_builds[articles] = build_database(
            url, settings_env(url, secret_key=secret_key), articles
        )
    say(f"PostgreSQL {pg_version}")
    manage(base_env, "collectstatic", "--noinput", quiet=True)
    prepared = prepare(base_env)
    pages = [tuple(page) for page in prepared["pages"]]
    say("pages: " + ", ".join(f"{name} {path}" for name, path in pages))

    log_dir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    results = {}
    for config in [c.strip() for c in options.configs.split(",") if c.strip()]:
        caching = config == "on"
        env = settings_env(
            options.database_url,
            cache_url=options.cache_url if caching else None,
            cache_pages=caching,
            secret_key=secret_key,
        )
        described = (
            f"CACHE_URL={options.cache_url} PORTAL_CACHE_PAGES=true"
            if caching
            else "CACHE_URL unset (local memory), PORTAL_CACHE_PAGES=false"
        )
        label = f"Caching {config} ({described})"
        try:
            log_path = log_dir / f"gunicorn-caching-{config}.log"
            results[config] = run_configuration(label, env, pages, options, generator, log_path, caching)
        except (RuntimeError, OSError) as error:
            say(f"FAIL: caching {config}: {error}")
            results[config] = {"table": f"{label}\n\nnot measured: {error}", "met": False, "soak": False}

    size_table = None
    if sizes:
        size_table = run_sizes(sizes, size_builds, size_counts, secret_key, options, generator, log_dir)

    heading("Results")
    load_line = (
        f"wrk -t2 -c{options.connections} -d{options.duration}s"
        if generator == "wrk"
        else f"bench/load.py -c {options.connections} -d {options.duration}"
    )
    say(
        f"{generator_name(generator)}; per page: {options.warmup} s warm-up, then {load_line}; "
        f"between two pages, /ping for {options.ping_duration} s after 1 s warm-up; gunicorn --workers 2; "
        "ratio = page req/s / mean req/s of the /ping runs just before and just after the page"
    )
    failures = []
    for config, result in results.items():
        say()
        say(result["table"])
        say(
            f"\nTargets with caching {config}: {'all met' if result['met'] else 'NOT all met'} (reported, not enforced)"
        )
        if result["soak"] is not None:
            say(f"\nSoak with caching {config}: {'PASS' if result['soak'] else 'FAIL'}")
            for line in result.get("soak_lines", []):
                say(f"  {line}")
            if not result["soak"]:
                failures.append(f"soak with caching {config}")
    if "on" in results:
        try:
            personal = personal_cost(base_env)
            say(
                "\nPersonal part (a reader's own links added to the shared copy, per request, in-process): "
                f"reader {personal['reader']:.0f} µs, editor {personal['editor']:.0f} µs; the shared part is "
                "the caching-on table above, which includes it"
            )
        except RuntimeError as error:
            say(f"\nPersonal part: not measured: {error}")
    try:
        reading = reading_cost(base_env)
        say(
            "\nReading (in-process on the 50,000-article database, wall time with its round trips): recording a "
            f"read {reading['new']:.0f} µs when it is the reader's first of the day (a new row), "
            f"{reading['repeat']:.0f} µs when repeated (nothing written); a page's unread marks (20 cards, one query) "
            f"{reading['marks_unread']:.0f} µs, {reading['marks_read']:.0f} µs once all are read "
            f"({reading['reads']} reads). Recording is on in the tables above: the article page is the signed-in "
            "bench reader's, so each of its requests records the read (a repeat after the first), and the front page "
            "and the news list look up the reader's unread marks, cached copy or not"
        )
    except RuntimeError as error:
        say(f"\nReading: not measured: {error}")
    if size_table:
        text, met = size_table
        say()
        say(text)
        say(f"\nGrowth limits: {'all met' if met else 'NOT all met'} (reported, not enforced)")

    if not options.skip_faults:
        heading("Faults (bench/faults.py)")
        faults = subprocess.run([PYTHON, str(Path(__file__).with_name("faults.py"))], cwd=ROOT, env=os.environ)
        if faults.returncode:
            failures.append("fault test")

    heading("Summary")
    say(f"gunicorn logs: {log_dir}")
    say(f"load average at the end: {load_average()}; took {time.monotonic() - started:.0f} s")
    if failures:
        say("FAIL: " + ", ".join(failures))
        return 1
    ran = [f"soak with caching {config}" for config, result in results.items() if result["soak"] is not None]
    ran += [] if options.skip_faults else ["fault test"]
    say(f"PASS: {', '.join(ran)}" if ran else "nothing judged (no soak, no fault test)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
