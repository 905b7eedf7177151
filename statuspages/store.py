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
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, TypeVar

import redis
from django.conf import settings
from redis.backoff import NoBackoff
from redis.connection import ConnectionPool
from redis.retry import Retry

logger = logging.getLogger(__name__)

T = TypeVar("T")

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


class RedisUnavailable(Exception):
    """Redis is off, down or slow: answer from the database."""


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
        while channel.can_read(timeout=0):
            self._handle(channel.read_response())
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
            self.round_trips += 1

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

    def count_view(self, link_id: int, seen_us: int) -> None:
        """One ``XADD`` written to the socket, not waited for: no round trip. Once sent it is
        Redis's, so a worker killed right after loses nothing."""
        key = self.views_key.encode()
        link = str(link_id).encode()
        seen = str(seen_us).encode()
        packed = b"*10\r\n$4\r\nXADD\r\n$%d\r\n%s\r\n$6\r\nMAXLEN\r\n$1\r\n~\r\n$%d\r\n%d\r\n" % (
            len(key),
            key,
            len(str(VIEWS_MAXLEN)),
            VIEWS_MAXLEN,
        ) + b"$1\r\n*\r\n$1\r\nl\r\n$%d\r\n%s\r\n$1\r\nt\r\n$%d\r\n%s\r\n" % (
            len(link),
            link,
            len(seen),
            seen,
        )
        with self._lock:
            if not self._ready():
                raise RedisUnavailable
            counter = self._counter
            assert counter is not None  # noqa: S101 - connected by _ready()
            try:
                counter.send_packed_command([packed], check_health=False)
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
                counter.send_command("CLIENT", "REPLY", "ON")
                counter.read_response()
                counter.send_command("CLIENT", "REPLY", "OFF")
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

        with self._lock:
            self._mirror = {}
            self._generation += 1
        self._call(flush)


# --- the process's instance -----------------------------------------------------------------
_store: StatusRedis | None = None
_store_config: tuple[object, ...] | None = None
_store_lock = threading.Lock()


def _config() -> tuple[object, ...]:
    return (
        settings.REDIS_URL,
        settings.STATUSPAGE_REDIS_PREFIX,
        settings.STATUSPAGE_REDIS_TIMEOUT,
        settings.STATUSPAGE_REDIS_RETRY_SECONDS,
    )


def status_redis() -> StatusRedis | None:
    """This process's client, or None when no ``REDIS_URL`` is configured."""
    global _store, _store_config  # noqa: PLW0603 - one client per process
    config = _config()
    store = _store
    if store is not None and config == _store_config:
        return store
    with _store_lock:
        if _store is not None and config != _store_config:
            _store.close()
            _store = None
        if _store is None and config[0]:
            url, prefix, timeout, retry_seconds = config
            _store = StatusRedis(
                str(url),
                prefix=str(prefix),
                timeout=float(timeout),  # type: ignore[arg-type]
                retry_seconds=float(retry_seconds),  # type: ignore[arg-type]
            )
        _store_config = config
        return _store


def _forget_after_fork() -> None:
    """A forked child (gunicorn --preload) must not share its parent's sockets."""
    global _store, _store_config  # noqa: PLW0603
    _store = None
    _store_config = None


os.register_at_fork(after_in_child=_forget_after_fork)


class RecentRenderings:
    """A small per-process LRU of renderings, keyed by everything that makes them differ:
    (kind, escalation, version, overdue flag, minute). Such a key names one immutable
    rendering, so a copy here can never be out of date."""

    def __init__(self, size: int = 256) -> None:
        self._items: OrderedDict[tuple[object, ...], bytes] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> bytes | None:
        with self._lock:
            html = self._items.get(key)
            if html is not None:
                self._items.move_to_end(key)
            return html

    def set(self, key: tuple[object, ...], html: bytes) -> None:
        with self._lock:
            self._items[key] = html
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
