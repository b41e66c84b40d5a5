"""The SQLCipher 4 engine: raw 256-bit key, WAL, foreign keys, in-memory temp store.

Write transactions begin IMMEDIATE so that two programs on one store serialise their
writes (SQLite's own locking) instead of failing half-way; reads begin deferred.
"""

from __future__ import annotations

import logging
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from bjstc_desktop.core.errors import AuthenticationError, IntegrityError, StoreBusyError

log = logging.getLogger(__name__)
BUSY_TIMEOUT_MS = 15_000


CACHE_KIB = 32 * 1024


def _apply_key(conn: sqlcipher.Connection, data_key: bytes) -> None:
    # Raw key: no PBKDF2 inside SQLCipher, our key slots already did the hard work.
    conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")


def connect_raw(path: Path, data_key: bytes) -> sqlcipher.Connection:
    """A driver-level connection keyed and configured; verifies that the key opens it."""
    conn = sqlcipher.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                             check_same_thread=False)
    try:
        _apply_key(conn, data_key)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
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
        raise classify_open_error(exc) from exc
    return conn


def classify_open_error(exc: Exception) -> Exception:
    """Turn a driver error at open time into the officer's message."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StoreBusyError(
            "工作站正被另一个程序独占使用，请稍后再试。",
            "The workstation is held exclusively by another program; try again shortly.",
        )
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        # The key slot opened (AEAD verified), so the key is right: the file is at fault.
        return IntegrityError(
            "数据库文件 store.db 已损坏或不是本工作站的数据库。",
            "store.db is damaged or is not this workstation's database.",
        )
    return IntegrityError(f"无法打开数据库：{exc}", f"The database cannot be opened: {exc}")


def create_store_engine(path: Path, data_key: bytes) -> Engine:
    """A SQLAlchemy engine over SQLCipher for `path`, keyed with `data_key`."""
    if not path.exists():
        # Only `init` and `restore` create store.db; everywhere else a missing file is damage.
        raise IntegrityError("找不到数据库文件 store.db。", "store.db is missing.")

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
    @event.listens_for(engine, "begin")
    def _begin(conn):  # type: ignore[no-untyped-def]
        immediate = conn.get_execution_options().get("bjstc_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def wrong_key_error() -> AuthenticationError:
    """Where a key cannot be told from a damaged file (no slot), say so plainly."""
    return AuthenticationError(
        "无法用此密钥打开数据库（口令错误或数据库已损坏）。",
        "The database does not open with this key (wrong passphrase or damaged database).",
    )
