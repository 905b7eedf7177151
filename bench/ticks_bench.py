"""How long do the beat ticks take on a big database, and do they use their indexes?

Creates its own PostgreSQL database (``<$DATABASE_URL's name>_ticks`` by default), migrates it, fills it with
100,000 escalations (1,000 of them overdue, each with an unanswered ask past its deadline)
and 100,000 sent emails plus 1,000 due pre-reads,
then times one stale tick and one pre-read (dispatch) tick and prints each query plan
(``EXPLAIN ANALYZE``). Then 10,000 confirmed digest readers over the open escalations, each
with an update since their last digest, and the digest tick timed when nobody's hour has
come, when everyone's has but nobody has news, and in a burst of all of them at one hour. Drops the database at the end unless ``--keep``.

    uv run python bench/ticks_bench.py [--server postgres://postgres@127.0.0.1:5432] [--keep]
    uv run python bench/ticks_bench.py --smoke     # 2,000 escalations, seconds, no target

Exit status 1 if a tick takes longer than 0.5 s or a tick query scans a table sequentially.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from datetime import time as clock
from datetime import timedelta
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 0.5
ESCALATIONS = 100_000
SMOKE_ESCALATIONS = 2_000  # --smoke: seconds, not minutes; no target enforced
DIGEST_READERS = 10_000  # confirmed digest readers over the open escalations
SMOKE_DIGEST_READERS = 200
# Readers' zones: the first few where the bench's now is between 02:00 and 20:00 local, so
# a digest hour an hour or more away, and one half an hour ago, both fall on today's date.
ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Asia/Tokyo",
    "UTC",
    "Australia/Sydney",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "America/Sao_Paulo",
    "Pacific/Auckland",
    "Asia/Dubai",
    "Pacific/Honolulu",
    "Europe/London",
]


def sizes(escalations: int) -> tuple[int, int]:
    """(overdue escalations, due pre-reads) for a fill of `escalations` (1 % each)."""
    return max(escalations // 100, 1), max(escalations // 100, 1)


def digest_zones(now) -> list[str]:  # type: ignore[no-untyped-def]
    from escalations.models import zone_or_utc

    zones = [z for z in ZONES if 2 <= now.astimezone(zone_or_utc(z)).hour < 20]
    return zones[:5]


def local_times(now, zones: list[str], shift: timedelta) -> list[clock]:  # type: ignore[no-untyped-def]
    """Each zone's local wall time at ``now + shift`` (a digest hour around the bench's now)."""
    from escalations.models import zone_or_utc

    return [(now + shift).astimezone(zone_or_utc(z)).time().replace(microsecond=0) for z in zones]


def server_of(database_url: str) -> str:
    """`postgres://user@host:5432/db` -> `postgres://user@host:5432` (the bench makes its own db)."""
    if not database_url.startswith("postgres"):
        return "postgres://postgres@127.0.0.1:5432"
    return database_url.rsplit("/", 1)[0]


def database_of(database_url: str) -> str:
    """The database name in a PostgreSQL URL, or `bench` without one."""
    if not database_url.startswith("postgres"):
        return "bench"
    return database_url.rsplit("/", 1)[1].split("?", 1)[0] or "bench"


def recreate(server: str, name: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop(server: str, name: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def fill(escalations: int, readers: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from escalations import models as m
    from escalations.outbox import decision
    from tests import factories as f

    overdue, due = sizes(escalations)
    sent = escalations
    Dispatch = m.OutboxMessage
    now = timezone.now()
    owner = f.UserFactory(username="bench-author")
    f.ProfileFactory(user=owner, time_zone="Europe/Berlin")
    template: m.Escalation = f.EscalatedFactory(owner=owner, title="Bench template")  # type: ignore[assignment]
    columns = [
        fld.column
        for fld in m.Escalation._meta.concrete_fields
        if fld.column not in ("id", "title", "state", "next_update_due_at", "resolved_at")
    ]
    cols = ", ".join(columns)
    with connection.cursor() as cur:
        # 70 % resolved, 20 % drafts, 10 % open and not yet due; then 1,000 made overdue.
        cur.execute(
            f"""
            INSERT INTO escalations_escalation ({cols}, title, state, next_update_due_at, resolved_at)
            SELECT {cols}, 'Bench escalation #' || g,
                   CASE WHEN mod(g, 10) < 7 THEN 'resolved' WHEN mod(g, 10) < 9 THEN 'draft' ELSE 'escalated' END,
                   CASE WHEN mod(g, 10) = 9 THEN %s::timestamptz + mod(g, 600) * interval '1 minute' + interval '11 minutes' END,
                   CASE WHEN mod(g, 10) < 7 THEN %s::timestamptz - mod(g, 90) * interval '1 day' END
            FROM escalations_escalation, generate_series(1, %s) AS g
            WHERE id = %s
            """,  # noqa: S608 - column names come from the model, values are parameters
            [now, now, escalations - 1, template.pk],
        )
        cur.execute(
            """
            UPDATE escalations_escalation SET next_update_due_at = %s - mod(id, 180) * interval '1 minute' - interval '1 minute'
            WHERE id IN (SELECT id FROM escalations_escalation WHERE state = 'escalated' ORDER BY id LIMIT %s)
            """,
            [now, overdue],
        )
        meeting: m.Meeting = f.MeetingFactory(
            escalation=template, starts_at=now + timedelta(minutes=10)
        )  # type: ignore[assignment]
        template_row = Dispatch.objects.create(
            escalation=template,
            purpose=m.DispatchPurpose.STALE_REMINDER,
            dedupe_key="bench-template",
            to_email="a@example.com",
            send_at=now,
            state=m.DispatchState.CANCELLED,
            subject="Update overdue",
        )
        # Dispatch rows are copied from one made through the ORM, like the escalations above,
        # so a column added to the model later (with its default) cannot break the fill.
        table = Dispatch._meta.db_table
        copied = [
            fld.column
            for fld in Dispatch._meta.concrete_fields
            if fld.column
            not in ("id", "meeting_id", "purpose", "dedupe_key", "to_email", "send_at", "state")
            and not fld.column.endswith("_at")
        ]
        copy = ", ".join(copied)
        cur.execute(
            f"""
            INSERT INTO {table} ({copy}, meeting_id, purpose, dedupe_key, to_email, send_at,
                                 state, sent_at, created_at)
            SELECT {copy}, NULL, 'stale_reminder', 'bench-sent:' || g, 'a@example.com',
                   %s::timestamptz - g * interval '1 minute', 'sent',
                   %s::timestamptz - g * interval '1 minute', %s
            FROM {table}, generate_series(1, %s) AS g
            WHERE id = %s
            """,  # noqa: S608 - names come from the model, values are parameters
            [now, now, now, sent, template_row.pk],
        )
        cur.execute(
            f"""
            INSERT INTO {table} ({copy}, meeting_id, purpose, dedupe_key, to_email, send_at,
                                 state, created_at)
            SELECT {copy}, CASE WHEN g = 1 THEN %s END,
                   CASE WHEN g = 1 THEN 'preread' ELSE 'followup' END,
                   'bench-due:' || g, 'cto@example.com',
                   %s::timestamptz - mod(g, 25) * interval '1 second', 'pending', %s
            FROM {table}, generate_series(1, %s) AS g
            WHERE id = %s
            """,  # noqa: S608 - names come from the model, values are parameters
            [meeting.pk, now, now, due, template_row.pk],
        )
        Dispatch.objects.filter(pk=template_row.pk).delete()
        # One ask per escalation: answered on resolved ones, open elsewhere; the asks of the
        # 1,000 overdue escalations passed their decide-by time within the last day.
        cur.execute(
            """
            INSERT INTO escalations_ask
                (escalation_id, decision, kind, amount, decide_by, status, decided_at,
                 decided_by, note, position, options, chosen_option)
            SELECT e.id, 'Approve the spend', 'approve_spend', NULL,
                   CASE WHEN e.state = 'escalated' AND e.next_update_due_at < %s
                        THEN %s::timestamptz - mod(e.id, 1440) * interval '1 minute' - interval '1 minute'
                        ELSE %s::timestamptz + interval '1 day' END,
                   CASE WHEN e.state = 'resolved' THEN 'approved' ELSE 'open' END,
                   CASE WHEN e.state = 'resolved' THEN %s::timestamptz END,
                   '', '', 0, '', ''
            FROM escalations_escalation e
            """,
            [now, now, now, now],
        )
        # One update on each open escalation, two hours ago, copied from one made through the
        # ORM; and the digest readers, copied from one reader: ``readers`` on the digest
        # over the open escalations, in five zones, each zone's hour an hour to three hours
        # from now (nobody's time has come), plus twice as many readers of each update.
        upd: m.Update = f.UpdateFactory(escalation=template, created_at=now - timedelta(hours=2))  # type: ignore[assignment]
        ufields = [
            fld.column
            for fld in m.Update._meta.concrete_fields
            if fld.column not in ("id", "escalation_id", "created_at")
        ]
        ucols, uvalues = ", ".join(ufields), ", ".join(f"u.{c}" for c in ufields)
        # Every escalation has an update from days ago; the open ones one two hours ago too.
        cur.execute(
            f"""
            INSERT INTO escalations_update (escalation_id, created_at, {ucols})
            SELECT e.id,
                   CASE WHEN v.k = 1 THEN %s::timestamptz - interval '4 days' - mod(e.id, 1440) * interval '1 minute'
                        ELSE u.created_at END,
                   {uvalues}
            FROM escalations_escalation e, escalations_update u, (VALUES (1), (2)) AS v(k)
            WHERE u.id = %s AND e.id <> %s AND (v.k = 1 OR e.state = 'escalated')
            """,  # noqa: S608 - names come from the model, values are parameters
            [now, upd.pk, template.pk],
        )
        reader = m.Subscription.objects.create(
            escalation=template,
            email="bench-reader@example.com",
            mode=m.SubscriptionMode.DIGEST,
            digest_at=clock(12),
            link_key="bench",
            confirmed_at=now - timedelta(days=3),
        )
        m.Subscription.objects.filter(pk=reader.pk).update(created_at=now - timedelta(days=3))
        zones = digest_zones(now)
        later = [
            t for k in range(3) for t in local_times(now, zones, timedelta(hours=1, minutes=40 * k))
        ]
        scols = ", ".join(
            fld.column
            for fld in m.Subscription._meta.concrete_fields
            if fld.column not in ("id", "escalation_id", "email", "mode", "time_zone", "digest_at")
        )
        for mode, count in (("digest", readers), ("each", 2 * readers)):
            cur.execute(
                f"""
                WITH o AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n
                           FROM escalations_escalation WHERE state = 'escalated')
                INSERT INTO escalations_subscription
                    (escalation_id, email, mode, time_zone, digest_at, {scols})
                SELECT o.id, %s || g || '@example.com', %s,
                       (%s::text[])[1 + mod(g, %s)],
                       CASE WHEN %s = 'digest' THEN (%s::time[])[1 + mod(g, %s)] END, {scols}
                FROM generate_series(1, %s) AS g
                JOIN o ON o.n = mod(g, (SELECT count(*) FROM o))
                JOIN escalations_subscription s ON s.id = %s
                """,  # noqa: S608 - names come from the model, values are parameters
                [
                    mode,
                    mode,
                    zones,
                    len(zones),
                    mode,
                    later,
                    len(later),
                    count,
                    reader.pk,
                ],
            )
        reader.delete()
        cur.execute("ANALYZE")
    counts = {
        "escalations": m.Escalation.objects.count(),
        "overdue": m.Escalation.objects.filter(
            state__in=m.OPEN_STATES, next_update_due_at__lt=now
        ).count(),
        "dispatch rows": Dispatch.objects.count(),
        "overdue asks": decision.asks_overdue(now).count(),
        "due dispatch rows": Dispatch.objects.filter(state="pending", send_at__lte=now).count(),
        "digest readers": m.Subscription.objects.filter(mode="digest").count(),
        "updates": m.Update.objects.count(),
    }
    print("Filled:", ", ".join(f"{v:,} {k}" for k, v in counts.items()))


# Unordered with a LIMIT, it reads escalations in table order and stops at the first 200
# owed a reminder (most resolved escalations are): a sequential scan there is the plan; the
# outbox must be read through an index.
RCA_PLAN = "RCAs owed today's reminder (first 200)"
LARGE_TABLES = (
    "escalations_escalation",
    "escalations_outboxmessage",
    "escalations_subscription",
    "escalations_update",
)


def plans(now) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from django.db import transaction

    from escalations import models as m
    from escalations.outbox import decision, rca_reminder
    from escalations.outbox import engine as delivery
    from escalations.outbox import reminder as reminders

    out = {
        "stale scan (overdue escalations)": m.Escalation.objects.filter(
            state__in=m.OPEN_STATES, next_update_due_at__lt=now
        )
        .select_related("owner")
        .order_by("next_update_due_at")
        .explain(analyze=True),
        "heads-up scan (due within 10 min)": m.Escalation.objects.filter(
            state__in=m.OPEN_STATES,
            next_update_due_at__gt=now,
            next_update_due_at__lte=now + reminders.HEADS_UP_LEAD,
        )
        .select_related("owner")
        .explain(analyze=True),
        "asks past their decide-by time": decision.asks_overdue(now).explain(analyze=True),
        RCA_PLAN: rca_reminder.rcas_to_remind(now).explain(analyze=True),
        "stuck rows (sending > 10 min)": m.OutboxMessage.objects.filter(
            state="sending", sending_since__lt=now - delivery.STUCK_AFTER
        ).explain(analyze=True),
    }
    with transaction.atomic():
        out["due rows (FOR UPDATE SKIP LOCKED)"] = (
            m.OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(delivery.dispatches_due(now))
            .order_by("send_at")
            .values_list("pk", flat=True)[: delivery.TICK_BATCH]
            .explain(analyze=True)
        )
        transaction.set_rollback(True)
    return out


def digest_ticks(
    now, readers: int, *, broker: bool, into: dict[str, tuple[float, float]]
) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Time the digest tick in three states of the same readers, and return its main query's
    plans: (b) everyone has news but nobody's hour has come; (a) everyone's hour has come
    but nobody has news since their last digest; (c) a burst, every reader owed at once
    (one zone, one hour), handed to the workers tick after tick until all are owed."""
    from escalations import models as m
    from escalations.outbox import engine as delivery
    from escalations.outbox.desk_digest import executive_digests_scan
    from escalations.subscriptions import services as subs
    from escalations.subscriptions.tasks import tick_digest

    def tick() -> int:
        if broker:
            return tick_digest()  # the task body, in this process, publishing for real
        scan = subs.digests_scan(now=now)
        desks = executive_digests_scan(now=now)
        handed: list[int] = []
        if scan.written:
            delivery.dispatches_queue_due(
                now=now, enqueue=handed.extend, limit=scan.written + desks.written
            )
        return scan.written + desks.written

    def timed(label: str) -> int:
        t, c = time.perf_counter(), time.process_time()
        written = tick()
        into[label] = (time.perf_counter() - t, time.process_time() - c)
        return written

    def plan() -> str:
        return str(
            subs.digests_owed(subs.digest_times_due(now), for_executive=False)
            .values_list("pk")
            .explain(analyze=True)
        )

    readers_ = m.Subscription.objects.filter(mode=m.SubscriptionMode.DIGEST)
    zones = digest_zones(now)
    assert timed(f"digest tick, {readers:,} readers with news, no hour come") == 0

    past = local_times(now, zones, -timedelta(minutes=30))
    for zone, at in zip(zones, past, strict=True):
        readers_.filter(time_zone=zone).update(
            digest_at=at, digest_covered_until=now - timedelta(hours=1)
        )
    plans = {
        "digest times in use (every digest tick)": str(
            subs.digest_active()
            .order_by()
            .values_list("time_zone", "digest_at")
            .distinct()
            .explain(analyze=True)
        ),
        f"digest readers owed ({readers:,} hours come, no news)": plan(),
    }
    assert timed(f"digest tick, {readers:,} hours come, no news") == 0

    readers_.update(time_zone=zones[0], digest_at=past[0], digest_covered_until=None)
    plans[f"digest readers owed (burst: {readers:,} at one hour)"] = plan()
    owed, n = 0, 0
    while owed < readers:
        n += 1
        written = timed(f"digest tick, burst of {readers:,}: tick {n}")
        assert written > 0, (owed, n)
        owed += written
    assert owed == readers, owed
    assert timed("digest tick again (all have today's)") == 0
    return plans


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--server",
        default=os.environ.get("BENCH_PG") or server_of(os.environ.get("DATABASE_URL", "")),
        help="PostgreSQL server URL without a database (default: $DATABASE_URL's server)",
    )
    parser.add_argument(
        "--database",
        default=database_of(os.environ.get("DATABASE_URL", "")) + "_ticks",
        help="created and dropped by the bench (default: $DATABASE_URL's name + _ticks)",
    )
    parser.add_argument(
        "--escalations", type=int, default=ESCALATIONS, help="size of the fill (1 %% overdue)"
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help=f"{SMOKE_ESCALATIONS:,} escalations, no target enforced (make bench-smoke)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--broker",
        default=os.environ.get("REDIS_URL", ""),
        help="publish the pre-read tick's tasks to this Redis (default $REDIS_URL; purged "
        "afterwards); empty: time the database work only",
    )
    parser.add_argument(
        "--readers", type=int, default=DIGEST_READERS, help="confirmed digest readers"
    )
    args = parser.parse_args()
    if args.smoke:
        args.escalations = SMOKE_ESCALATIONS
        args.readers = SMOKE_DIGEST_READERS
    overdue, due = sizes(args.escalations)

    recreate(args.server, args.database)
    os.environ["DATABASE_URL"] = f"{args.server}/{args.database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    if args.broker:
        os.environ["CELERY_BROKER_URL"] = args.broker
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from escalations.outbox import engine as delivery
    from escalations.outbox import reminder as reminders

    ok = True
    try:
        t = time.perf_counter()
        call_command("migrate", verbosity=0)
        fill(args.escalations, args.readers)
        print(f"Setup took {time.perf_counter() - t:.1f} s\n")
        now = timezone.now()

        timings: dict[str, tuple[float, float]] = {}
        from config.celery import app, settle_heap

        if args.broker:
            from escalations.outbox.tasks import send_dispatches, tick_dispatch

            # A beat tick runs in a warm worker: connect and load the app before timing.
            with app.producer_or_acquire() as producer:
                producer.connection.ensure_connection()
            assert send_dispatches.name in app.tasks
        # And in a worker whose loaded heap is set aside from the garbage collector, as
        # ``worker_process_init`` does in every worker process (config/celery.py). First the
        # garbage the migration and the fill left behind, which a worker never has.
        gc.collect()
        settle_heap()
        t, c = time.perf_counter(), time.process_time()
        if args.broker:
            handed = tick_dispatch()  # the task body, in this process, publishing for real
            label = f"pre-read tick (reap + hand {due:,} rows to Redis)"
        else:
            handed_ids: list[int] = []
            delivery.dispatches_fail_stuck(now=now)
            delivery.dispatches_queue_due(now=now, enqueue=handed_ids.extend)
            handed = len(handed_ids)
            label = f"pre-read tick (reap + claim {due:,} rows, no broker)"
        timings[label] = (time.perf_counter() - t, time.process_time() - c)
        assert handed == due, handed
        if args.broker:
            app.control.purge()

        t, c = time.perf_counter(), time.process_time()
        scan = reminders.stale_scan(now=now)
        timings["stale tick (flag + owe notices)"] = (
            time.perf_counter() - t,
            time.process_time() - c,
        )
        assert scan.overdue == overdue, scan

        t, c = time.perf_counter(), time.process_time()
        again = reminders.stale_scan(now=now)
        timings["stale tick again (nothing new to owe)"] = (
            time.perf_counter() - t,
            time.process_time() - c,
        )
        assert again.newly_stale == 0

        digest_plans = digest_ticks(now, args.readers, broker=bool(args.broker), into=timings)
        if args.broker:
            app.control.purge()

        # The wall time is the target; the bench process's own CPU time beside it says how
        # much of it was this process's work when a busy machine makes it wait.
        for name, (seconds, cpu) in timings.items():
            verdict = "ok" if seconds < TARGET_SECONDS else "TOO SLOW"
            ok &= seconds < TARGET_SECONDS
            print(f"{name:<50} {seconds * 1000:8.1f} ms  {verdict:<8} (CPU {cpu * 1000:.0f} ms)")
        print(f"\nstale tick result: {scan}")

        print("\nEXPLAIN ANALYZE of the tick queries")
        for name, plan in {**plans(now), **digest_plans}.items():
            if name in digest_plans:
                # The executives' directory is a handful of rows, read whole on purpose.
                seq = any(f"Seq Scan on {table} " in plan for table in LARGE_TABLES)
            else:
                scanned = (
                    "Seq Scan on escalations_outboxmessage"
                    if name == RCA_PLAN
                    else "Seq Scan on escalations_"
                )
                seq = scanned in plan
            ok &= not seq
            print(f"\n--- {name}{'  <-- SEQUENTIAL SCAN' if seq else ''}\n{plan}")
    finally:
        connection.close()
        if not args.keep:
            drop(args.server, args.database)
    if args.smoke:
        # A small table is scanned sequentially by design and timings mean little: the smoke
        # run proves the bench still works, the full size measures.
        print("\nOK (smoke: targets not enforced)")
        return 0
    print("\nOK" if ok else "\nFAILED: a tick is slower than 0.5 s or scans a table")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
