"""One keyed DB-API connection to store.db for the first screen: read transactions,
a write that never waits (the unlock's audit events), the audit chain appended and
checked as store/audit.py does, and the close a session makes."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
from collections import namedtuple
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

from bjstc_desktop.core.errors import BjstcError
from bjstc_desktop.store import commitmark, engine, pending_audit
from bjstc_desktop.store.auditchain import GENESIS, canonical, event_hash
from bjstc_desktop.store.levelkeys import ContentKeys, natural_key
from bjstc_desktop.store.pending_audit import PendingAudit, PendingEvent

log = logging.getLogger(__name__)
STORE_FILE = "store.db"
_ROW_TYPES: dict[tuple[str, ...], type] = {}


def _named_row(cursor: sqlcipher.Cursor, values: tuple[Any, ...]) -> Any:
    """Rows with their columns as attributes (as the store's plain rows have them)."""
    names = tuple(d[0] for d in cursor.description)
    kind = _ROW_TYPES.get(names)
    if kind is None:
        kind = _ROW_TYPES.setdefault(names, namedtuple("Row", names, rename=True))
    return kind(*values)


def stored_datetime(value: Any) -> dt.datetime | None:
    """A DateTime column as SQLAlchemy's SQLite dialect stores it ('YYYY-MM-DD HH:MM:SS.ffffff')."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def stored_date(value: Any) -> dt.date | None:
    """A Date column as stored ('YYYY-MM-DD')."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _stored_now() -> str:
    # The text SQLAlchemy's SQLite DateTime writes: always with microseconds.
    return dt.datetime.now(dt.UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


class PlainStore:
    """store.db opened with the data key over one DB-API connection (thread-safe: the
    GUI reads on worker threads, one statement sequence at a time)."""

    def __init__(self, data_dir: Path, data_key: bytes) -> None:
        self.data_dir = data_dir
        self.data_key = data_key
        self.content = ContentKeys(natural=natural_key(data_key))
        self._conn = engine.connect_raw(data_dir / STORE_FILE, data_key)
        self._conn.row_factory = _named_row
        self._lock = threading.RLock()
        self._pending = PendingAudit()
        self._closed = False

    def hold_levels(self, keys: dict[int, bytes]) -> None:
        """Work from now on with these level keys (the unlocked user's)."""
        self.content = self.content.with_levels(keys)

    @contextlib.contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except sqlcipher.Error as exc:
            known = engine.classify(exc, self.data_dir)
            if known is None:
                raise
            raise known from exc

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlcipher.Connection]:
        """A read transaction (deferred), as the store's `read()`."""
        with self._lock, self._translated():
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                self._conn.execute("COMMIT")

    def rows(self, sql: str, params: dict[str, Any] | tuple[Any, ...] = ()) -> list[Any]:
        """Every row of one query, in its own read transaction."""
        with self.read() as conn:
            return conn.execute(sql, params).fetchall()

    def named_blobs(self) -> set[str]:
        """Every blob name a committed row refers to, in any column that
        `leftovers.names_a_blob` (leftovers._named_blobs over this connection)."""
        from bjstc_desktop.store.leftovers import names_a_blob

        names: set[str] = set()
        with self.read() as conn:
            tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                                 " AND name NOT LIKE 'sqlite_%'")]
            for table in tables:
                quoted = '"' + table.replace('"', '""') + '"'
                for column in (c[1] for c in conn.execute(f"PRAGMA table_info({quoted})") if names_a_blob(c[1])):
                    names.update(v for (v,) in conn.execute(f'SELECT "{column}" FROM {quoted}') if v)
        return names

    # ----- the audit chain ---------------------------------------------------------------
    def audit_now_or_later(self, events: list[PendingEvent]) -> None:
        """Append `events` now if the write lock is free this instant; else they wait
        for the session's next write (`take_pending`) or are spooled at close."""
        for event in events:
            self._pending.add(event)
        with contextlib.suppress(BjstcError):
            self._write_pending(wait=False)

    def take_pending(self) -> list[PendingEvent]:
        """The events still waiting, handed to the full session's store."""
        return self._pending.take()

    def _write_pending(self, wait: bool) -> None:
        waiting = self._pending.take()
        if not waiting:
            return
        try:
            with self._lock, self._translated():
                engine.begin_immediate(self._conn, wait=wait)
                try:
                    head = self._append(waiting)
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
        except BaseException:
            self._pending.give_back(waiting)
            raise
        pending_audit.committed(waiting)
        commitmark.record(self.data_dir, *head)

    def _append(self, events: list[PendingEvent]) -> tuple[int, str]:
        """store/audit.append_many over this connection: the same rows, the same hashes."""
        head = self._conn.execute("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (head[0], head[1]) if head else (0, GENESIS)
        for event in events:
            f = event.fields
            seq += 1
            at = _stored_now()
            body = canonical(f.get("details") or {})
            target_type, target_id = f.get("target_type") or "", f.get("target_id") or ""
            digest = event_hash(prev, seq, dt.datetime.fromisoformat(at), f.get("actor_id"), f["actor_name"],
                                f["action"], target_type, target_id, body)
            self._conn.execute(
                "INSERT INTO audit_events (seq, at, actor_id, actor_name, action, target_type, target_id, details,"
                " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (seq, at, f.get("actor_id"), f["actor_name"], f["action"], target_type, target_id, body, prev, digest))
            prev = digest
        return seq, prev

    def check_commit_mark(self) -> None:
        """commitmark.check over this connection (IntegrityError: commits were lost)."""
        with self.read() as conn:
            commitmark.check_with(
                self.data_dir,
                lambda seq: (conn.execute("SELECT hash FROM audit_events WHERE seq = ?", (seq,)).fetchone() or [None])[0],
                lambda: (conn.execute("SELECT max(seq) FROM audit_events").fetchone() or [0])[0] or 0)

    def verify_since(self, seq: int, digest: str) -> tuple[int, str] | None:
        """store/audit.verify_since over this connection: the head if event `seq` still has
        `digest` and every later event links and hashes; None otherwise."""
        with self.read() as conn:
            prev = GENESIS
            if seq > 0:
                row = conn.execute("SELECT hash FROM audit_events WHERE seq = ?", (seq,)).fetchone()
                if row is None or row[0] != digest:
                    return None
                prev = digest
            expected = seq + 1
            cursor = conn.execute("SELECT seq, at, actor_id, actor_name, action, target_type, target_id, details,"
                                  " prev_hash, hash FROM audit_events WHERE seq > ? ORDER BY seq", (seq,))
            for ev in cursor:
                if ev.seq != expected or ev.prev_hash != prev:
                    return None
                at = stored_datetime(ev.at)
                assert at is not None
                if event_hash(prev, ev.seq, at, ev.actor_id, ev.actor_name, ev.action, ev.target_type,
                              ev.target_id, ev.details) != ev.hash:
                    return None
                prev, expected = ev.hash, ev.seq + 1
            return expected - 1, prev

    # ----- closing -----------------------------------------------------------------------
    def optimize(self) -> None:
        """Store.optimize: refresh the planner's statistics when the case table grew or
        shrank by a quarter since they were taken."""
        with self._lock, contextlib.suppress(sqlcipher.OperationalError):
            rows = self._conn.execute("SELECT count(*) FROM cases").fetchone()[0] or 0
            try:
                stat = self._conn.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'cases' LIMIT 1").fetchone()
                known = int(str(stat[0]).split()[0]) if stat and stat[0] else -1
            except sqlcipher.OperationalError:
                known = -1
            if known < 0 or abs(rows - known) > max(known, 100) // 4:
                self._conn.execute("PRAGMA analysis_limit = 1000")
                self._conn.execute("ANALYZE")

    def close(self) -> None:
        """Store.close: hand in audit events still waiting (spooled for the next unlock if
        the store stays busy), refresh statistics, checkpoint, close the connection."""
        if self._closed:
            return
        self._closed = True
        try:
            pending_audit.hand_in_at_close(self.data_dir, self._pending, lambda: self._write_pending(wait=True))
            self.optimize()
            with self._lock, contextlib.suppress(sqlcipher.OperationalError):
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self.release()

    def release(self) -> None:
        """Close the connection without the close's steps (the full session took over)."""
        self._closed = True
        with self._lock:
            self._conn.close()
