"""Redis behind the public status pages: what every web host agrees on, and a page that
never fails because Redis did.

One ``StatusRedis`` per process (``status_redis()``), off when ``REDIS_URL`` is empty (the
embedded ``make run`` default): every caller then goes to the database.

What Redis holds
    * one *link record* per share link, ``<prefix><run id>:l:<token sha256>`` — the link's
      state and its escalation's version, state and due time (``selectors.LinkState``);
      written by every reader-visible write (``statuspages.sync``) and by a reader that
      found none. A guarded write (``GUARDED_SET``) never replaces a record with an older
      version of the escalation, so a slow reader cannot undo a revocation;
    * renderings and snapshots, immutable under keys that carry the escalation's version;
    * a stream of page views (``XADD``), folded into PostgreSQL by a beat task.

Warm hits cost no round trip
    Each process keeps the link records it has read (the *mirror*) and Redis tells it when
    one changes: a dedicated connection turns on ``CLIENT TRACKING … BCAST PREFIX`` for the
    link-record prefix with ``REDIRECT`` to itself and subscribes to
    ``__redis__:invalidate``. Before every lookup the process polls that socket (one
    non-blocking ``poll``) and drops what changed, on any host. A ``PING`` on it every
    second proves the channel alive: if no ``PONG`` answered a ping from the last
    ``TRUST_SECONDS``, the process waits for one before trusting its mirror. A broken
    channel empties the mirror.

    The run id of the Redis server is part of the record keys: a restarted Redis (from an
    old snapshot, or empty) is a new namespace, so it can never serve a record older than a
    write made while it was away.

Redis down
    Any error or timeout (``STATUSPAGE_REDIS_TIMEOUT``) trips a breaker: the mirror is
    dropped, callers get ``RedisUnavailable`` and answer from the database, no connection
    is tried again for ``STATUSPAGE_REDIS_RETRY_SECONDS``, and one warning per process per
    minute says so. Recovery needs nothing but Redis coming back.
"""

from __future__ import annotations

import logging
import os
import pickle
import select
import socket
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Generic, TypeVar

import redis
from django.conf import settings
from django.core.signals import setting_changed
from redis.backoff import NoBackoff
from redis.connection import ConnectionPool
from redis.retry import Retry

logger = logging.getLogger(__name__)

T = TypeVar("T")
V = TypeVar("V")

# How long a link record lives without being rewritten. Every write rewrites it at once; the
# TTL only bounds the damage of a write that could not reach Redis at all.
RECORD_SECONDS = 60
# A deleted link's record: no guarded write can replace it until it expires.
TOMBSTONE = "G"
HEARTBEAT_SECONDS = 1.0
TRUST_SECONDS = 2.0
MIRROR_SIZE = 10_000
WARN_EVERY_SECONDS = 60.0
# Page views not yet folded into the database; a beat tick empties it every 20 s.
VIEWS_MAXLEN = 1_000_000
INVALIDATE_CHANNEL = b"__redis__:invalidate"

# Set a link record unless Redis holds a newer one (higher version, or the same version
# modified later) or a tombstone. ARGV: record, version, modified (µs), ttl (s).
GUARDED_SET = """
local cur = redis.call('GET', KEYS[1])
if cur then
  if cur == 'G' then return 0 end
  local v, m = string.match(cur, '^(%d+)|(%d+)|')
  v = tonumber(v)
  m = tonumber(m)
  local nv = tonumber(ARGV[2])
  local nm = tonumber(ARGV[3])
  if v and (v > nv or (v == nv and m >= nm)) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[4])
return 1
"""

REDIS_ERRORS: tuple[type[BaseException], ...] = (redis.RedisError, OSError)


def _cork(conn: Any, on: bool) -> None:
    """Hold (or release) small writes in the kernel: see ``StatusRedis.count_view``."""
    sock = getattr(conn, "_sock", None)
    cork = getattr(socket, "TCP_CORK", None)
    if sock is None or cork is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return
    sock.setsockopt(socket.IPPROTO_TCP, cork, int(on))


class RedisUnavailable(Exception):
    """Redis is off, down or slow: answer from the database."""


def _not_connected(packed: bytes) -> None:
    raise redis.ConnectionError("not connected")


@dataclass(frozen=True)
class Record:
    """A link record to publish: the encoded value and the two numbers that order it."""

    token_hash: str
    value: str
    version: int
    modified_us: int


class StatusRedis:
    """This process's view of Redis for status pages (see the module docstring)."""

    def __init__(
        self,
        url: str,
        *,
        prefix: str,
        timeout: float,
        retry_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.prefix = prefix
        self.timeout = timeout
        self.retry_seconds = retry_seconds
        self._clock = clock
        self._lock = threading.RLock()
        self._pool: ConnectionPool | None = None
        self._client: redis.Redis | None = None
        # Low-level connections (redis-py's ConnectionInterface), used outside the pool.
        self._channel: Any = None
        self._counter: Any = None
        self._poller: select.poll | None = None
        self._counter_send: Callable[[bytes], Any] = _not_connected
        self._links_prefix = ""
        self._mirror: dict[str, Any] = {}
        # Bumped whenever the mirror loses entries: a value read before must not be stored.
        self._generation = 0
        self._pings: deque[float] = deque()
        self._last_ping = float("-inf")
        self._fresh_as_of = float("-inf")
        self._down_until = float("-inf")
        self._last_warning = float("-inf")
        self._tripped = False
        # Instrumentation for bench/statuspage_load.py: round trips waited for, and
        # commands sent without waiting (the view count).
        self.round_trips = 0
        self.commands_sent = 0

    # --- connection and breaker --------------------------------------------------------------
    def _connect(self) -> None:
        pool = ConnectionPool.from_url(
            self.url,
            protocol=2,
            socket_timeout=self.timeout,
            socket_connect_timeout=self.timeout,
            socket_keepalive=True,
            health_check_interval=0,
            retry=Retry(NoBackoff(), 0),
        )
        channel: Any = None
        counter: Any = None
        try:
            client = redis.Redis(connection_pool=pool)
            run_id = str(client.info("server")["run_id"])
            links_prefix = f"{self.prefix}{run_id[:16]}:l:"
            channel = pool.make_connection()
            channel.connect()
            channel.send_command("CLIENT", "ID")
            client_id = channel.read_response()
            channel.send_command(
                "CLIENT", "TRACKING", "ON", "REDIRECT", client_id, "BCAST", "PREFIX", links_prefix
            )
            channel.read_response()
            channel.send_command("SUBSCRIBE", INVALIDATE_CHANNEL)
            channel.read_response()
            counter = pool.make_connection()
            counter.connect()
            # The view count is sent and never waited for: no replies on this connection.
            counter.send_command("CLIENT", "REPLY", "OFF")
        except BaseException:
            pool.disconnect(inuse_connections=True)
            for conn in (channel, counter):
                if conn is not None:
                    with suppress(*REDIS_ERRORS):
                        conn.disconnect()
            raise
        self._pool, self._client, self._channel, self._counter = pool, client, channel, counter
        # The view count goes straight to the socket (redis-py's wrapper costs more than the
        # send itself); any other connection type goes through redis-py.
        counter_sock = getattr(counter, "_sock", None)
        self._counter_send = (
            counter_sock.sendall
            if counter_sock is not None
            else lambda packed: counter.send_packed_command([packed], check_health=False)
        )
        sock = getattr(channel, "_sock", None)  # redis-py's socket; else can_read() each time
        self._poller = None
        if sock is not None:
            self._poller = select.poll()
            self._poller.register(sock.fileno(), select.POLLIN)
        _cork(counter, True)
        self._links_prefix = links_prefix
        self._mirror = {}
        self._generation += 1
        self._pings.clear()
        self._last_ping = float("-inf")
        self._fresh_as_of = self._clock()  # subscribed now, and nothing mirrored yet
        self.round_trips += 6

    def _close(self) -> None:
        for conn in (self._channel, self._counter, self._pool):
            if conn is not None:
                with suppress(*REDIS_ERRORS):  # closing a dead socket
                    conn.disconnect()
        self._pool = self._client = self._channel = self._counter = None
        self._poller = None
        self._counter_send = _not_connected
        self._mirror = {}
        self._generation += 1

    def _trip(self, error: BaseException) -> None:
        """Redis failed: forget everything it told us and leave it alone for a while."""
        self._close()
        now = self._clock()
        self._down_until = now + self.retry_seconds
        self._tripped = True
        if now - self._last_warning >= WARN_EVERY_SECONDS:
            self._last_warning = now
            logger.warning(
                "Redis unreachable for status pages (%s: %s): answering from the database, "
                "trying again every %g s (this warning at most once a minute per process)",
                type(error).__name__,
                error,
                self.retry_seconds,
            )

    def _ready(self) -> bool:
        """Connected, or connected now; False while the breaker is open."""
        if self._channel is not None:
            return True
        if self._clock() < self._down_until:
            return False
        try:
            self._connect()
        except REDIS_ERRORS as error:
            self._trip(error)
            return False
        if self._tripped:
            self._tripped = False
            logger.warning("Redis reachable again: status pages use it again")
        return True

    def available(self) -> bool:
        with self._lock:
            return self._ready()

    def close(self) -> None:
        with self._lock:
            self._close()

    def _call(self, operation: Callable[[Any], T]) -> T:
        """One command or pipeline on the shared client; any failure trips the breaker."""
        with self._lock:
            if not self._ready():
                raise RedisUnavailable
            client = self._client
            assert client is not None  # noqa: S101 - _ready() connected it
        try:
            result = operation(client)
        except REDIS_ERRORS as error:
            with self._lock:
                self._trip(error)
            raise RedisUnavailable from error
        self.round_trips += 1
        return result

    # --- push invalidation ------------------------------------------------------------------
    def _handle(self, message: Any) -> None:
        kind = message[0] if isinstance(message, list) and message else None
        if kind == b"message" and message[1] == INVALIDATE_CHANNEL:
            keys = message[2]
            if keys is None:  # FLUSHDB / FLUSHALL
                self._mirror = {}
            else:
                start = len(self._links_prefix)
                for key in keys:
                    self._mirror.pop(key[start:].decode(), None)
            self._generation += 1
        elif kind == b"pong" and self._pings:
            self._fresh_as_of = self._pings.popleft()

    def _listen(self) -> None:
        """Apply every invalidation already received; keep the channel proven alive.

        Called before each lookup. Costs one non-blocking poll when nothing changed."""
        channel = self._channel
        assert channel is not None  # noqa: S101 - only called once connected
        # The poller watches the socket; every read below ends by emptying redis-py's own
        # buffer (can_read), so "nothing on the socket" means nothing unread at all.
        if self._poller is None or self._poller.poll(0):
            self._drain(channel)
        now = self._clock()
        trusted = now - self._fresh_as_of <= TRUST_SECONDS
        if not trusted or now - self._last_ping >= HEARTBEAT_SECONDS:
            channel.send_command("PING")
            self._pings.append(now)
            self._last_ping = now
            self.commands_sent += 1
        if not trusted:
            # Quiet for a while (an idle worker): wait for the pong of the ping just sent,
            # so every invalidation Redis sent before it has been applied.
            while self._fresh_as_of < now:
                self._handle(channel.read_response())
            self._drain(channel)
            self.round_trips += 1

    def _drain(self, channel: Any) -> None:
        while channel.can_read(timeout=0):
            self._handle(channel.read_response())

    # --- link records -----------------------------------------------------------------------
    def link_record(self, token_hash: str, parse: Callable[[str], T]) -> T | None:
        """The parsed record for a token hash, or None if Redis has none.

        From this process's mirror while Redis has announced no change to it; otherwise one
        GET. Raises ``RedisUnavailable`` when Redis cannot answer."""
        with self._lock:
            if not self._ready():
                raise RedisUnavailable
            try:
                self._listen()
            except REDIS_ERRORS as error:
                self._trip(error)
                raise RedisUnavailable from error
            found = self._mirror.get(token_hash)
            if found is not None:
                return found  # type: ignore[no-any-return]
            generation = self._generation
            key = self._links_prefix + token_hash
        raw = self._call(lambda client: client.get(key))
        if raw is None:
            return None
        parsed = parse(raw.decode())
        with self._lock:
            # Only if no invalidation arrived meanwhile (another thread listened): one that
            # arrives later finds the entry and drops it.
            if generation == self._generation:
                if len(self._mirror) >= MIRROR_SIZE:
                    self._mirror = {}
                self._mirror[token_hash] = parsed
        return parsed

    def publish_links(self, records: Iterable[Record], gone: Iterable[str] = ()) -> None:
        """Guarded writes of fresh records; tombstones for deleted links. One round trip."""
        records, gone = list(records), list(gone)
        if not records and not gone:
            return

        def write(client: Any) -> None:
            pipe = client.pipeline(transaction=False)
            for r in records:
                pipe.eval(
                    GUARDED_SET,
                    1,
                    self._links_prefix + r.token_hash,
                    r.value,
                    r.version,
                    r.modified_us,
                    RECORD_SECONDS,
                )
            for token_hash in gone:
                pipe.set(self._links_prefix + token_hash, TOMBSTONE, ex=RECORD_SECONDS)
            pipe.execute()

        self._call(write)

    def forget_links(self, token_hashes: Iterable[str]) -> None:
        """Drop records now, here and (through tracking) in every process on every host."""
        hashes = list(token_hashes)
        if not hashes:
            return
        with self._lock:
            for token_hash in hashes:
                self._mirror.pop(token_hash, None)
            self._generation += 1
        self._call(lambda client: client.delete(*(self._links_prefix + h for h in hashes)))

    # --- immutable values (renderings, snapshots) -------------------------------------------
    def get_bytes(self, key: str) -> bytes | None:
        value = self._call(lambda client: client.get(self.prefix + key))
        return value if isinstance(value, bytes) else None

    def set_bytes(self, key: str, value: bytes, seconds: int) -> None:
        self._call(lambda client: client.set(self.prefix + key, value, ex=seconds))

    def get_object(self, key: str) -> Any:
        value = self.get_bytes(key)
        # Written only by set_object below, in the same Redis that holds the cache Django
        # itself pickles into: the same trust boundary.
        return None if value is None else pickle.loads(value)  # noqa: S301

    def set_object(self, key: str, value: Any, seconds: int) -> None:
        self.set_bytes(key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), seconds)

    # --- page views -------------------------------------------------------------------------
    @property
    def views_key(self) -> str:
        return self.prefix + "views"

    @cached_property
    def _xadd_head(self) -> bytes:
        """``XADD <views> MAXLEN ~ <n> * l``, packed once: the link id and time follow."""
        key, maxlen = self.views_key.encode(), b"%d" % VIEWS_MAXLEN
        return (
            b"*10\r\n$4\r\nXADD\r\n$%d\r\n%s\r\n$6\r\nMAXLEN\r\n$1\r\n~\r\n$%d\r\n%s\r\n"
            % (len(key), key, len(maxlen), maxlen)
        ) + b"$1\r\n*\r\n$1\r\nl\r\n"

    def count_view(self, link_id: int, seen_us: int) -> None:
        """One ``XADD`` handed to the kernel, not waited for: no round trip.

        The connection is corked (``TCP_CORK``, Linux): the kernel sends what it holds when
        a segment fills or within 200 ms, so Redis is woken a few times a second rather than
        once per view. What the kernel holds is sent when the socket closes, however the
        process ends (nothing is ever unread on this connection, so it closes with a FIN,
        not a reset): a worker killed right after the view loses nothing (a test kills one).
        Only the loss of the whole host can lose its last 200 ms of views."""
        link = b"%d" % link_id
        seen = b"%d" % seen_us
        packed = self._xadd_head + b"$%d\r\n%s\r\n$1\r\nt\r\n$%d\r\n%s\r\n" % (
            len(link),
            link,
            len(seen),
            seen,
        )
        with self._lock:
            if not self._ready():
                raise RedisUnavailable
            try:
                self._counter_send(packed)
            except REDIS_ERRORS as error:
                self._trip(error)
                raise RedisUnavailable from error
            self.commands_sent += 1

    def views_barrier(self) -> None:
        """Wait until Redis has applied every view this process sent."""
        with self._lock:
            if not self._ready():
                raise RedisUnavailable
            counter = self._counter
            assert counter is not None  # noqa: S101
            try:
                _cork(counter, False)  # sends what the kernel holds
                counter.send_command("CLIENT", "REPLY", "ON")
                counter.read_response()
                counter.send_command("CLIENT", "REPLY", "OFF")
                _cork(counter, True)
            except REDIS_ERRORS as error:
                self._trip(error)
                raise RedisUnavailable from error
            self.round_trips += 1

    def views_after(self, entry_id: str, count: int) -> list[tuple[str, int, int]]:
        """Up to ``count`` views after stream entry ``entry_id`` ("" = from the start):
        (entry id, link id, seen µs)."""
        start = f"({entry_id}" if entry_id else "-"
        entries = self._call(lambda c: c.xrange(self.views_key, min=start, max="+", count=count))
        return [(entry.decode(), int(fields[b"l"]), int(fields[b"t"])) for entry, fields in entries]

    def views_trim_through(self, entry_id: str) -> None:
        """Drop stream entries up to and including ``entry_id`` (already in the database)."""
        ms, _, seq = entry_id.partition("-")
        self._call(
            lambda c: c.xtrim(self.views_key, minid=f"{ms}-{int(seq) + 1}", approximate=False)
        )

    # --- tests ------------------------------------------------------------------------------
    def flush_prefix(self) -> None:
        """Delete every key under this prefix (tests: a rolled-back test leaves records)."""

        def flush(client: Any) -> None:
            keys = list(client.scan_iter(match=self.prefix + "*", count=1000))
            if keys:
                client.delete(*keys)

        self.views_barrier()  # views this process still holds would land after the flush
        with self._lock:
            self._mirror = {}
            self._generation += 1
        self._call(flush)


# --- the process's instance -----------------------------------------------------------------
_SETTINGS = frozenset(
    {
        "REDIS_URL",
        "STATUSPAGE_REDIS_PREFIX",
        "STATUSPAGE_REDIS_TIMEOUT",
        "STATUSPAGE_REDIS_RETRY_SECONDS",
    }
)
_UNSET: Any = object()
_store: StatusRedis | None = _UNSET
_store_lock = threading.Lock()


def status_redis() -> StatusRedis | None:
    """This process's client, or None when no ``REDIS_URL`` is configured."""
    store = _store
    if store is not _UNSET:
        return store
    return _create()


def _create() -> StatusRedis | None:
    global _store  # noqa: PLW0603 - one client per process
    with _store_lock:
        if _store is _UNSET:
            url = settings.REDIS_URL
            _store = None
            if url:
                _store = StatusRedis(
                    url,
                    prefix=settings.STATUSPAGE_REDIS_PREFIX,
                    timeout=float(settings.STATUSPAGE_REDIS_TIMEOUT),
                    retry_seconds=float(settings.STATUSPAGE_REDIS_RETRY_SECONDS),
                )
        return _store


def _setting_changed(setting: str, **kwargs: Any) -> None:
    """Tests change REDIS_URL and friends: the next caller gets a client for the new ones."""
    global _store  # noqa: PLW0603
    if setting not in _SETTINGS:
        return
    with _store_lock:
        old, _store = _store, _UNSET
    if old is not _UNSET and old is not None:
        old.close()


def _after_fork() -> None:
    """A forked child (gunicorn --preload) must not share its parent's sockets (nor a lock a
    parent's thread may have held): start afresh, without closing the parent's."""
    global _store, _store_lock  # noqa: PLW0603
    _store = _UNSET
    _store_lock = threading.Lock()


setting_changed.connect(_setting_changed, dispatch_uid="statuspages-store")
os.register_at_fork(after_in_child=_after_fork)


class Recent(Generic[V]):
    """A small per-process LRU for values that never change under their key: renderings,
    keyed by everything that makes them differ — (kind, escalation, version, overdue flag,
    minute) — and snapshots, keyed by (escalation, version). Such a key names one immutable
    value, so a copy here can never be out of date, with Redis up or down."""

    def __init__(self, size: int = 256) -> None:
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def set(self, key: Hashable, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
