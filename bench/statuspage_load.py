"""Load bench: the public status page (50 updates) next to a trivial Django view, same run.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> REDIS_URL=redis://127.0.0.1:6379/<n>
    uv run python bench/statuspage_load.py [--duration 10] [--connections 8] [--workers N]

It migrates the database, seeds one escalation with 50 updates and a share link, starts
gunicorn on 127.0.0.1 with production settings (bench/settings.py: same middleware, Redis
cache, persistent DB connections), then alternates the two targets round by round with
wrk (Debian: ``apt-get install wrk``) or, without wrk, a bounded Python load generator.
Every status-page request does what a real one does: looks the link up (the worker's copy
while the change beacon says nothing changed, else PostgreSQL; STATUSPAGE_LOCAL_CACHE_SECONDS=0
in the environment measures without that layer), counts the view (batched per worker) and
serves the cached rendering. Loopback only, fixed duration. Prints requests/s, p50 and p99
of both per round and overall, and the ratio; writes var/bench/statuspage.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
HOST = "127.0.0.1"
TARGET_RATIO = 0.70


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


def seed(updates: int) -> str:
    """One realistic escalation with ``updates`` updates and a link; returns the page path."""
    import django

    django.setup()
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from escalations import models as m
    from escalations.updates.services import update_post
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
    return created.path


def wait_ready(port: int, timeout: float = 30.0) -> None:
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


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(name: str, port: int, path: str, duration: int, connections: int) -> Result:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "5s",
            "--latency",
            f"http://{HOST}:{port}{path}",
        ],
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


def run_python(name: str, port: int, path: str, duration: int, connections: int) -> Result:
    """Bounded closed-loop load: ``connections`` keep-alive clients for ``duration`` s."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def client() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection(HOST, port, timeout=5)
        mine: list[float] = []
        bad = 0
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except OSError:
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=5)
                continue
            mine.append((time.perf_counter() - start) * 1000)
        with lock:
            latencies.extend(mine)
            errors += bad

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    q = statistics.quantiles(latencies, n=100)
    return Result(
        name, path, len(latencies) / elapsed, q[49], q[98], len(latencies), errors, "python"
    )


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
        "--no-health-checks",
        action="store_true",
        help="analysis only: turn off CONN_HEALTH_CHECKS (one DB round trip per request)",
    )
    args = parser.parse_args()
    if args.no_health_checks:
        os.environ["BENCH_CONN_HEALTH_CHECKS"] = "0"

    configure_env()
    page_path = seed(args.updates)
    tool = args.tool
    if tool == "auto":
        tool = "wrk" if shutil.which("wrk") else "python"
    runner = run_wrk if tool == "wrk" else run_python

    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"{HOST}:{args.port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    try:
        wait_ready(args.port)
        conn = http.client.HTTPConnection(HOST, args.port, timeout=5)
        conn.request("GET", page_path)
        response = conn.getresponse()
        body = response.read().decode()
        assert response.status == 200 and "Last updated" in body, response.status
        assert body.count('class="sp-update"') == args.updates, "every update is on the page"
        targets = [("trivial view", "/bench/trivial"), ("status page", page_path)]
        for name, path in targets:  # warm up workers, DB connections and the cache
            runner(name, args.port, path, 2, args.connections)
        rounds: dict[str, list[Result]] = {name: [] for name, _ in targets}
        for _ in range(args.rounds):
            for name, path in targets:
                rounds[name].append(runner(name, args.port, path, args.duration, args.connections))
    finally:
        server.terminate()
        server.wait(timeout=30)

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
        )

    trivial = combine(rounds["trivial view"])
    page = combine(rounds["status page"])
    ratio = page.requests_per_s / trivial.requests_per_s
    print(
        f"\n{tool}, {args.connections} connections, {args.workers} gunicorn workers, "
        f"{args.rounds}×{args.duration}s per target, {args.updates} updates, cpus={os.cpu_count()}"
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
            f" req/s, ratio {p.requests_per_s / t.requests_per_s:.0%}"
        )
    verdict = "meets" if ratio >= TARGET_RATIO else "MISSES"
    print(f"ratio: status page at {ratio:.0%} of the trivial view ({verdict} the ≥70% target)")
    out = ROOT / "var" / "bench" / "statuspage.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "trivial": asdict(trivial),
                "status_page": asdict(page),
                "ratio": ratio,
                "rounds": {name: [asdict(r) for r in results] for name, results in rounds.items()},
                "args": vars(args),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
