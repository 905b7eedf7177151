"""The change beacon: one host-wide "something readers can see just changed" signal.

Eight bytes in a memory-mapped file (``UPWARD_CHANGE_BEACON_PATH``, by default
``var/change-beacon``, created on demand). Every write a status-page reader could notice —
a version bump, a share link created, revoked or edited, an escalation saved — calls
``announce_change()``, which writes fresh random bytes there. Every process on the host
(gunicorn workers, the Celery worker, beat) maps the same file, so reading it is a memory
read (~1 µs) that tells an in-process cache whether it may still answer without asking the
database. ``statuspages.selectors`` is the reader; ``escalations`` never imports it.

Random bytes rather than a counter: two writers racing can never leave the value where a
reader last saw it, so no lock is needed; a torn read only costs one extra cache refill.

Only processes that map the same file see a change: writes from another host, or from a
process without the file (a ``psql`` session, a container without the shared ``var/``
volume), are not announced. Readers therefore also bound how long they trust a cached
entry (see ``statuspages.selectors.LocalLinkCache``).
"""

from __future__ import annotations

import logging
import mmap
import os
import threading
from pathlib import Path

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

SIZE = 8


class Beacon:
    """The mapped file. ``read()`` returns None when the file cannot be used at all."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._map: mmap.mmap | None = None
        self._inode: int | None = None
        self._failed = False

    def _open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o660)
            try:
                # Growing an empty file to 8 bytes is idempotent, so racing creators agree.
                if os.fstat(fd).st_size < SIZE:
                    os.ftruncate(fd, SIZE)
                self._map = mmap.mmap(fd, SIZE)
                self._inode = os.fstat(fd).st_ino
            finally:
                os.close(fd)
            self._failed = False
        except OSError:
            if not self._failed:
                logger.warning(
                    "change beacon %s unusable: status pages read every request from the database",
                    self.path,
                    exc_info=True,
                )
            self._failed = True
            self._map = None

    def read(self) -> bytes | None:
        """The current value (a plain memory read once mapped); None if unusable."""
        mapped = self._map
        if mapped is None:
            with self._lock:
                if self._map is None:
                    self._open()
                mapped = self._map
            if mapped is None:
                return None
        return mapped[:SIZE]

    def refresh(self) -> None:
        """Follow the path if the file was replaced (e.g. ``var/`` wiped): cheap, for slow paths."""
        try:
            inode = os.stat(self.path).st_ino
        except OSError:
            inode = None
        if inode != self._inode or self._map is None:
            with self._lock:
                self._map = None
                self._open()

    def bump(self) -> None:
        """Tell every process on the host that cached reader data may be out of date."""
        self.refresh()
        mapped = self._map
        if mapped is not None:
            mapped[:SIZE] = os.urandom(SIZE)


_beacon: Beacon | None = None
_beacon_setting: object = None
_beacon_lock = threading.Lock()


def beacon() -> Beacon:
    """This process's beacon, at ``UPWARD_CHANGE_BEACON_PATH`` (checked on every call, cheaply)."""
    global _beacon, _beacon_setting  # noqa: PLW0603 - one mapping per process
    setting = settings.UPWARD_CHANGE_BEACON_PATH
    current = _beacon
    if current is None or setting != _beacon_setting:
        with _beacon_lock:
            if _beacon is None or setting != _beacon_setting:
                _beacon = Beacon(setting)
                _beacon_setting = setting
            current = _beacon
    return current


def announce_change() -> None:
    """Call right after a reader-visible write, inside or outside a transaction.

    Bumps now (readers sharing this transaction's connection already see the write) and
    again when the transaction commits (outside one, at once): a reader that refilled its
    cache from the database in between read the old committed row, and the second bump
    retires that entry. In an autocommit view both happen before the view returns, so the
    very next request, in any process on the host, sees the change.
    """
    beacon().bump()
    transaction.on_commit(lambda: beacon().bump())


def announce_saved(**kwargs: object) -> None:
    """``post_save`` / ``post_delete`` receiver: rows saved anywhere (the admin, the wizard,
    ``update_post``'s version bump) are announced; ``QuerySet.update()`` sends no signal, so
    services that use it call ``announce_change()`` themselves."""
    announce_change()
