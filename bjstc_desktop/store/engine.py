"""The SQLCipher 4 engine: raw 256-bit key, WAL, foreign keys, in-memory temp store.

Write transactions begin IMMEDIATE so that two programs on one store serialise their
writes (SQLite's own locking) instead of failing half-way; reads begin deferred. A
writer that finds another program writing says so after a second (`busy_notice`) and
waits a bounded time (`busy_wait_seconds`) before giving up with StoreBusyError.
Every driver error an officer can meet (busy, full disk, read-only folder, damaged
file) becomes one of our errors through `classify`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3.dbapi2 as sqlcipher

if TYPE_CHECKING:  # SQLAlchemy loads with the engine: a first screen over the DB-API connection needs none of it
    from sqlalchemy import Connection, Engine

from bjstc_desktop.core.errors import (
    AuthenticationError,
    BjstcError,
    IntegrityError,
    MediaError,
    StoreBusyError,
)

log = logging.getLogger(__name__)
BUSY_TIMEOUT_MS = 15_000
NOTICE_AFTER_MS = 1_000  # a writer waits this long in silence, then says that it waits
DEFAULT_BUSY_WAIT_S = 30.0
LOW_SPACE = 64 * 1024 * 1024  # below this much free space, a write error is a full disk
_PROBE = 1024 * 1024  # a write of this size that fails for room means a full disk
SQLCIPHER_LOG = "sqlcipher.log"
_SQLCIPHER_LOG_MAX = 1 << 20

CACHE_KIB = 32 * 1024

# SQLite's primary result codes (the low byte of the extended ones).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26

def _log_busy(seconds: float) -> None:
    log.info("store busy; waiting up to %.0f s", seconds)


busy_notice: Callable[[float], None] = _log_busy
"""Called once (with the seconds it will wait at most) when a writer starts waiting for
another program; the CLI prints a line, the GUI may show it."""


def busy_wait_seconds() -> float:
    """How long a writer waits for another program: BJSTC_BUSY_WAIT_SECONDS, else 30 s."""
    with contextlib.suppress(ValueError):
        return max(0.0, float(os.environ.get("BJSTC_BUSY_WAIT_SECONDS", "")))
    return DEFAULT_BUSY_WAIT_S


def _apply_key(conn: sqlcipher.Connection, data_key: bytes) -> None:
    # Raw key: no PBKDF2 inside SQLCipher, our key slots already did the hard work.
    conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")


_log_routed: set[str] = set()
_log_lock = threading.Lock()


def _route_sqlcipher_log(conn: sqlcipher.Connection, data_dir: Path) -> None:
    """SQLCipher's own diagnostics (e.g. "hmac check failed for pgno=…") go to
    logs/sqlcipher.log beside our log, never to the officer's terminal. Page numbers and
    codes only: it never writes content. Without a logs folder they are switched off."""
    logs = data_dir / "logs"
    target = str(logs / SQLCIPHER_LOG) if logs.is_dir() else ""
    with _log_lock:
        if target in _log_routed:
            return
        _log_routed.clear()
        _log_routed.add(target)
        with contextlib.suppress(sqlcipher.DatabaseError):
            if target:
                with contextlib.suppress(OSError):
                    if os.path.getsize(target) > _SQLCIPHER_LOG_MAX:
                        os.replace(target, target + ".1")
                with contextlib.suppress(OSError):  # SQLCipher would make it readable by all (umask)
                    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
                    os.chmod(target, 0o600)
                conn.execute(f"PRAGMA cipher_log = '{target.replace(chr(39), chr(39) * 2)}'")
                conn.execute("PRAGMA cipher_log_level = WARN")
            else:
                conn.execute("PRAGMA cipher_log_level = NONE")


def require_store_file(path: Path) -> None:
    """store.db must be there and be more than an empty file: SQLite would take a 0-byte
    file for a new database and the program would silently build a fresh, empty schema.
    (A 0-byte file whose WAL holds the content is a crash right after creation: fine.)"""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        # Only `init` and `restore` create store.db; everywhere else a missing file is damage.
        raise IntegrityError("找不到数据库文件 store.db。", "store.db is missing.") from None
    except OSError as exc:
        raise classify_os_error(exc, path.parent) from exc
    if size == 0:
        wal = path.with_name(path.name + "-wal")
        if not wal.exists() or wal.stat().st_size == 0:
            raise IntegrityError("数据库文件 store.db 是空的（0 字节），不是本工作站的数据库。请从备份恢复。",
                                 "store.db is empty (0 bytes) and is not this workstation's database. "
                                 "Restore it from a backup.")


def connect_raw(path: Path, data_key: bytes) -> sqlcipher.Connection:
    """A driver-level connection keyed and configured; verifies that the key opens it."""
    require_store_file(path)
    conn = sqlcipher.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                             check_same_thread=False)
    try:
        _route_sqlcipher_log(conn, path.parent)
        _apply_key(conn, data_key)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        # Writers wait a second here, then begin_immediate says so and waits on; readers
        # in WAL mode almost never wait at all.
        conn.execute(f"PRAGMA busy_timeout = {NOTICE_AFTER_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA synchronous = NORMAL")
        # Freed space is overwritten: content sealed or replaced (a title sealed at the key
        # upgrade, an edited opinion) leaves no readable copy in free pages for anyone
        # holding only the data key.
        conn.execute("PRAGMA secure_delete = ON")
        # Decrypted pages kept per connection (the default is 8 MB). Searches read pages
        # scattered over a large store; at a million cases 32 MB halved a name query.
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode and str(mode[0]).lower() != "wal":
            log.warning("store is not in WAL mode")
    except sqlcipher.DatabaseError as exc:
        conn.close()
        raise classify_open_error(exc, path.parent) from exc
    return conn


def classify_open_error(exc: Exception, data_dir: Path | None = None) -> BjstcError:
    """Turn a driver error at open time into the officer's message."""
    known = classify(exc, data_dir or Path("."))
    if known is not None:
        return known
    return IntegrityError("无法打开数据库 store.db，它可能已损坏。", "store.db cannot be opened; it may be damaged.")


def busy_error() -> StoreBusyError:
    """The one message for a store another program keeps busy for too long."""
    return StoreBusyError("数据库正忙，请稍后再试（另一个程序正在写入此工作站）。",
                          "The database is busy; try again later (another program is writing to this workstation).")


def disk_full_error(folder: Path) -> MediaError:
    """The one message for a data folder whose disk is full (nothing was changed)."""
    return MediaError(f"磁盘空间不足：{folder} 所在磁盘已满或无法写入，操作未完成，数据未被更改。请先腾出空间。",
                      f"Disk full: the disk holding {folder} is full or cannot be written; nothing was "
                      "changed. Free some space first.")


def read_only_error(folder: Path) -> MediaError:
    """The one message for a data folder that cannot be written."""
    return MediaError(f"数据文件夹 {folder} 只读或无写入权限，操作未完成，数据未被更改。",
                      f"The data folder {folder} is read-only or not writable; nothing was changed.")


def damaged_error() -> IntegrityError:
    """The one message for a store whose pages do not decrypt or do not make sense."""
    # The key slot opened (AEAD verified), so the key is right: the file is at fault.
    return IntegrityError("数据库文件 store.db 已损坏或不是本工作站的数据库。请从备份恢复。",
                          "store.db is damaged or is not this workstation's database. Restore it from a backup.")


def _low_on_space(folder: Path) -> bool:
    """Whether the disk holding `folder` has (nearly) no room: by its free space, else by
    a probe write (a quota or a file-size limit shows only when a write is refused).
    SQLite reports most such failures only as "disk I/O error"."""
    import errno

    try:
        if shutil.disk_usage(folder).free < LOW_SPACE:
            return True
    except OSError:
        pass
    probe = folder / f".probe-{os.getpid()}.tmp"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            left = memoryview(b"\0" * _PROBE)
            while left:  # a short write first, then the refusal
                left = left[os.write(fd, left):]
        finally:
            os.close(fd)
    except OSError as exc:
        return exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()
    return False


def classify_os_error(exc: OSError, folder: Path) -> BjstcError:
    """An operating-system error on the data folder, in the officer's words."""
    import errno

    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return disk_full_error(folder)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return read_only_error(folder)
    return MediaError(f"无法读写数据文件夹 {folder}（{exc.strerror}），操作未完成。",
                      f"The data folder {folder} cannot be read or written ({exc.strerror}); nothing was done.")


def classify(exc: BaseException, data_dir: Path) -> BjstcError | None:
    """The officer's error for a driver error, or None for one that is a program bug.
    SQLite reports a full disk as SQLITE_FULL, but a write refused for its size (EFBIG,
    a quota) or a WAL index that cannot grow as an I/O error: those count as a full disk
    too when they are write errors or when the disk is nearly full."""
    if isinstance(exc, BjstcError):
        return exc
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if primary in (_BUSY, _LOCKED) or "database is locked" in text or "database is busy" in text:
        return busy_error()
    if primary == _FULL or "database or disk is full" in text:
        return disk_full_error(data_dir)
    if primary == _READONLY or "readonly database" in text or "read-only" in text:
        return read_only_error(data_dir)
    if primary == _IOERR or "disk i/o error" in text:
        write_side = code in (778, 1034, 1546, 4874, 3338)  # IOERR_WRITE, _FSYNC, _TRUNCATE, _SHMSIZE, _DIR_FSYNC
        if write_side or _low_on_space(data_dir):
            return disk_full_error(data_dir)
        return MediaError(f"读写数据文件夹 {data_dir} 时出错（磁盘故障或介质被移除），操作未完成。",
                          f"Reading or writing the data folder {data_dir} failed (a disk fault or a removed "
                          "medium); nothing was done.")
    if primary == _CANTOPEN or "unable to open database" in text:
        if not os.access(data_dir, os.W_OK):
            return read_only_error(data_dir)
        return MediaError(f"无法打开数据文件夹 {data_dir} 中的数据库文件。", f"The database in {data_dir} cannot be opened.")
    if primary in (_CORRUPT, _NOTADB) or any(w in text for w in ("not a database", "malformed", "encrypted")):
        return damaged_error()
    return None


def create_store_engine(path: Path, data_key: bytes) -> Engine:
    """A SQLAlchemy engine over SQLCipher for `path`, keyed with `data_key`."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import QueuePool

    require_store_file(path)

    def creator() -> sqlcipher.Connection:
        return connect_raw(path, data_key)

    engine = create_engine(
        "sqlite://", creator=creator, module=sqlcipher, poolclass=QueuePool,
        pool_size=4, max_overflow=4,
    )
    _install_transaction_mode(engine)
    return engine


def create_new_store(path: Path, data_key: bytes) -> Engine:
    """Create an empty encrypted store.db (at init or restore into a new folder)."""
    if path.exists():
        raise IntegrityError("store.db 已存在。", "store.db already exists.")
    conn = sqlcipher.connect(str(path), isolation_level=None)
    _apply_key(conn, data_key)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE IF NOT EXISTS _bjstc_probe (x)")
    conn.execute("DROP TABLE _bjstc_probe")
    conn.close()
    path.chmod(0o600)
    return create_store_engine(path, data_key)


def _install_transaction_mode(engine: Engine) -> None:
    from sqlalchemy import event

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        options = conn.get_execution_options()
        if options.get("bjstc_write", False):
            begin_immediate(conn.connection.dbapi_connection, wait=options.get("bjstc_wait", True))
        else:
            conn.exec_driver_sql("BEGIN")


def _is_busy(exc: sqlcipher.OperationalError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return (isinstance(code, int) and code & 0xFF in (_BUSY, _LOCKED)) or "locked" in str(exc).lower()


def begin_immediate(raw: sqlcipher.Connection, wait: bool = True) -> None:
    """BEGIN IMMEDIATE, waiting for another program's write: silently for a second (the
    connection's own busy timeout), then with `busy_notice`, until `busy_wait_seconds()`;
    then StoreBusyError. Without `wait`, StoreBusyError at once."""
    limit = busy_wait_seconds() if wait else 0.0
    started = time.monotonic()
    quiet = min(NOTICE_AFTER_MS, int(limit * 1000))
    changed = quiet != NOTICE_AFTER_MS
    try:
        if changed:
            raw.execute(f"PRAGMA busy_timeout = {quiet}")
        try:
            raw.execute("BEGIN IMMEDIATE")  # the common case: one statement
            return
        except sqlcipher.OperationalError as exc:
            if not _is_busy(exc):
                raise
        remaining = limit - (time.monotonic() - started)
        if remaining <= 0:
            raise busy_error()
        busy_notice(limit)
        changed = True
        raw.execute(f"PRAGMA busy_timeout = {int(remaining * 1000)}")
        try:
            raw.execute("BEGIN IMMEDIATE")
        except sqlcipher.OperationalError as exc:
            if _is_busy(exc):
                raise busy_error() from None
            raise
    finally:
        if changed:
            with contextlib.suppress(sqlcipher.Error):
                raw.execute(f"PRAGMA busy_timeout = {NOTICE_AFTER_MS}")


def wrong_key_error() -> AuthenticationError:
    """Where a key cannot be told from a damaged file (no slot), say so plainly."""
    return AuthenticationError(
        "无法用此密钥打开数据库（口令错误或数据库已损坏）。",
        "The database does not open with this key (wrong passphrase or damaged database).",
    )
