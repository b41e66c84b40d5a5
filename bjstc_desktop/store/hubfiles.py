"""The hub's workstation file in its database (issue 19 point 1; docs/hub.md "Where the
workstation file and the key slots live").

On a hub the workstation file (name, ceiling, key slots, the administrators' public keys,
the audit anchor and checkpoint) is one row of `hub_files`, its bytes exactly what
workstation.json holds on a workstation and authenticated by the same MAC. An officer on
any machine of the LAN reads his key slot from it before unlocking, with nothing but the
hub's address; every change is one row update inside the program's write transaction,
under the hub's write lock, so a key slot and the store change together or not at all.

What a role may change in the row is the database's to say (store/hubroles.py,
`bjstc_hub_files_guard`): his own slot; the system administrator the accounts' slots;
the key custodian the recovery slot; the auditor the anchor and checkpoint; nobody but
the owner the rest. The MAC catches whoever writes the row without the data key.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from bjstc_desktop.core.errors import IntegrityError
from bjstc_desktop.store import hub
from bjstc_desktop.store.keyslots import FILE_NAME, WorkstationFile

log = logging.getLogger(__name__)

TABLE = "hub_files"
WORKSTATION = "workstation"  # the row's name; the table may hold other files later (blobs: docs/hub.md)


def _has_table(conn: Connection) -> bool:
    return conn.execute(text("SELECT to_regclass(:t)"), {"t": TABLE}).scalar() is not None


def read(conn: Connection | Session) -> bytes | None:
    """The workstation file's bytes in the hub, or None (a hub older than hub_files, or
    one whose file is still in its node folder)."""
    c = conn.connection() if isinstance(conn, Session) else conn
    if not _has_table(c):
        return None
    raw = c.execute(text(f"SELECT content FROM {TABLE} WHERE name = :n"), {"n": WORKSTATION}).scalar()
    return bytes(raw) if raw is not None else None


def fetch(url: str) -> bytes | None:
    """`read` before anything is unlocked: one connection to the hub at `url`, closed
    again (a server that is down or refuses says so: store/hub.py's messages)."""
    engine = hub.create_hub_engine(url)
    try:
        with engine.connect() as conn:
            return read(conn)
    except DBAPIError as exc:
        known = hub.classify(exc.orig, hub.redact(url)) if exc.orig is not None else None
        raise known or hub.unavailable(hub.redact(url)) from exc
    finally:
        engine.dispose()


def load(data_dir: Path, url: str) -> WorkstationFile:
    """The hub's workstation file, as `WorkstationFile.load` gives a workstation's. A hub
    not yet migrated to hub_files still has it in its node folder (`data_dir`)."""
    raw = fetch(url)
    if raw is None:
        path = data_dir / FILE_NAME
        if not path.exists():
            raise hub.not_a_hub(hub.redact(url))
        raw = path.read_bytes()
    return WorkstationFile.from_bytes(data_dir / FILE_NAME, raw)


def create(session: Session, wfile: WorkstationFile, mac_key: bytes) -> None:
    """Store the new hub's workstation file (at `hub init`, in its transaction)."""
    session.execute(text(f"INSERT INTO {TABLE} (name, content) VALUES (:n, :c)"),
                    {"n": WORKSTATION, "c": wfile.to_bytes(mac_key)})


def current(session: Session, data_dir: Path) -> WorkstationFile:
    """The file as the session's transaction sees it; IntegrityError when it is gone."""
    raw = read(session)
    if raw is None:
        raise IntegrityError("集中库中缺少工作站文件。", "The hub's workstation file is missing.")
    return WorkstationFile.from_bytes(data_dir / FILE_NAME, raw)


def apply(session: Session, data_dir: Path, change: Callable[[WorkstationFile], None],
          mac_key: bytes) -> WorkstationFile:
    """In the session's write transaction (the hub's write lock held): re-read the row,
    refuse one that someone altered behind the program's back (never re-authenticate an
    edit), apply `change`, and write it back if it changed. Returns the new content."""
    wf = current(session, data_dir)
    wf.check_mac(mac_key)
    before = wf.to_bytes(mac_key)
    change(wf)
    after = wf.to_bytes(mac_key)
    if after != before:
        session.execute(text(f"UPDATE {TABLE} SET content = :c, updated_at = now() WHERE name = :n"),
                        {"n": WORKSTATION, "c": after})
    return wf


def adopt_node_file(engine: Engine, data_dir: Path, mac_key: bytes, schema_version: str) -> None:
    """After a migration of a hub, or at an open that finds a workstation file in the node
    folder: a hub made before hub_files keeps its file there; it moves into the row
    (checked by its MAC first), and the node folder's copy is set aside in backups/ so
    nothing writes it again. The row records the schema it was migrated to. Only the
    owner's role may make the row: under another's the file stays where it is (and is
    read from there) until the owner's next unlock."""
    try:
        _adopt(engine, data_dir, mac_key, schema_version)
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) != "42501":
            raise
        log.warning("workstation.json not moved into the hub: only the hub's owner may (next owner's unlock)")


def _adopt(engine: Engine, data_dir: Path, mac_key: bytes, schema_version: str) -> None:
    path = data_dir / FILE_NAME
    with engine.execution_options(bjstc_write=True).begin() as conn:
        if not _has_table(conn):
            return
        raw = read(conn)
        if raw is None:
            if not path.exists():
                return
            raw = path.read_bytes()
            WorkstationFile.from_bytes(path, raw).check_mac(mac_key)
            conn.execute(text(f"INSERT INTO {TABLE} (name, content) VALUES (:n, :c)"), {"n": WORKSTATION, "c": raw})
        wf = WorkstationFile.from_bytes(path, raw)
        wf.check_mac(mac_key)
        if wf.extra.get("schema_version") != schema_version:
            wf.extra["schema_version"] = schema_version
            conn.execute(text(f"UPDATE {TABLE} SET content = :c, updated_at = now() WHERE name = :n"),
                         {"n": WORKSTATION, "c": wf.to_bytes(mac_key)})
    if path.exists():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        aside = data_dir / "backups" / f"{FILE_NAME}.moved-to-hub-{stamp}"
        with contextlib.suppress(OSError):
            aside.parent.mkdir(parents=True, exist_ok=True)
            path.rename(aside)
            log.info("workstation.json moved into the hub's database (hub_files); the node folder's copy is %s", aside)
