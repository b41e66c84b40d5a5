"""The PostgreSQL engine of an office hub (issue 19; docs/hub.md).

The same models, repositories and migrations as the embedded SQLCipher store; what is
particular to PostgreSQL is here: the connection (libpq through psycopg 3, so the
secret comes from ~/.pgpass, a service file, a client certificate or GSSAPI, never
from argv), how writers serialise, and how server errors become an officer's message.

On the wire (issue 19 point 5; docs/hub.md "TLS"): a hub reached over TCP is spoken to
only through TLS. `check_url` refuses a URL that allows plain text (sslmode disable,
allow, prefer) and asks libpq for TLS where the URL names a TCP host and no sslmode;
every new connection is then checked on the server's side (pg_stat_ssl of its own
backend) whatever a service file or the environment said, and a plain TCP connection is
closed before anything is read or written. Unix-socket connections (the same machine)
are allowed: they never leave it.

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
from sqlalchemy.engine import URL, make_url
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


_REFUSED = re.compile(r'password authentication failed|no password supplied|no pg_hba\.conf entry|pg_hba\.conf rejects|role "[^"]*" '
                      r"does not exist|certificate|GSSAPI|peer authentication failed|Ident authentication failed")

_PLAIN_SERVER = re.compile(r"server does not support SSL")
_UNTRUSTED = re.compile(r"certificate verify failed|does not match host name|root certificate file|"
                        r"could not read root certificate|SSL error", re.I)


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
    return require_tls(parsed).set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


_PLAIN_SSLMODES = ("disable", "allow", "prefer")


def _query_values(url: URL, name: str) -> list[str]:
    value = url.query.get(name)
    values = value if isinstance(value, tuple) else (value,) if value else ()
    return [part for v in values for part in str(v).split(",") if part]


def tcp_hosts(url: URL) -> list[str]:
    """The TCP hosts (names or addresses) `url` names; none for a Unix socket (a host
    that is a folder, or no host at all) or where a service file gives the host."""
    hosts = ([url.host] if url.host else []) + _query_values(url, "host")
    return [h for h in hosts if not h.startswith(("/", "@"))] + _query_values(url, "hostaddr")


def require_tls(url: URL) -> URL:
    """`url` asking libpq for TLS: a URL that allows plain text is a usage error; one that
    names a TCP host and no sslmode gets sslmode=require (verify-full with sslrootcert is
    what docs/hub.md recommends; the server's certificate is then checked too)."""
    modes = _query_values(url, "sslmode")
    if any(m.lower() in _PLAIN_SSLMODES for m in modes):
        raise UsageError(f"集中库只能经加密连接（TLS）访问：地址中的 sslmode={modes[-1]} 允许明文传输，请改为 "
                         "sslmode=verify-full（并以 sslrootcert 指明根证书）或 sslmode=require。",
                         f"The hub is reached only over an encrypted connection (TLS): sslmode={modes[-1]} in the "
                         "address allows plain text. Use sslmode=verify-full (with sslrootcert naming the root "
                         "certificate) or sslmode=require.")
    if not modes and tcp_hosts(url):
        return url.update_query_dict({"sslmode": "require"})
    return url


class PlainConnectionError(AuthenticationError):
    """The hub's server spoke without TLS over the network: refused, nothing read or written."""


def plain_connection(where: str) -> PlainConnectionError:
    """The one message for a hub that speaks plain text over TCP."""
    return PlainConnectionError(
        f"集中库 {where} 未经加密连接（TLS）应答，程序拒绝以明文与其通信，操作未进行，数据未被更改。请集中库管理员开启 "
        "ssl=on 并只允许 hostssl 连接（docs/hub.md）。",
        f"The hub {where} answered without an encrypted connection (TLS); the program refuses to talk to it in "
        "plain text. Nothing was done or changed. Its administrator must set ssl=on and allow only hostssl "
        "connections (docs/hub.md).")


def untrusted_server(where: str) -> AuthenticationError:
    """The one message for a server whose certificate does not verify (sslmode=verify-*)."""
    return AuthenticationError(f"集中库 {where} 的服务器证书未通过验证（根证书不符、证书过期或主机名不符），程序拒绝连接，数据未被更改。",
                               f"The certificate of the hub {where} could not be verified (another root "
                               "certificate, expired, or another host name); the program refuses to connect. "
                               "Nothing was changed.")


_WIRE = ("SELECT inet_client_addr() IS NOT NULL, coalesce(s.ssl, false), s.version, s.cipher "
         "FROM (SELECT 1) AS one LEFT JOIN pg_stat_ssl AS s ON s.pid = pg_backend_pid()")


def check_transport(dbapi_connection: Any, where: str) -> None:
    """Refuse (PlainConnectionError) a new connection that reached the server over TCP
    without TLS, by the server's own account of this backend (pg_stat_ssl), so neither a
    service file, PGSSLMODE nor a misconfigured server can make the program speak plain
    text across the network. The connection is closed before the error is raised."""
    row = dbapi_connection.execute(_WIRE).fetchone()
    dbapi_connection.rollback()
    if row is not None and row[0] and not row[1]:
        dbapi_connection.close()
        raise plain_connection(where)


def transport(engine: Engine) -> str:
    """How this process reaches the hub, for `bjstc info`: "TLS (TLSv1.3, <cipher>)" or
    "unix-socket" (the same machine)."""
    with engine.connect() as conn:
        row = conn.exec_driver_sql(_WIRE).one()
    if not row[0]:
        return "unix-socket"
    return f"TLS ({row[2]}, {row[3]})" if row[1] else "plain"


def redact(url: str) -> str:
    """`url` with any password replaced, for messages and logs."""
    return _SECRET_IN_URL.sub(lambda m: m.group(0).split(":", 1)[0] + ":***@", url)


def create_hub_engine(url: str) -> Engine:
    """A SQLAlchemy engine over the hub at `url` (checked by `check_url`)."""
    # the models load with a store, not with hub.py (keyslots reads it before any store)
    from bjstc_desktop.store.models import declare_postgresql_options

    engine = create_engine(check_url(url), pool_size=4, max_overflow=4, pool_pre_ping=True,
                           connect_args={"connect_timeout": 10, "application_name": "bjstc"})
    declare_postgresql_options()
    # where `bjstc info` and the messages find the address (without any secret); Engine has no such field
    engine.info_url = redact(url)  # type: ignore[attr-defined]
    # SQLite's integers are 64-bit, and so are a hub's columns (migration 0009_hub): bind
    # integer parameters as BIGINT too (psycopg's dialect casts each parameter to its type).
    colspecs = type(engine.dialect).colspecs
    engine.dialect.colspecs = {**colspecs, Integer: colspecs[BigInteger]}

    @event.listens_for(engine, "connect")
    def _connected(dbapi_connection: Any, _record: Any) -> None:
        # the redacted address set on the engine just above, for the refusal's message
        check_transport(dbapi_connection, engine.info_url)  # type: ignore[attr-defined]

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
    silence for a second, then with `engine.busy_notice`, up to `busy_wait_seconds()`.

    The wait is the server's own lock queue (`pg_advisory_xact_lock` under a
    `lock_timeout`), so officers get the lock in the order they asked for it. Polling
    with the try-lock instead let a writer lose every race for the lock: with 20
    officers issuing letters at once some waited past the limit while others wrote
    again and again (tests/hub/test_concurrent_writers.py)."""
    if conn.exec_driver_sql(f"SELECT pg_try_advisory_xact_lock({WRITE_LOCK})").scalar():
        return
    limit = embedded.busy_wait_seconds() if wait else 0.0
    started = time.monotonic()
    notice_at = embedded.NOTICE_AFTER_MS / 1000
    notified = False
    while True:
        waited = time.monotonic() - started
        if waited >= limit:
            raise embedded.busy_error()
        until = limit if notified or limit <= notice_at else notice_at
        if _queue_for_write_lock(conn, until - waited):
            return
        if not notified and time.monotonic() - started < limit:
            embedded.busy_notice(limit)
            notified = True


def _queue_for_write_lock(conn: Connection, seconds: float) -> bool:
    """Wait in the server's queue for the write lock at most `seconds`; whether it was
    taken. The wait runs in a savepoint with its own lock_timeout, so a timeout leaves the
    transaction usable and the session's lock_timeout as it was. It goes to the driver's
    connection directly: SQLAlchemy rolls the whole transaction back on an error raised
    while it begins, and the savepoint with it."""
    import psycopg

    raw = conn.connection.dbapi_connection
    assert isinstance(raw, psycopg.Connection)
    raw.execute("SAVEPOINT bjstc_write_lock")
    raw.execute("SELECT set_config('lock_timeout', %s, true)", (f"{max(1, int(seconds * 1000))}ms",))
    try:
        raw.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
    except psycopg.errors.LockNotAvailable:  # the time is up
        raw.execute("ROLLBACK TO SAVEPOINT bjstc_write_lock")  # also undoes the lock_timeout
        return False
    # The lock stays with the transaction when the savepoint is released; its timeout must not.
    raw.execute("RELEASE SAVEPOINT bjstc_write_lock")
    raw.execute("RESET lock_timeout")
    return True


SERVER_SETTINGS = """\
# postgresql.conf
ssl = on
ssl_cert_file = 'server.crt'        # the server's certificate (issued by the office's CA)
ssl_key_file = 'server.key'         # owned by postgres, mode 0600
ssl_min_protocol_version = 'TLSv1.2'
password_encryption = scram-sha-256
# pg_hba.conf: over the network only TLS, with SCRAM or a client certificate; plain TCP refused
local     all  postgres                    peer
hostssl   DB   all       10.0.0.0/8        scram-sha-256   # or: cert
hostnossl all  all       0.0.0.0/0         reject
hostnossl all  all       ::/0              reject
# the officers' address: postgresql://ROLE@HOST/DB?sslmode=verify-full&sslrootcert=/path/ca.crt
"""


def server_settings(url: str) -> str:
    """What the administrator of the hub at `url` sets on its server for TLS only (`hub
    init` prints it; docs/hub.md explains it)."""
    with contextlib.suppress(ArgumentError):
        return SERVER_SETTINGS.replace("DB   ", f"{make_url(url).database or 'all'} ")
    return SERVER_SETTINGS.replace("DB   ", "all  ")


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
    if _PLAIN_SERVER.search(text_):
        return plain_connection(where)
    if _UNTRUSTED.search(text_):
        return untrusted_server(where)
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
        return {"kind": "postgresql", "url": getattr(engine, "info_url", ""), "server_version": server_version(engine),
                "transport": transport(engine)}
    return {"kind": "postgresql", "url": getattr(engine, "info_url", "")}
