"""The open store: engine, schema check and migration (with a backup first), and the
read and write transactions every repository works in."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from bjstc_desktop.core.errors import IntegrityError, StoreBusyError
from bjstc_desktop.store import (
    audit,
    backends,
    commitmark,
    hub,
    hubfiles,
    hubroles,
    lockfile,
    migrate,
    pending_audit,
)
from bjstc_desktop.store.backup import snapshot_store
from bjstc_desktop.store.keyslots import FILE_NAME, mac_key
from bjstc_desktop.store.levelkeys import ContentKeys, natural_key
from bjstc_desktop.store.pending_audit import PendingAudit, PendingEvent
from bjstc_desktop.store.sealing import SESSION_KEYS

log = logging.getLogger(__name__)


class Store:
    """An unlocked store.db. Use `read()` for queries and `write()` for changes."""

    def __init__(self, data_dir: Path, data_key: bytes, engine: Engine) -> None:
        self.data_dir = data_dir
        self.data_key = data_key
        self.engine = engine
        # The level keys of the unlocked user (store/levelkeys.py): set after unlock;
        # every session reads and writes sealed content with them (store/sealing.py).
        self.content = ContentKeys(natural=natural_key(data_key))
        info = {SESSION_KEYS: lambda: self.content}
        self._read = sessionmaker(bind=engine, expire_on_commit=False, info=info)
        self._write = sessionmaker(bind=engine.execution_options(bjstc_write=True), expire_on_commit=False, info=info)
        self._write_now = sessionmaker(bind=engine.execution_options(bjstc_write=True, bjstc_wait=False),
                                       expire_on_commit=False, info=info)
        self._pending = PendingAudit()
        self._marked: tuple[int, str] | None = None

    @classmethod
    def open(cls, data_dir: Path, data_key: bytes) -> Store:
        """Open and, if this program is newer, migrate (backup first, exclusive lock).
        A store with no schema, or one that lost its last commits, is refused (exit 4)."""
        engine = backends.open_engine(data_dir, data_key)
        try:
            with _translated(engine, data_dir):
                if migrate.current_revision(engine) is None:
                    if backends.is_hub(engine):
                        raise hub.not_a_hub(getattr(engine, "info_url", ""))
                    # Only `init` builds a schema; an empty file here is damage, never a new store.
                    raise IntegrityError("数据库文件 store.db 中没有任何数据，不是本工作站的数据库。请从备份恢复。",
                                         "store.db holds no data and is not this workstation's database. "
                                         "Restore it from a backup.")
                if migrate.is_newer_than_program(engine):
                    raise IntegrityError(
                        "此工作站由更新版本的程序创建，请升级本程序后再打开。",
                        "This workstation was written by a newer version of the program; upgrade first.",
                    )
                migrated = migrate.needs_upgrade(engine)
                if migrated:
                    cls._migrate_with_backup(data_dir, data_key, engine)
                if backends.is_hub(engine) and (migrated or (data_dir / FILE_NAME).exists()):
                    # a hub made before hub_files: its workstation file moves into the database
                    hubfiles.adopt_node_file(engine, data_dir, mac_key(data_key), migrate.head_revision())
                store = cls(data_dir, data_key, engine)
                with store.read() as s:
                    commitmark.check(data_dir, s)
        except BaseException:
            engine.dispose()
            raise
        return store

    @staticmethod
    def _migrate_with_backup(data_dir: Path, data_key: bytes, engine: Engine) -> None:
        lock = lockfile.open_exclusive(data_dir, "升级数据库", "upgraded")
        try:
            before = migrate.current_revision(engine) or "empty"
            # A hub's schema changes in one transaction (PostgreSQL's DDL is transactional);
            # its backups are the server's (pg_basebackup, docs/hub.md), not a file copy.
            if before != "empty" and not backends.is_hub(engine):
                backup_before_migration(data_dir, data_key, before)
            migrate.upgrade(engine)
            if backends.is_hub(engine):
                hubroles.refresh(engine)  # a new table gets its grants and policy
            log.info("store migrated from %s to %s", before, migrate.head_revision())
        finally:
            lock.release()

    def hold_levels(self, keys: dict[int, bytes]) -> None:
        """Work from now on with these level keys (the unlocked user's)."""
        self.content = self.content.with_levels(keys)

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A read transaction (deferred)."""
        with _translated(self.engine, self.data_dir), self._read() as session, session.begin():
            yield session

    @contextlib.contextmanager
    def write(self, *, wait: bool = True,
              before_commit: Callable[[Session], None] | None = None) -> Iterator[Session]:
        """A write transaction (BEGIN IMMEDIATE): commits on success, rolls back on any
        error. Audit events waiting for a write (the unlock) go first, in the same commit.
        Another program's write is waited for a bounded time (engine.begin_immediate),
        or not at all with `wait=False` (StoreBusyError at once). `before_commit` runs in
        the transaction after the body (a hub's key-slot row: store/slotchange.py)."""
        waiting = self._pending.take()
        maker = self._write if wait else self._write_now
        try:
            with _translated(self.engine, self.data_dir), maker() as session, session.begin():
                for event in waiting:
                    audit.append(session, **event.fields)
                yield session
                if before_commit is not None:
                    before_commit(session)
                head = audit.head(session)
        except BaseException:
            self._pending.give_back(waiting)
            raise
        pending_audit.committed(waiting)
        if head != self._marked:
            commitmark.record(self.data_dir, *head)
            self._marked = head

    def defer_audit(self, event: PendingEvent) -> None:
        """Append `event` in the next write transaction (or at close)."""
        self._pending.add(event)

    def audit_now_or_later(self, events: list[PendingEvent]) -> None:
        """Append `events` now if the write lock is free this instant; else in the next
        write transaction of this session (unlocking never waits for another program)."""
        for event in events:
            self.defer_audit(event)
        with contextlib.suppress(StoreBusyError), self.write(wait=False):
            pass

    @property
    def is_hub(self) -> bool:
        """Whether this store is an office hub's PostgreSQL database."""
        return backends.is_hub(self.engine)

    def integrity_check(self) -> bool:
        """SQLite's own page-level check (a hub's pages are the server's: PostgreSQL's
        data checksums and amcheck, run by its administrator; docs/hub.md)."""
        if self.is_hub:
            return True
        with self.engine.connect() as conn:
            return conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"

    def checkpoint(self) -> None:
        """Fold the WAL into store.db (before copies and on close); nothing on a hub."""
        if self.is_hub:
            return
        with contextlib.suppress(OperationalError), self.engine.connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))

    def optimize(self) -> None:
        """Refresh the query planner's statistics when the case table has grown or shrunk
        by a quarter since they were taken. Without them SQLite picks the module index
        for the workbench's due list and sorts every open case (0.9 s at 100,000 cases
        instead of 0.02 s). A sampled ANALYZE costs ~0.1 s; most closes skip it.
        A hub's server keeps its own statistics (autovacuum)."""
        if self.is_hub:
            return
        with contextlib.suppress(OperationalError), self.engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT count(*) FROM cases").scalar() or 0
            try:
                stat = conn.exec_driver_sql(
                    "SELECT stat FROM sqlite_stat1 WHERE tbl = 'cases' LIMIT 1").scalar()
                known = int(str(stat).split()[0]) if stat else -1
            except OperationalError:
                known = -1
            if known < 0 or abs(rows - known) > max(known, 100) // 4:
                conn.exec_driver_sql("PRAGMA analysis_limit = 1000")
                conn.exec_driver_sql("ANALYZE")
                conn.commit()

    def compact(self) -> None:
        """Merge the search index (the terms of deleted documents leave it) and rebuild
        the file (no free page keeps an old value): after the content was sealed.
        On a hub the server reclaims dead rows itself (autovacuum); nothing to do here."""
        if self.is_hub:
            return
        with self.write() as s:
            s.execute(text("INSERT INTO case_search(case_search) VALUES ('optimize')"))
        raw = self.engine.raw_connection()
        cursor = raw.cursor()  # the DB-API cursor: VACUUM runs outside any transaction
        try:
            cursor.execute("VACUUM")
        finally:
            cursor.close()
            raw.close()

    def _write_pending(self) -> None:
        with self.write():  # its first statements are the events waiting
            pass

    def close(self) -> None:
        """Hand in audit events still waiting (spooled for the next unlock if the store
        stays busy), refresh planner statistics, checkpoint, release every connection."""
        pending_audit.hand_in_at_close(self.data_dir, self._pending, self._write_pending)
        self.optimize()
        self.checkpoint()
        self.engine.dispose()


@contextlib.contextmanager
def _translated(engine: Engine, data_dir: Path) -> Iterator[None]:
    """Driver errors an officer can meet (busy, full disk, read-only, damage; a hub's
    server down or refusing) as ours."""
    try:
        yield
    except DBAPIError as exc:
        known = backends.classify(engine, exc.orig, data_dir) if exc.orig is not None else None
        if known is None:
            raise
        raise known from exc


def backup_before_migration(data_dir: Path, data_key: bytes, revision: str) -> Path:
    """Copy the store (still encrypted) and workstation.json into backups/ first."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = data_dir / "backups" / f"before-migration-{revision}-{stamp}"
    target.mkdir(parents=True)
    snapshot_store(data_dir / "store.db", data_key, target / "store.db")
    shutil.copy2(data_dir / "workstation.json", target / "workstation.json")
    return target
