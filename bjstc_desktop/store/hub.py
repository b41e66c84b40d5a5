"""The PostgreSQL engine of an office hub (issue 19; docs/hub.md).

The same models, repositories and migrations as the embedded SQLCipher store; what is
particular to PostgreSQL is here: the connection (libpq through psycopg 3, so the
secret comes from ~/.pgpass, a service file, a client certificate or GSSAPI, never
from argv), how writers serialise, and how server errors become an officer's message.

Writers serialise as they do on a workstation (SQLite's BEGIN IMMEDIATE): each write
transaction first takes one transaction-scoped advisory lock, waiting for another
officer's write a bounded time (`engine.busy_wait_seconds`). Finer row locks come with
the allocators under concurrent officers (issue 19 point 3).
"""

from __future__ import annotations

import contextlib
import re
import time
from typing import Any

from sqlalchemy import BigInteger, Connection, Engine, Integer, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bjstc_desktop.core.errors import (
    AuthenticationError,
    BjstcError,
    IntegrityError,
    MediaError,
    PermissionDeniedError,
    UsageError,
)
from bjstc_desktop.store import engine as embedded

WRITE_LOCK = 0x626A7374  # "bjst": the one advisory lock every write transaction takes
SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
_SECRET_IN_URL = re.compile(r"//[^/@:]*:[^/@]*@")


_REFUSED = re.compile(r'password authentication failed|no password supplied|no pg_hba\.conf entry|role "[^"]*" '
                      r"does not exist|certificate|GSSAPI|peer authentication failed|Ident authentication failed")


class HubUnavailableError(MediaError):
    """The hub's server cannot be reached (down, wrong address, network): nothing changed."""


def is_hub_url(value: str) -> bool:
    """Whether `value` names a PostgreSQL hub (postgresql://...)."""
    return value.split(":", 1)[0].lower() in SCHEMES


def check_url(url: str) -> str:
    """The SQLAlchemy URL of a hub URL; UsageError for one that is not a PostgreSQL URL
    or that carries a password (secrets never in argv: libpq reads ~/.pgpass, a service
    file or a client certificate instead)."""
    if not is_hub_url(url):
        raise UsageError(f"集中库地址须以 postgresql:// 开头：{redact(url)}",
                         f"A hub address must start with postgresql://: {redact(url)}")
    if _SECRET_IN_URL.search(url) or re.search(r"[?&]password=", url, re.I):
        raise UsageError("集中库地址中不得含口令（请用 ~/.pgpass、服务文件或客户端证书）。",
                         "A hub address must not carry a password (use ~/.pgpass, a service file or a "
                         "client certificate).")
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UsageError(f"集中库地址无效：{redact(url)}", f"Invalid hub address: {redact(url)}") from None
    return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


def redact(url: str) -> str:
    """`url` with any password replaced, for messages and logs."""
    return _SECRET_IN_URL.sub(lambda m: m.group(0).split(":", 1)[0] + ":***@", url)


def create_hub_engine(url: str) -> Engine:
    """A SQLAlchemy engine over the hub at `url` (checked by `check_url`)."""
    engine = create_engine(check_url(url), pool_size=4, max_overflow=4, pool_pre_ping=True,
                           connect_args={"connect_timeout": 10, "application_name": "bjstc"})
    # where `bjstc info` and the messages find the address (without any secret); Engine has no such field
    engine.info_url = redact(url)  # type: ignore[attr-defined]
    # SQLite's integers are 64-bit, and so are a hub's columns (migration 0009_hub): bind
    # integer parameters as BIGINT too (psycopg's dialect casts each parameter to its type).
    colspecs = type(engine.dialect).colspecs
    engine.dialect.colspecs = {**colspecs, Integer: colspecs[BigInteger]}

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        options = conn.get_execution_options()
        if options.get("bjstc_write", False):
            # Read committed after the lock: every statement sees what the writers before
            # it committed, and no other writer runs until this one ends.
            take_write_lock(conn, wait=options.get("bjstc_wait", True))
        else:
            # A reader sees one snapshot from its first statement to its end, as a
            # deferred read transaction on a SQLite WAL store does.
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")

    return engine


def take_write_lock(conn: Connection, wait: bool = True) -> None:
    """The hub's BEGIN IMMEDIATE: the write lock for this transaction, waited for in
    silence for a second, then with `engine.busy_notice`, up to `busy_wait_seconds()`."""
    if conn.exec_driver_sql(f"SELECT pg_try_advisory_xact_lock({WRITE_LOCK})").scalar():
        return
    limit = embedded.busy_wait_seconds() if wait else 0.0
    started = time.monotonic()
    notified = False
    while True:
        waited = time.monotonic() - started
        if waited >= limit:
            raise embedded.busy_error()
        if waited >= embedded.NOTICE_AFTER_MS / 1000 and not notified:
            embedded.busy_notice(limit)
            notified = True
        time.sleep(0.02)
        if conn.exec_driver_sql(f"SELECT pg_try_advisory_xact_lock({WRITE_LOCK})").scalar():
            return


def server_version(engine: Engine) -> str:
    """The server's version string, e.g. "15.8"."""
    with engine.connect() as conn:
        return str(conn.execute(text("SHOW server_version")).scalar() or "")


def classify(exc: BaseException, where: str = "") -> BjstcError | None:
    """The officer's error for a psycopg error, or None for one that is a program bug."""
    if isinstance(exc, BjstcError):
        return exc
    import psycopg

    sqlstate = getattr(exc, "sqlstate", None) or ""
    text_ = str(exc)
    # At connection time libpq gives no SQLSTATE, only the server's message.
    if sqlstate in ("28P01", "28000") or _REFUSED.search(text_):
        return AuthenticationError(f"集中库拒绝了连接（数据库账户或证书未获认可）：{where}",
                                   f"The hub refused the connection (database account or certificate not "
                                   f"accepted): {where}")
    if sqlstate == "3D000" or re.search(r'database "[^"]*" does not exist', text_):
        return IntegrityError(f"集中库服务器上没有此数据库：{where}", f"The hub server has no such database: {where}")
    if sqlstate == "42501":  # the database's own roles and policies said no (store/hubroles.py)
        return PermissionDeniedError("集中库拒绝了此操作：您的数据库角色无此权限（涉密等级、业务范围或三员分立），数据未被更改。",
                                     "The hub refused this: your database role may not do it (clearance, module "
                                     "scope or separation of duties); nothing was changed.")
    if sqlstate in ("55P03", "40P01", "40001"):
        return embedded.busy_error()
    if sqlstate == "53100":
        return MediaError("集中库服务器磁盘已满，操作未完成，数据未被更改。",
                          "The hub server's disk is full; nothing was changed.")
    if isinstance(exc, psycopg.OperationalError) and not sqlstate or sqlstate.startswith("08") \
            or sqlstate in ("57P01", "57P02", "57P03"):
        return unavailable(where)
    return None


def unavailable(where: str) -> HubUnavailableError:
    """The one message for a hub that cannot be reached."""
    return HubUnavailableError(f"无法连接集中库 {where}（服务器未运行、地址有误或网络中断），操作未完成，数据未被更改。",
                               f"Cannot reach the hub {where} (the server is down, the address is wrong or the "
                               "network is cut); nothing was changed.")


def not_a_hub(where: str) -> IntegrityError:
    """The one message for a database that holds no bjstc hub schema."""
    return IntegrityError(f"{where} 不是 bjstc 集中库（没有本程序的数据表）。请先运行 bjstc hub init。",
                          f"{where} is not a bjstc hub (it holds none of this program's tables). Run "
                          "`bjstc hub init` first.")


def describe(engine: Engine) -> dict[str, Any]:
    """What `bjstc info` says about this store."""
    with contextlib.suppress(Exception):
        return {"kind": "postgresql", "url": getattr(engine, "info_url", ""), "server_version": server_version(engine)}
    return {"kind": "postgresql", "url": getattr(engine, "info_url", "")}
