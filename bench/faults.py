"""The portal when its database or its cache stops while it serves (part of `make bench`).

Starts PRIVATE servers in a temporary folder, never touching the machine's shared ones: a PostgreSQL cluster
(initdb; as the ``postgres`` user when run as root) on a free port from 55432, and ``redis-server`` on a free
port from 56379 keeping nothing on disk. Migrates a small portal there (bench/data.py --articles 2000
--photos 2000), serves it with gunicorn (2 workers, production settings, caching on), signs in, then:

1. stops PostgreSQL (``pg_ctl stop -m fast``): reader pages read before keep being served from the cache
   (200: the session, the user and the page all live in Redis), while a page not in the cache and /healthz
   must answer 503 within a few seconds (not hang, not 500); after PostgreSQL starts again, pages must be
   200 again with the same gunicorn (no restart);
2. stops Redis: reader pages must still answer 200 (from the database) quickly; what /healthz says is
   reported; after Redis starts again, pages and /healthz are checked again.

Prints a PASS or FAIL line per check (INFO lines report without judging); exits non-zero on any FAIL.

    .venv/bin/python bench/faults.py [--keep]
"""

import argparse
import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import (  # noqa: E402
    PYTHON,
    ROOT,
    Gunicorn,
    free_port,
    manage,
    prepare,
    request,
    settings_env,
    sign_in,
)

QUICK = 5.0  # seconds: an answer slower than this is a hang as far as a reader is concerned
PATIENCE = 30.0  # seconds the check waits for any answer at all
RECOVERY = 20.0  # seconds the portal has to serve again once the server is back


class Checks:
    def __init__(self):
        self.failed = []

    def result(self, passed, name, detail):
        print(f"{'PASS' if passed else 'FAIL'} {name}: {detail}", flush=True)
        if not passed:
            self.failed.append(name)
        return passed

    @staticmethod
    def info(name, detail):
        print(f"INFO {name}: {detail}", flush=True)


def pg_binary(name):
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not candidates:
        raise SystemExit(f"{name} not found (PostgreSQL server binaries are needed for the fault test)")
    return candidates[-1]


class PrivatePostgres:
    def __init__(self, work):
        self.work = work
        self.data = work / "pg"
        self.sockets = work / "pg-sockets"
        self.log = work / "postgresql.log"
        self.port = free_port(55432)
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def run(self, *command, check=True):
        result = subprocess.run([*self.as_user, *command], capture_output=True, text=True, check=False)
        if check and result.returncode:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
        return result

    def init(self):
        for folder in (self.data, self.sockets):
            folder.mkdir()
            if self.as_user:
                shutil.chown(folder, "postgres", "postgres")
        if self.as_user:
            self.log.touch()
            shutil.chown(self.log, "postgres", "postgres")
        self.run(pg_binary("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.sockets} "
            "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        )
        pg_ctl = pg_binary("pg_ctl")
        self.run(pg_ctl, "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60", "start")

    def stop(self, mode="fast", check=True):
        return self.run(pg_binary("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop", check=check)

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name):
        import psycopg2

        connection = psycopg2.connect(self.url("postgres"))
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        connection.close()


class PrivateRedis:
    def __init__(self, work):
        self.work = work
        self.port = free_port(56379)
        self.process = None

    def start(self):
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        command += ["--dir", str(self.work)]
        with open(self.work / "redis.log", "ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as probe:
                    probe.sendall(b"PING\r\n")
                    if probe.recv(64).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# A reader page nobody has asked for, so not in the page cache, when the database stops.
NEVER_READ = "/news/?page=3"


def title_of(response):
    match = re.search(r"<title>(.*?)</title>", response.text, re.S)
    return match.group(1).strip() if match else response.text.strip()[:80]


def probe(port, path, cookies):
    """(status or None, seconds, description) of one request, waiting at most PATIENCE seconds."""
    started = time.monotonic()
    try:
        answer = request(port, path, cookies=cookies, timeout=PATIENCE)
    except TimeoutError:
        return None, time.monotonic() - started, f"no answer within {PATIENCE:.0f} s", None
    except OSError as error:
        return None, time.monotonic() - started, f"connection failed: {error!r}", None
    kind = answer.header("content-type").split(";")[0]
    retry = answer.header("retry-after")
    detail = f"{answer.status} in {answer.seconds:.2f} s, {kind}"
    detail += f", “{title_of(answer)}”" if kind == "text/html" else f", {answer.text.strip()[:120]}"
    if retry:
        detail += f", Retry-After: {retry}"
    return answer.status, answer.seconds, detail, answer


def wait_for_pages(port, paths, cookies, limit):
    """Seconds until every path answers 200, or None after ``limit`` seconds; and the last answers."""
    started = time.monotonic()
    last = {}
    while time.monotonic() - started < limit:
        last = {path: probe(port, path, cookies) for path in paths}
        if all(status == 200 for status, *_ in last.values()):
            return time.monotonic() - started, last
        time.sleep(0.5)
    return None, last


def database_stopped(checks, server, pg, readers, cookies):
    print("\n-- PostgreSQL stopped while serving", flush=True)
    pids_before = (server.process.pid, server.worker_pids())
    started = time.monotonic()
    pg.stop("fast")
    checks.info("database", f"pg_ctl stop -m fast took {time.monotonic() - started:.1f} s")
    # Two rounds, so that both workers (and their persistent connections) meet the stopped database.
    for round_number in (1, 2):
        # Pages read before are in the cache: served as they are. A page never read needs the database.
        expected = {path: 200 for path in readers} | {NEVER_READ: 503, "/healthz": 503}
        for path, wanted in expected.items():
            # A load balancer asks /healthz without a session cookie; readers send theirs.
            status, seconds, detail, answer = probe(server.port, path, {} if path == "/healthz" else cookies)
            name = f"database stopped, {path} (round {round_number}, expected {wanted})"
            friendly = answer is not None and "Traceback" not in answer.text
            checks.result(status == wanted and seconds < QUICK and friendly, name, detail)
    sign_in_page = probe(server.port, "/accounts/login/", {})
    checks.info("database stopped, /accounts/login/", sign_in_page[2])

    started = time.monotonic()
    pg.start()
    checks.info("database", f"pg_ctl start took {time.monotonic() - started:.1f} s")
    recovered, last = wait_for_pages(server.port, [*readers, "/healthz"], cookies, RECOVERY)
    same = server.process.poll() is None and server.process.pid == pids_before[0]
    detail = (
        f"every page 200 again {recovered:.1f} s after PostgreSQL was back"
        if recovered is not None
        else f"not all 200 after {RECOVERY:.0f} s: " + "; ".join(f"{p} {d}" for p, (_, _, d, _) in last.items())
    )
    checks.result(recovered is not None and same, "database back, portal recovers without a restart", detail)
    workers = server.worker_pids()
    checks.info(
        "gunicorn",
        f"master {server.process.pid} (same: {same}); workers {pids_before[1]} before, {workers} after"
        + ("" if workers == pids_before[1] else " (workers were replaced)"),
    )


def cache_stopped(checks, server, redis, readers, cookies):
    print("\n-- Redis stopped while serving", flush=True)
    redis.stop()
    for round_number in (1, 2):
        for path in readers:
            status, seconds, detail, _ = probe(server.port, path, cookies)
            name = f"cache stopped, {path} (round {round_number})"
            checks.result(status == 200 and seconds < QUICK, name, detail)
    checks.info("cache stopped, /healthz", probe(server.port, "/healthz", {})[2])
    warnings = [line for line in server.log_text().splitlines() if re.search(r"cache|redis", line, re.I)]
    checks.info("cache stopped, gunicorn's log", f"{len(warnings)} lines about the cache, e.g. {warnings[-1:]}")

    redis.start()
    recovered, last = wait_for_pages(server.port, [*readers, "/healthz"], cookies, RECOVERY)
    detail = (
        f"pages and /healthz 200 {recovered:.1f} s after Redis was back"
        if recovered is not None
        else "; ".join(f"{p} {d}" for p, (_, _, d, _) in last.items())
    )
    checks.result(recovered is not None, "cache back, portal serves with it again", detail)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (data, logs)")
    parser.add_argument("--port", type=int, default=8092)
    options = parser.parse_args()

    checks = Checks()
    work = Path(tempfile.mkdtemp(prefix="portal-faults-"))
    work.chmod(0o755)
    pg, redis, server = PrivatePostgres(work), PrivateRedis(work), None
    started = time.monotonic()
    try:
        pg.init()
        pg.start()
        redis.start()
        print(f"private PostgreSQL on 127.0.0.1:{pg.port}, Redis on 127.0.0.1:{redis.port}, in {work}", flush=True)
        pg.create_database("portal_faults")
        env = settings_env(pg.url("portal_faults"), cache_url=f"redis://127.0.0.1:{redis.port}/1", cache_pages=True)
        manage(env, "migrate", "--noinput", quiet=True)
        subprocess.run(
            [PYTHON, "bench/data.py", "--articles", "2000", "--photos", "2000"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        manage(env, "collectstatic", "--noinput", quiet=True)
        prepared = prepare(env)
        readers = [path for name, path in prepared["pages"] if name in ("front page", "news list", "article", "search")]
        server = Gunicorn(env, work / "gunicorn.log", port=options.port).start()
        print(
            f"small portal ({prepared['counts']['articles']} articles) built and served on 127.0.0.1:{server.port} "
            f"in {time.monotonic() - started:.0f} s; caching on",
            flush=True,
        )
        cookies = {"sessionid": sign_in(server.port)}
        for path in [*readers, "/healthz"]:
            status, _, detail, _ = probe(server.port, path, cookies)
            checks.result(status == 200, f"all up, {path}", detail)

        database_stopped(checks, server, pg, readers, cookies)
        cache_stopped(checks, server, redis, readers, cookies)

        tracebacks = server.log_text().count("Traceback")
        errors = len(server.log_errors())
        checks.info("gunicorn's log", f"{tracebacks} tracebacks, {errors} error lines; {server.log_path}")
        for line in server.log_errors()[:12]:
            print(f"    {line}")
    except Exception as error:  # report, clean up, fail
        checks.result(False, "fault test could not run", f"{type(error).__name__}: {error}")
    finally:
        if server:
            server.stop()
        redis.stop()
        if (pg.data / "postmaster.pid").exists():
            pg.stop("immediate", check=False)
        if options.keep or checks.failed:
            print(f"kept {work} (logs, data)")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nFault test: {'FAIL: ' + ', '.join(checks.failed) if checks.failed else 'PASS'}", flush=True)
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
