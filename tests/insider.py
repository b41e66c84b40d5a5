"""What an insider does with the files and his own passphrase, outside the program:
unwrap his own key slot (the format is public), open store.db with sqlcipher3 and the
data key, edit workstation.json and make its MAC again (the MAC key comes from the data
key). Security tests use these to attack as an officer or an administrator would.
On a hub (issue 19) the same insider reaches the database with psql-level access
through the hub's own role (the tests' superuser: the database administrator, who can
switch the audit trail's triggers off) instead of sqlcipher3; the statements are the same
SQL. What an officer's own database role can do is attacked in tests/hub.
After changing the store he also leaves store.head at the head he made: that file is
public and unkeyed (it catches commits lost with the WAL, not an insider), so the tests
go on to meet the defences that are meant to stop him."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

from bjstc_desktop.store import backends, commitmark, keyslots
from bjstc_desktop.store.engine import connect_raw


def data_key(data_dir: Path, user: str, passphrase: str) -> bytes:
    """The data key, from the user's own slot and passphrase (no program involved)."""
    wf = keyslots.WorkstationFile.load(data_dir)
    return wf.unlock(user, passphrase, lambda _node: None).bundle.data_key


class _HubConnection:
    """A psycopg connection that takes sqlite3's "?" parameters (autocommit, like the
    sqlcipher3 connections here, which run without a transaction)."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.conn = psycopg.connect(url, autocommit=True)
        # The hub's insider here is its database administrator (the tests' superuser):
        # he can switch the audit trail's append-only triggers off (store/hubroles.py),
        # so what must catch him is the chain, the anchor and the auditor's checkpoint.
        # An officer's own role is attacked in tests/hub.
        self.conn.execute("SET session_replication_role = replica")

    def execute(self, statement: str, params: Any = ()) -> Any:
        if statement.upper().startswith("PRAGMA"):
            return self.conn.execute("SELECT 1 WHERE false")  # SQLite's file housekeeping: nothing on a hub
        return self.conn.execute(statement.replace("?", "%s"), params or None)  # type: ignore[arg-type]

    def commit(self) -> None:
        """Autocommit: nothing to do."""

    def close(self) -> None:
        self.conn.close()


def _connect(data_dir: Path, key: bytes) -> Any:
    url = backends.hub_url(data_dir)
    return _HubConnection(url) if url else connect_raw(data_dir / "store.db", key)


def sql(data_dir: Path, key: bytes, *statements: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Run statements on store.db (a hub's database) with the data key; returns the last one's rows."""
    conn = _connect(data_dir, key)
    rows: list[tuple[Any, ...]] = []
    try:
        for st in statements:
            cur = conn.execute(st, params if st == statements[-1] else ())
            rows = cur.fetchall() if cur.description else []
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    cover_commit_mark(data_dir, key)
    return rows


def cover_commit_mark(data_dir: Path, key: bytes) -> None:
    """Point store.head at the store's present audit head, as the program does after a commit."""
    conn = _connect(data_dir, key)
    try:
        head = conn.execute("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    if head is None:
        (data_dir / commitmark.FILE_NAME).unlink(missing_ok=True)
    else:
        commitmark.record(data_dir, int(head[0]), str(head[1]))


def connection(data_dir: Path, key: bytes) -> sqlcipher.Connection:
    """An open sqlcipher3 connection on store.db, or psql-level access to a hub's
    database with the same execute/commit/close (the caller closes it)."""
    return _connect(data_dir, key)  # type: ignore[no-any-return]


def is_hub(data_dir: Path) -> bool:
    """Whether the node in `data_dir` keeps its data in a hub's PostgreSQL."""
    return backends.hub_url(data_dir) is not None


def table_names(conn: Any) -> list[str]:
    """Every table of the store, through an insider's connection (either store)."""
    if isinstance(conn, _HubConnection):
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1"
    return [r[0] for r in conn.execute(sql).fetchall()]


_FTS_INSTANCES = ("CREATE VIRTUAL TABLE IF NOT EXISTS temp.insider_vocab "
                  "USING fts5vocab(main, case_search, 'instance')",
                  "SELECT doc, term, \"offset\" FROM temp.insider_vocab")
_HUB_INSTANCES = ("SELECT s.doc_id, u.lexeme, p - 1 FROM case_search AS s, unnest(s.body) AS u, "
                  "unnest(u.positions) AS p")


def index_instances(execute: Callable[[str], Any], hub: bool) -> list[tuple[int, str, int]]:
    """What the search index holds, term by term: (doc id, term, position from 0), read
    with `execute` (an insider's connection's, or a session's) from FTS5's vocabulary or
    from the hub's tsvectors."""
    if hub:
        return [tuple(r) for r in execute(_HUB_INSTANCES).fetchall()]  # type: ignore[misc]
    execute(_FTS_INSTANCES[0])
    return [tuple(r) for r in execute(_FTS_INSTANCES[1]).fetchall()]  # type: ignore[misc]


def workstation_bytes(data_dir: Path) -> bytes:
    """The workstation file's bytes: workstation.json, or on a hub the row of hub_files
    (store/hubfiles.py), read past every grant by the database administrator."""
    url = backends.hub_url(data_dir)
    if not url:
        return (data_dir / keyslots.FILE_NAME).read_bytes()
    hub = _HubConnection(url)
    try:
        return bytes(hub.execute("SELECT content FROM hub_files WHERE name = 'workstation'").fetchone()[0])
    finally:
        hub.close()


def workstation_text(data_dir: Path) -> str:
    """`workstation_bytes` as text (JSON)."""
    return workstation_bytes(data_dir).decode("utf-8")


def write_workstation_bytes(data_dir: Path, raw: bytes) -> None:
    """Replace the workstation file's bytes (on a hub the row, past its guard: the
    database administrator; an officer's own role is attacked in tests/hub)."""
    url = backends.hub_url(data_dir)
    if not url:
        (data_dir / keyslots.FILE_NAME).write_bytes(raw)
        return
    hub = _HubConnection(url)
    try:
        hub.execute("UPDATE hub_files SET content = ? WHERE name = 'workstation'", (raw,))
    finally:
        hub.close()


def edit_json(data_dir: Path, edit: Callable[[dict[str, Any]], None], key: bytes | None = None) -> None:
    """Edit workstation.json as JSON (on a hub, the row of hub_files); with the data key,
    make its MAC again so the edit passes the file's own check."""
    doc = json.loads(workstation_bytes(data_dir))
    edit(doc)
    if key is None:
        write_workstation_bytes(data_dir, json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"))
        return
    doc.pop("mac", None)
    wf = keyslots.WorkstationFile.from_bytes(data_dir / keyslots.FILE_NAME,
                                             json.dumps({**doc, "mac": ""}).encode("utf-8"))
    write_workstation_bytes(data_dir, wf.to_bytes(keyslots.mac_key(key)))
