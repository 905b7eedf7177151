"""Load bench: the public status page (50 updates) next to a trivial Django view, same run.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db>   # REDIS_URL: see --redis
    uv run python bench/statuspage_load.py [--rounds 3] [--duration 10] [--connections 8]

It migrates the database, seeds one escalation with 50 updates and two share links, starts
gunicorn on 127.0.0.1 with production settings (bench/settings.py: same middleware, Redis,
persistent DB connections) and alternates the two targets round by round with wrk (Debian:
``apt-get install wrk``) or, without wrk, a bounded Python load generator. There is one read
path (statuspages/readpath.py, on Django's cache through django-redis): a warm page view
fetches its link entry with an MGET (with the rendering for (link, minute) too when its
worker does not hold it yet), checks the rendering against the link's version and overdue
flag, and counts the view with an INCR in the same pipeline: one round trip.

It prints, per round and overall, requests/s, p50 and p99 of both targets and the ratio,
then:

* round trips per warm page view: SQL queries and Redis round trips (connections taken
  from redis-py's pool: one per command or pipeline), counted in process on the same code
  path, and the Redis commands the server saw per page request during the measured rounds
  (``INFO commandstats``, with ``--redis private``), plus PostgreSQL transactions per page
  request over the whole run;
* revocation and a new update across hosts: a second gunicorn from another working folder,
  both hosts warm, a link revoked and an update posted from this process (a third host),
  then the very next request to each host;
* Redis stopped mid-load: the page under load while its redis-server is killed and started
  again (``--redis private`` only): errors, requests/s before, during and after, the
  warnings logged;

and writes everything to var/bench/statuspage.json. Loopback only, fixed durations.
``--redis private`` (the default when ``redis-server`` is installed) starts a redis-server of
its own on a free port; ``--redis env`` uses REDIS_URL (and skips the outage).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
HOST = "127.0.0.1"
# Targets (issue 21): warm page at most 1.5x the trivial view's server CPU per request,
# about 65% of its req/s.
TARGET_CPU_FACTOR = 1.5
TARGET_RATIO = 0.65
PG_STATS_SETTLE = 11.0
REVOKE_TOKEN = "benchRevokeMe" + "x" * 30


@dataclass
class Result:
    name: str
    path: str
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    tool: str
    # CPU time the server side (gunicorn's workers, and the bench's redis-server) spent per
    # request: insensitive to other load on the machine, unlike req/s.
    server_cpu_us: float = 0.0


@dataclass
class Timeline:
    """Per-request outcomes of the Python load generator, for the outage phase."""

    started: float
    samples: list[tuple[float, float, int]] = field(default_factory=list)  # (t, ms, status)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


class RedisServer:
    """A redis-server of the bench's own, so it can be stopped mid-load."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self) -> None:
        import redis

        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", HOST, "--save", ""]
            + ["--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(self.url).ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


def configure_env() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", HOST)
    os.environ.setdefault("SECURE_COOKIES", "false")
    # Plain HTTP on 127.0.0.1: production would redirect every request to HTTPS.
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            sys.exit(f"Set {name} first (PostgreSQL and Redis, as in production).")


def seed(updates: int) -> tuple[str, int]:
    """One realistic escalation with ``updates`` updates and two links: the page path, and
    the escalation id (a second link, ``REVOKE_TOKEN``, is revoked by the cross-host check)."""
    import django

    django.setup()
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from escalations import models as m
    from escalations.updates.services import update_post
    from statuspages.models import ShareLink, hash_token
    from statuspages.services import share_link_create

    call_command("migrate", verbosity=0)
    user, _ = get_user_model().objects.get_or_create(username="bench-author")
    m.Escalation.objects.filter(owner=user).delete()
    now = timezone.now()
    escalation = m.Escalation.objects.create(
        owner=user,
        title="Bench: checkout payments failing for EU card customers",
        kind=m.Kind.MAJOR_INCIDENT,
        severity=m.Severity.SEV1,
        state=m.State.ESCALATED,
        escalated_at=now - timedelta(hours=updates),
        impact_headline="18% of EU checkout payments fail; about €38,000 in revenue per hour.",
        remediation_mitigation="EU traffic routed to the backup processor.",
    )
    for i in range(3):
        m.RemediationAction.objects.create(
            escalation=escalation,
            description=f"Action {i}",
            owner_name="Sam Lee",
            due_at=now + timedelta(hours=i),
        )
    m.Ask.objects.create(
        escalation=escalation, decision="Approve €63,000 in fees", decide_by=now + timedelta(days=1)
    )
    states = [s for s, _ in m.PublicStatus.choices][:4]
    for i in range(updates):
        update_post(
            escalation=escalation,
            author=user,
            body=f"Update {i}: failures at **{18 - i % 18}%**; see [dashboard](https://grafana.example.com/d/{i}). Next update in one hour.",
            public_status=states[i % len(states)],
            now=now - timedelta(minutes=updates - i),
        )
    created = share_link_create(escalation=escalation, created_by=user, label="Bench")
    ShareLink.objects.create(
        escalation=escalation,
        created_by=user,
        label="Bench (revoked by the cross-host check)",
        token_hash=hash_token(REVOKE_TOKEN),
    )
    return created.path, escalation.pk


def in_process_round_trips(page_path: str, requests: int = 200) -> dict[str, float]:
    """SQL queries and Redis round trips per page view, on the same code path as gunicorn's
    workers: one cold view (nothing in the cache), then warm ones."""
    import redis
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counted = [0]
    get_connection = redis.ConnectionPool.get_connection

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        counted[0] += 1
        return get_connection(self, *args, **kwargs)

    client = Client(SERVER_NAME=HOST)

    def one(path: str = page_path) -> tuple[int, int]:
        before = counted[0]
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries), counted[0] - before

    alias = settings.CACHES["statuspages"]
    raw = redis.Redis.from_url(alias["LOCATION"])
    stale = list(raw.scan_iter(match=alias["KEY_PREFIX"] + ":*"))
    if stale:
        raw.delete(*stale)
    redis.ConnectionPool.get_connection = counting  # type: ignore[method-assign]
    try:
        cold = one()
        for _ in range(3):
            one()
        warm = [one() for _ in range(requests)]
        one(page_path + "live/")
        fragment = [one(page_path + "live/") for _ in range(requests)]
    finally:
        redis.ConnectionPool.get_connection = get_connection  # type: ignore[method-assign]
    connection.close()
    return {
        "cold_sql": cold[0],
        "cold_redis_round_trips": cold[1],
        "warm_sql": statistics.mean(w[0] for w in warm),
        "warm_redis_round_trips": statistics.mean(w[1] for w in warm),
        "warm_fragment_sql": statistics.mean(w[0] for w in fragment),
        "warm_fragment_redis_round_trips": statistics.mean(w[1] for w in fragment),
        "warm_requests": requests,
    }


def pg_transactions() -> int:
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"] or None,
        dbname=db["NAME"],
    ) as conn:  # fmt: skip
        row = conn.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s",
            [db["NAME"]],
        ).fetchone()
    return int(row[0]) if row else 0


def start_gunicorn(port: int, workers: int, cwd: Path, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
        + ["--bind", f"{HOST}:{port}", "--workers", str(workers), "--log-level", "warning"],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stderr=log.open("wb"),
    )


def wait_ready(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/bench/trivial")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not come up")


def get(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(name: str, port: int, path: str, duration: int, connections: int) -> Result:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", "--latency"]
        + [f"http://{HOST}:{port}{path}"],
        check=True,
        capture_output=True,
        text=True,
        timeout=duration + 30,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    pct = {
        m.group(1): _ms(m.group(2), m.group(3))
        for m in re.finditer(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
    }
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors_match = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(errors_match.group(1)) if errors_match else 0
    if socket_errors:
        errors += sum(int(g) for g in socket_errors.groups())
    return Result(name, path, rps, pct["50"], pct["99"], total, errors, "wrk")


def run_python(
    name: str,
    port: int,
    path: str,
    duration: float,
    connections: int,
    timeline: Timeline | None = None,
) -> Result:
    """Bounded closed-loop load: ``connections`` keep-alive clients for ``duration`` s."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def client() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection(HOST, port, timeout=5)
        mine: list[float] = []
        samples: list[tuple[float, float, int]] = []
        bad = 0
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                status = response.status
            except OSError:
                status = 0
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=5)
            elapsed = (time.perf_counter() - start) * 1000
            if status != 200:
                bad += 1
            else:
                mine.append(elapsed)
            if timeline is not None:
                samples.append((time.monotonic(), elapsed, status))
        with lock:
            latencies.extend(mine)
            errors += bad
            if timeline is not None:
                timeline.samples.extend(samples)

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return Result(
        name, path, len(latencies) / elapsed, q[49], q[98], len(latencies), errors, "python"
    )


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of these processes and of their children (gunicorn's workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    wanted = set(pids)
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        pid, ppid = int(entry), int(fields[1])
        if pid in wanted or ppid in wanted:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def redis_commandstats(url: str) -> dict[str, int]:
    import redis

    stats = redis.Redis.from_url(url).info("commandstats")
    return {name.removeprefix("cmdstat_"): int(v["calls"]) for name, v in stats.items()}


def cross_host_check(port_a: int, page_path: str, escalation_id: int, workers: int) -> dict:
    """A second host (its own working folder), both warm; then a revocation and an update
    from this process; the very next request to each host must show both."""
    from django.contrib.auth import get_user_model

    from escalations.models import Escalation
    from escalations.updates.services import update_post
    from statuspages.models import ShareLink, hash_token
    from statuspages.services import share_link_revoke

    folder = Path(tempfile.mkdtemp(prefix="upward-host-b-"))
    port_b = free_port()
    host_b = start_gunicorn(port_b, workers, folder, folder / "gunicorn.log")
    try:
        wait_ready(port_b)
        revoked_path = f"/s/{REVOKE_TOKEN}/"
        for port in (port_a, port_b):
            for _ in range(4 * workers):
                assert get(port, revoked_path)[0] == 200
                assert get(port, page_path)[0] == 200
        link = ShareLink.objects.get(token_hash=hash_token(REVOKE_TOKEN))
        share_link_revoke(link=link)
        revoked = {port: get(port, revoked_path)[0] for port in (port_a, port_b)}
        news = f"Cross-host check at {time.time():.0f}: fix rolled out to every region."
        update_post(
            escalation=Escalation.objects.get(pk=escalation_id),
            author=get_user_model().objects.get(username="bench-author"),
            body=news,
        )
        shown = {port: news in get(port, page_path)[1] for port in (port_a, port_b)}
    finally:
        host_b.terminate()
        host_b.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "revoked_link_status_next_request": {"A": revoked[port_a], "B": revoked[port_b]},
        "new_update_shown_next_request": {"A": shown[port_a], "B": shown[port_b]},
        "ok": set(revoked.values()) == {404} and all(shown.values()),
    }


def outage(
    port: int, page_path: str, redis_server: RedisServer, duration: int, connections: int, log: Path
) -> dict:
    """Load on the page while its Redis is killed (at 1/4) and started again (at 1/2): the
    workers go back to it within STATUSPAGE_REDIS_RETRY_SECONDS (5 s)."""
    timeline = Timeline(started=time.monotonic())
    log_start = log.stat().st_size
    kill_at = duration / 4
    restart_at = duration / 2
    marks: dict[str, float] = {}

    def operator() -> None:
        time.sleep(kill_at)
        marks["killed"] = time.monotonic()
        redis_server.kill()
        time.sleep(restart_at - kill_at)
        marks["restarted"] = time.monotonic()
        redis_server.start()

    chaos = threading.Thread(target=operator)
    chaos.start()
    result = run_python("outage", port, page_path, duration, connections, timeline)
    chaos.join()
    time.sleep(0.5)
    log_text = log.read_bytes()[log_start:].decode(errors="replace")

    def phase(start: float, end: float) -> dict:
        rows = [s for s in timeline.samples if start <= s[0] < end]
        ok = [s for s in rows if s[2] == 200]
        return {
            "requests": len(rows),
            "errors": len(rows) - len(ok),
            "requests_per_s": len(ok) / max(end - start, 1e-9),
        }

    end = timeline.started + duration + 5
    return {
        "duration_s": duration,
        "requests": result.requests + result.errors,
        "errors": result.errors,
        "statuses": sorted({s[2] for s in timeline.samples}),
        "before": phase(timeline.started, marks["killed"]),
        "redis_down": phase(marks["killed"], marks["restarted"]),
        "after": phase(marks["restarted"], end),
        "last_quarter": phase(timeline.started + 3 * duration / 4, end),
        "warnings_logged": log_text.count("Redis unreachable for status pages"),
        "recovered_logged": log_text.count("Redis reachable again"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per target per round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1) + 1,
        help="gunicorn sync workers (default: gunicorn's advice, 2 × CPUs + 1)",
    )
    parser.add_argument("--port", type=int, default=8114)
    parser.add_argument("--updates", type=int, default=50)
    parser.add_argument("--tool", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument(
        "--redis",
        choices=["auto", "private", "env"],
        default="auto",
        help="private: a redis-server of the bench's own (needed for the outage); env: REDIS_URL",
    )
    parser.add_argument("--outage-duration", type=int, default=20)
    parser.add_argument(
        "--no-health-checks",
        action="store_true",
        help="analysis only: turn off CONN_HEALTH_CHECKS (one DB round trip per request)",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="one short round of each phase, a free port, no settling (make bench-smoke)",
    )
    args = parser.parse_args()
    settle = PG_STATS_SETTLE
    if args.smoke:
        args.rounds, args.duration, args.updates, args.connections = 1, 1, 5, 2
        args.workers, args.outage_duration, args.port = 2, 4, free_port()
        settle = 0.0
    if args.no_health_checks:
        os.environ["BENCH_CONN_HEALTH_CHECKS"] = "0"
    mode = args.redis
    if mode == "auto":
        mode = "private" if shutil.which("redis-server") else "env"
    redis_server: RedisServer | None = None
    if mode == "private":
        redis_server = RedisServer(Path(tempfile.mkdtemp(prefix="upward-bench-redis-")))
        redis_server.start()
        os.environ["REDIS_URL"] = redis_server.url
        os.environ["CELERY_BROKER_URL"] = redis_server.url

    configure_env()
    page_path, escalation_id = seed(args.updates)
    trips = in_process_round_trips(page_path)
    tool = args.tool
    if tool == "auto":
        tool = "wrk" if shutil.which("wrk") else "python"
    runner = run_wrk if tool == "wrk" else run_python
    out_dir = ROOT / "var" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    log = out_dir / "statuspage-gunicorn.log"

    server = start_gunicorn(args.port, args.workers, ROOT, log)
    xacts = 0
    commands: dict[str, float] = {}
    cross: dict = {}
    down: dict = {}
    try:
        wait_ready(args.port)
        status, body = get(args.port, page_path)
        assert status == 200 and "Last updated" in body, status
        assert body.count('class="sp-update"') == args.updates, "every update is on the page"
        targets = [("trivial view", "/bench/trivial"), ("status page", page_path)]
        for name, path in targets:  # warm up workers, DB connections and Redis
            runner(name, args.port, path, 2, args.connections)
        # PostgreSQL publishes a backend's counters within PGSTAT_IDLE_INTERVAL (10 s) of it
        # going idle: wait that long on both sides of the measured rounds.
        time.sleep(settle)
        xacts_before = pg_transactions()
        redis_before = redis_commandstats(os.environ["REDIS_URL"]) if redis_server else {}
        rounds: dict[str, list[Result]] = {name: [] for name, _ in targets}
        server_pids = [server.pid] + (
            [redis_server.process.pid] if redis_server and redis_server.process else []
        )
        for _ in range(args.rounds):
            for name, path in targets:
                cpu = cpu_seconds(server_pids)
                result = runner(name, args.port, path, args.duration, args.connections)
                spent = cpu_seconds(server_pids) - cpu
                result.server_cpu_us = spent / max(result.requests + result.errors, 1) * 1e6
                rounds[name].append(result)
        time.sleep(settle)
        xacts = pg_transactions() - xacts_before - 1  # less the reading itself
        if redis_server:
            after = redis_commandstats(os.environ["REDIS_URL"])
            page_requests = sum(r.requests for r in rounds["status page"])
            commands = {
                name: round((calls - redis_before.get(name, 0)) / page_requests, 4)
                for name, calls in after.items()
                if calls - redis_before.get(name, 0) > 0
                and name not in ("info", "config|resetstat")
            }
        cross = cross_host_check(args.port, page_path, escalation_id, min(args.workers, 2))
        if redis_server:
            down = outage(
                args.port, page_path, redis_server, args.outage_duration, args.connections, log
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    if redis_server:
        redis_server.kill()

    def combine(results: list[Result]) -> Result:
        first = results[0]
        return Result(
            first.name,
            "/s/<token>/" if first.name == "status page" else first.path,
            statistics.mean(r.requests_per_s for r in results),
            statistics.mean(r.p50_ms for r in results),
            statistics.mean(r.p99_ms for r in results),
            sum(r.requests for r in results),
            sum(r.errors for r in results),
            first.tool,
            statistics.mean(r.server_cpu_us for r in results),
        )

    trivial = combine(rounds["trivial view"])
    page = combine(rounds["status page"])
    ratio = page.requests_per_s / trivial.requests_per_s
    print(
        f"\n{tool}, {args.connections} connections, {args.workers} gunicorn workers, "
        f"{args.rounds}×{args.duration}s per target, {args.updates} updates, cpus={os.cpu_count()}, "
        f"redis={'private redis-server' if redis_server else 'REDIS_URL'}"
        + (", CONN_HEALTH_CHECKS off" if args.no_health_checks else "")
    )
    print(f"{'target':<14}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'requests':>10}{'errors':>8}")
    for r in (trivial, page):
        print(
            f"{r.name:<14}{r.requests_per_s:>10.0f}{r.p50_ms:>10.2f}{r.p99_ms:>10.2f}{r.requests:>10}{r.errors:>8}"
        )
    for i, (t, p) in enumerate(zip(rounds["trivial view"], rounds["status page"], strict=True)):
        print(
            f"  round {i + 1}: trivial {t.requests_per_s:.0f} req/s, page {p.requests_per_s:.0f}"
            f" req/s, ratio {p.requests_per_s / t.requests_per_s:.0%}; server CPU per request"
            f" {t.server_cpu_us:.0f} / {p.server_cpu_us:.0f} µs"
        )
    print(
        f"server CPU per request (gunicorn workers + redis-server): trivial "
        f"{trivial.server_cpu_us:.0f} µs, page {page.server_cpu_us:.0f} µs: the page costs "
        f"{page.server_cpu_us / trivial.server_cpu_us:.2f}× the trivial view (less sensitive to "
        f"other load on the machine than req/s)"
    )
    per_round = sorted(
        p.requests_per_s / t.requests_per_s
        for t, p in zip(rounds["trivial view"], rounds["status page"], strict=True)
    )
    print(
        f"median of the {len(per_round)} per-round ratios: {statistics.median(per_round):.0%} "
        f"(range {per_round[0]:.0%}–{per_round[-1]:.0%}); on a shared machine, more shorter "
        "rounds give a steadier median"
    )
    factor = page.server_cpu_us / trivial.server_cpu_us
    print(
        f"ratio: status page at {ratio:.0%} of the trivial view's req/s "
        f"({'meets' if ratio >= TARGET_RATIO else 'MISSES'} ≈≥{TARGET_RATIO:.0%}); server CPU "
        f"{factor:.2f}× ({'meets' if factor <= TARGET_CPU_FACTOR else 'MISSES'} "
        f"≤{TARGET_CPU_FACTOR}×)"
    )
    print(
        f"per page view, in process: warm {trips['warm_sql']:.2f} SQL queries, "
        f"{trips['warm_redis_round_trips']:.2f} Redis round trips (one pipeline: the read's "
        f"MGET and the view count's INCR); its live fragment {trips['warm_fragment_sql']:.2f} "
        f"SQL, {trips['warm_fragment_redis_round_trips']:.2f} Redis round trips; cold "
        f"{trips['cold_sql']:.0f} SQL, {trips['cold_redis_round_trips']:.0f} Redis round trips"
    )
    if commands:
        print(
            "Redis commands per page request, server side: "
            + ", ".join(f"{name} {per:.4f}" for name, per in sorted(commands.items()))
        )
    page_total = sum(r.requests for r in rounds["status page"])
    print(
        f"PostgreSQL transactions during the measured rounds, server side: {xacts} "
        f"({xacts / max(page_total, 1):.5f} per page request)"
    )
    print(
        "across hosts: revoked link answered "
        + ", ".join(f"{h} {s}" for h, s in cross["revoked_link_status_next_request"].items())
        + "; new update shown "
        + ", ".join(
            f"{h} {'yes' if s else 'NO'}" for h, s in cross["new_update_shown_next_request"].items()
        )
        + f" on the very next request ({'ok' if cross['ok'] else 'WRONG'})"
    )
    if down:
        print(
            f"Redis stopped mid-load ({down['duration_s']} s, killed at 1/4, back at 1/2): "
            f"{down['errors']} errors in {down['requests']} page requests; req/s before "
            f"{down['before']['requests_per_s']:.0f}, Redis down {down['redis_down']['requests_per_s']:.0f}, "
            f"last quarter {down['last_quarter']['requests_per_s']:.0f}; warnings logged "
            f"{down['warnings_logged']}, recoveries logged {down['recovered_logged']} "
            f"({args.workers} workers)"
        )
    else:
        print("Redis stopped mid-load: skipped (needs --redis private and redis-server)")
    (out_dir / "statuspage.json").write_text(
        json.dumps(
            {
                "trivial": asdict(trivial),
                "status_page": asdict(page),
                "ratio": ratio,
                "median_round_ratio": statistics.median(per_round),
                "rounds": {name: [asdict(r) for r in results] for name, results in rounds.items()},
                "round_trips_in_process": trips,
                "redis_commands_per_page_request": commands,
                "postgres_transactions": xacts,
                "cross_host": cross,
                "redis_outage": down,
                "args": vars(args),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
