"""Two workers (or ticks) doing the same thing at the same instant, for tests of what must
happen once: each in its own thread, released together, with its own database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def at_once(work: Callable[[], object], *, times: int = 2, timeout: float = 60) -> None:
    """Run ``work`` in ``times`` threads released together; re-raise what any of them hit."""
    start = threading.Barrier(times)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            work()
        except BaseException as exc:  # noqa: BLE001 - reported by the calling thread
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run) for _ in range(times)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)
    assert not any(t.is_alive() for t in threads), f"still running after {timeout} s"
    if errors:
        raise errors[0]
