"""`make test` needs the real PostgreSQL and Redis; say clearly which one is missing."""

from __future__ import annotations

import os
import sys
from urllib.parse import urlparse

import psycopg
import redis

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def check_postgres(url: str) -> str | None:
    parts = urlparse(url)
    try:
        with psycopg.connect(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=parts.username or "postgres",
            password=parts.password or None,
            dbname="postgres",
            connect_timeout=3,
        ) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:
        return (
            f"PostgreSQL is not reachable at {parts.hostname}:{parts.port or 5432} ({exc}).\n"
            "  Start it, e.g.: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n"
            "  or point DATABASE_URL at a running server."
        )
    return None


def check_redis(url: str) -> str | None:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except Exception as exc:
        return (
            f"Redis is not reachable at {url} ({exc}).\n"
            '  Start it, e.g.: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no\n'
            "  or point REDIS_URL at a running server."
        )
    return None


def main() -> int:
    problems = [
        p
        for p in (
            check_postgres(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)),
            check_redis(os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)),
        )
        if p
    ]
    for problem in problems:
        print(f"make test: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
