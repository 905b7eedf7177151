"""`make bench-smoke`: run every bench script at a tiny size, so none of them can rot.

Each script in bench/ (all but this one and the bench's settings and URLs) is run as
``python bench/<script>.py --smoke``: a size that takes seconds, targets reported but not
enforced. A script without ``--smoke`` fails here, so a new bench joins the smoke run the
day it is written. The scripts that need a database get a fresh one of their own, named
after $DATABASE_URL's with ``_bench`` added, dropped at the end; Redis is $REDIS_URL's.
Exit status 1 when any script fails; its output is printed in full.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from psycopg import sql

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
NOT_SCRIPTS = {"__init__.py", "settings.py", "urls.py", Path(__file__).name}
TIMEOUT_SECONDS = 120
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def scripts() -> list[Path]:
    return sorted(p for p in BENCH.glob("*.py") if p.name not in NOT_SCRIPTS)


def run(script: Path, env: dict[str, str]) -> tuple[bool, float, str]:
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, str(script), "--smoke"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        output = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        return False, time.perf_counter() - started, f"{output}\ntimed out"
    return done.returncode == 0, time.perf_counter() - started, done.stdout + done.stderr


def main() -> int:
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    server, name = database_url.rsplit("/", 1)
    bench_db = f"{name.split('?', 1)[0]}_bench"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(bench_db))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(bench_db)))
    redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    env = {
        **os.environ,
        "DATABASE_URL": f"{server}/{bench_db}",
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL") or redis_url,
    }
    failed: list[str] = []
    total = 0.0
    try:
        for script in scripts():
            ok, seconds, output = run(script, env)
            total += seconds
            print(f"{'ok  ' if ok else 'FAIL'} {script.name:<24} {seconds:6.1f} s", flush=True)
            if not ok:
                failed.append(script.name)
                print(output.rstrip()[-6000:], flush=True)
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(bench_db))
            )
    if failed:
        print(f"bench smoke FAILED: {', '.join(failed)} ({total:.0f} s)")
        return 1
    print(f"bench smoke: every script ran ({total:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
