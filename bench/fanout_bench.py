"""How long until one posted update reaches N subscribers, against this machine's SMTP path?

Creates its own PostgreSQL database (``<$DATABASE_URL's name>_fanout``), migrates it, and
makes one escalated escalation with N confirmed "each update" subscribers (plus the
executive). Starts an aiosmtpd sink on 127.0.0.1, the Celery workers of docker-compose.yml
(the mail worker and the chat worker, with their queues and concurrency; ``--concurrency``
overrides the mail worker's) and beat (``UPWARD_TICK_SECONDS=2``) on $REDIS_URL's
broker, posts one update through ``update_post`` and waits until the sink holds all N + 1
messages. Then, in the same run, sends the same number of messages of the same size from a
plain ``smtplib`` loop over one connection: the reference for what this machine allows.
Prints both times, the ratio of the rates, and the database time of ``update_post``.
Drops the database at the end unless ``--keep``.

    uv run python bench/fanout_bench.py              # 10,000 subscribers
    uv run python bench/fanout_bench.py --n 2000
    uv run python bench/fanout_bench.py --smoke      # 50 subscribers, seconds, no target
    uv run python bench/fanout_bench.py --concurrency 2   # the mail worker with 2 processes
    uv run python bench/fanout_bench.py --n 5000 --in-process [--profile out.prof]
                                     # no workers: the send path's CPU per email, in one process

Targets (reported, enforced only without --smoke): every message within 60 s of the post,
and at least 50% of the smtplib loop's rate. Exit status 1 when one is missed.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import smtplib
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psycopg
from aiosmtpd.controller import Controller
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_N = 10_000
SMOKE_N = 50
TARGET_SECONDS = 60.0
TARGET_RATIO = 0.5
BODY = "Rolled back; checkout works again."


class Sink:
    """Counts what the SMTP server accepts, and when the last one arrived."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.count = 0
        self.last = 0.0
        self.first = 0.0
        self.sample = b""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self.lock:
            self.count += 1
            self.last = time.monotonic()
            self.first = self.first or self.last
            if not self.sample:
                self.sample = envelope.content
        return "250 Message accepted for delivery"

    def reset(self) -> None:
        with self.lock:
            self.count, self.last, self.first = 0, 0.0, 0.0

    def wait_for(self, n: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if self.count >= n:
                    return True
            time.sleep(0.02)
        return False


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def recreate(server: str, name: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop(server: str, name: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def fill(n: int) -> int:
    """One escalated escalation with ``n`` confirmed subscribers; returns its id."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from escalations import models as m
    from escalations.subscriptions.tokens import new_link_key
    from tests import factories as f

    owner = User.objects.create_user("bench-author", "author@example.com", "x")
    e: m.Escalation = f.EscalatedFactory(  # type: ignore[assignment]
        owner=owner,
        title="Checkout failing for EU cards",
        executive_email="cto@example.com",
        executive_time_zone="Europe/Berlin",
    )
    now = timezone.now()
    m.Subscription.objects.bulk_create(
        [
            m.Subscription(
                escalation=e,
                email=f"reader{i}@example.com",
                mode=m.SubscriptionMode.EACH,
                time_zone=("Europe/Berlin", "America/New_York", "Asia/Tokyo")[i % 3],
                link_key=new_link_key(),
                confirmed_at=now,
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    return int(e.pk)


def start(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def wait_ready(log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if "ready." in log.read_text(errors="replace"):
            return
        time.sleep(0.1)
    raise RuntimeError(f"the worker did not start; see {log}")


def compose_workers(concurrency: int | None) -> list[list[str]]:
    """The worker commands of docker-compose.yml (after ``celery``), the mail worker's
    concurrency replaced when asked."""
    import yaml

    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    commands = []
    for service in services.values():
        command = service.get("command") or []
        if command[:1] != ["celery"] or "worker" not in command:
            continue
        args = command[1:]
        if concurrency is not None and "--queues=celery" in args:
            args = [a for a in args if not a.startswith("--concurrency=")]
            args.append(f"--concurrency={concurrency}")
        commands.append(args)
    return commands


def session_cpu(session: int) -> float:
    """CPU seconds (user + system) used so far by the live processes of one session: a worker
    started with ``start_new_session``, its main process and its pool. (Not PostgreSQL's:
    Celery closes the database connection after every task, so its backends come and go.)
    Linux's /proc; 0.0 elsewhere."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session:  # after the name: state, ppid, pgrp, session
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return 0.0, 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values) - idle) / ticks, sum(values) / ticks


def smtplib_loop(port: int, message: bytes, n: int) -> None:
    """The reference: the same number of messages of the same size over one connection."""
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        for i in range(n):
            smtp.sendmail("upward@localhost", [f"reader{i}@example.com"], message)


def in_process(escalation_id: int, sink: Sink, profile: str | None) -> int:
    """The mail worker's path in this process, without Celery: post the update, write the
    readers' rows, and send each batch as a send task does (``dispatches_send``, one SMTP
    connection per batch) to the sink. Prints this thread's CPU per row written and per
    email sent (the sink's thread is not counted), and the wall time per email; with
    ``--profile FILE``, a cProfile of the sending, saved and summed up."""
    import cProfile
    import pstats

    from django.utils import timezone

    from escalations import models as m
    from escalations.outbox import engine
    from escalations.updates.services import update_post

    e = m.Escalation.objects.select_related("owner").get(pk=escalation_id)
    update = update_post(escalation=e, author=e.owner, body=BODY)
    batches: list[list[int]] = []
    cpu, wall = time.thread_time(), time.perf_counter()
    engine.update_fan_out(update_id=update.pk, now=timezone.now(), enqueue=batches.append)
    rows = sum(map(len, batches))
    written_cpu = time.thread_time() - cpu
    profiler = cProfile.Profile() if profile else None
    cpu, wall = time.thread_time(), time.perf_counter()
    for pks in batches:
        if profiler:
            profiler.enable()
        engine.dispatches_send(pks=pks)
        if profiler:
            profiler.disable()
    send_cpu, send_wall = time.thread_time() - cpu, time.perf_counter() - wall
    sent = m.OutboxMessage.objects.filter(state=m.DispatchState.SENT).count()
    print(
        f"in one process: {rows:,} rows written at {written_cpu / rows * 1000:.2f} ms CPU each; "
        f"{sent:,} emails sent at {send_cpu / sent * 1000:.2f} ms CPU and "
        f"{send_wall / sent * 1000:.2f} ms wall each ({sink.count:,} at the SMTP server; "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())})"
    )
    if profiler and profile:
        profiler.dump_stats(profile)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    return 0 if sink.count >= rows else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=None, help=f"subscribers (default {DEFAULT_N:,})")
    parser.add_argument("--smoke", action="store_true", help=f"{SMOKE_N} subscribers, no target")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--concurrency", type=int, default=None, help="the mail worker's processes (compose's)"
    )
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="no workers: send in this process and print its CPU per email",
    )
    parser.add_argument("--profile", metavar="FILE", help="with --in-process: cProfile to FILE")
    args = parser.parse_args()
    n = args.n or (SMOKE_N if args.smoke else DEFAULT_N)
    database_url = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/test"
    server, name = database_url.rsplit("/", 1)
    db = f"{name.split('?', 1)[0]}_fanout"
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DEBUG": "false",
        "DATABASE_URL": f"{server}/{db}",
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "UPWARD_TICK_SECONDS": "2",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    recreate(server, db)
    tmp = Path(tempfile.mkdtemp(prefix="fanout-bench-"))
    procs: list[subprocess.Popen[bytes]] = []
    try:
        import django

        django.setup()
        # The sink runs in this process: its per-line log would slow both senders down.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        from django.core.management import call_command
        from django.db import connection
        from django.db.models import Max

        from config.celery import app
        from escalations import models as m
        from escalations.updates.services import update_post

        call_command("migrate", verbosity=0)
        escalation_id = fill(n)
        app.control.purge()
        if args.in_process:
            return in_process(escalation_id, sink, args.profile)
        celery = [sys.executable, "-m", "celery"]
        workers = compose_workers(args.concurrency)
        for i, worker in enumerate(workers):
            procs.append(start([*celery, *worker], env, tmp / f"worker-{i}.log"))
        print("workers:", "; ".join(" ".join(w[2:]) for w in workers))
        procs.append(
            start(
                [
                    *celery,
                    "-A",
                    "config",
                    "beat",
                    "--loglevel=INFO",
                    f"--schedule={tmp / 'beat-schedule'}",
                ],
                env,
                tmp / "beat.log",
            )
        )
        for i in range(len(workers)):
            wait_ready(tmp / f"worker-{i}.log")

        e = m.Escalation.objects.select_related("owner").get(pk=escalation_id)
        expected = m.Subscription.objects.filter(escalation=e).count() + 1  # + the executive
        db_seconds = 0.0

        def timed(execute, query, params, many, context):  # type: ignore[no-untyped-def]
            nonlocal db_seconds
            began = time.perf_counter()
            try:
                return execute(query, params, many, context)
            finally:
                db_seconds += time.perf_counter() - began

        sink.reset()
        mail_worker = next(
            proc.pid for proc, w in zip(procs, workers, strict=False) if "--queues=celery" in w
        )
        cpu_before = (session_cpu(mail_worker), time.process_time(), machine_busy())
        posted_at = time.time()
        posted = time.monotonic()
        with connection.execute_wrapper(timed):
            update_post(escalation=e, author=e.owner, body=BODY)
        request_seconds = time.monotonic() - posted
        arrived = sink.wait_for(expected, timeout=max(600.0, n / 10))
        with sink.lock:
            got, last, first = sink.count, sink.last, sink.first
        # Where the CPU went while Upward sent: the mail worker's processes, this process
        # (the aiosmtpd sink, besides polling), and the machine as a whole.
        worker_cpu = session_cpu(mail_worker) - cpu_before[0]
        sink_cpu = time.process_time() - cpu_before[1]
        busy, total = machine_busy()
        machine = (busy - cpu_before[2][0]) / max(total - cpu_before[2][1], 1e-9)
        written = m.OutboxMessage.objects.filter(purpose=m.DispatchPurpose.UPDATE).aggregate(
            last=Max("created_at")
        )["last"]
        upward_seconds = (last - posted) if arrived else float("inf")

        sample = sink.sample
        sink.reset()
        began = time.monotonic()
        smtplib_loop(port, sample, expected)
        reference_seconds = time.monotonic() - began

        sent = m.OutboxMessage.objects.filter(state=m.DispatchState.SENT).count()
        upward_rate = expected / upward_seconds if arrived else 0.0
        reference_rate = expected / reference_seconds
        ratio = upward_rate / reference_rate
        print(f"subscribers: {n:,} (+ the executive: {expected:,} messages)")
        print(
            f"update_post: {request_seconds * 1000:.0f} ms wall, {db_seconds * 1000:.1f} ms database"
        )
        print(
            f"Upward: {got:,}/{expected:,} messages at the SMTP server in {upward_seconds:.1f} s "
            f"({upward_rate:.0f}/s; {sent:,} rows sent)"
        )
        print(
            f"  first message after {first - posted:.1f} s; every reader's row written after "
            f"{written.timestamp() - posted_at:.1f} s"
        )
        print(
            f"  CPU per message: mail worker {worker_cpu / expected * 1000:.2f} ms, aiosmtpd sink "
            f"{sink_cpu / expected * 1000:.2f} ms; the machine's cores {machine:.0%} busy "
            f"({os.cpu_count()} cores; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())})"
        )
        print(
            f"smtplib, one connection: {expected:,} messages of {len(sample):,} bytes in "
            f"{reference_seconds:.1f} s ({reference_rate:.0f}/s)"
        )
        print(f"ratio (Upward's rate / smtplib's): {ratio:.2f}")
        if args.smoke:
            return 0 if arrived else 1
        ok = arrived and upward_seconds <= TARGET_SECONDS and ratio >= TARGET_RATIO
        print(
            f"targets: all within {TARGET_SECONDS:.0f} s and ratio >= {TARGET_RATIO}: "
            f"{'met' if ok else 'MISSED'}"
        )
        return 0 if ok else 1
    finally:
        for proc in procs:
            stop(proc)
        controller.stop()
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop(server, db)


if __name__ == "__main__":
    sys.exit(main())
