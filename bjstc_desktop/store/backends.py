"""Which store a node's data lives in: the embedded SQLCipher file (store.db in the data
folder, the default) or an office hub's PostgreSQL database (issue 19; docs/hub.md).

The data folder of a hub node records its database's address in hub.json (an address,
never a secret); `--hub URL` (CLI and desktop) names it for the whole process instead.
Everything above the store sees one Engine and never asks which kind it is.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.exc import DBAPIError

from bjstc_desktop.core.errors import BjstcError, IntegrityError
from bjstc_desktop.store import engine as embedded
from bjstc_desktop.store import hub, hubaddress, hubroles
from bjstc_desktop.store.hubaddress import HUB_FILE, hub_url
from bjstc_desktop.store.hubaddress import (
    folder_choice as folder_choice,  # re-exported: handoff, joining
)


def use_hub(url: str | None) -> None:
    """Make every store this process opens the hub at `url` (`--hub`); None: back to the
    data folder's own choice. The address is checked here (no password in it)."""
    if url is not None:
        hub.check_url(url)
    hubaddress.choose(url)


def record_hub(data_dir: Path, url: str) -> None:
    """Write the node's hub address into its data folder (at `bjstc hub init`)."""
    hub.check_url(url)
    path = data_dir / HUB_FILE
    path.write_text(json.dumps({"url": url}, ensure_ascii=False), encoding="utf-8")
    path.chmod(0o600)


def is_hub(engine: Engine) -> bool:
    """Whether `engine` is a hub's PostgreSQL (else the embedded SQLCipher store)."""
    return engine.dialect.name == "postgresql"


def open_engine(data_dir: Path, data_key: bytes) -> Engine:
    """The engine of the node's existing store. On a hub the server is reached once here,
    so a server that is down or refuses says so before anything else happens."""
    url = hub_url(data_dir)
    if url is None:
        return embedded.create_store_engine(data_dir / "store.db", data_key)
    engine = hub.create_hub_engine(url)
    try:
        _reach(engine, url)
    except BaseException:
        engine.dispose()
        raise
    return engine


def new_engine(data_dir: Path, data_key: bytes, url: str | None = None) -> Engine:
    """The engine of a store being created: a new store.db, or the hub database at `url`,
    which must be reachable and hold no tables yet (never two nodes in one database)."""
    if url is None:
        return embedded.create_new_store(data_dir / "store.db", data_key)
    engine = hub.create_hub_engine(url)
    try:
        _reach(engine, url)
        with engine.connect() as conn:
            tables = inspect(conn).get_table_names()
        if tables:
            raise IntegrityError(f"数据库 {hub.redact(url)} 不是空的（已有 {len(tables)} 个数据表），集中库只能建在空数据库中。",
                                 f"The database {hub.redact(url)} is not empty ({len(tables)} tables); a hub is "
                                 "only created in an empty database.")
    except BaseException:
        engine.dispose()
        raise
    return engine


def discard_new(engine: Engine) -> None:
    """Undo a store whose creation failed: a hub's new tables are dropped again (the
    database was empty: `new_engine`), so the administrator can simply run it again."""
    try:
        if is_hub(engine):
            with engine.begin() as conn:
                hubroles.discard(conn)
    finally:
        engine.dispose()


def _reach(engine: Engine, url: str) -> None:
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except DBAPIError as exc:
        known = hub.classify(exc.orig, hub.redact(url)) if exc.orig is not None else None
        raise known or hub.unavailable(hub.redact(url)) from exc


def classify(engine: Engine, exc: BaseException, data_dir: Path) -> BjstcError | None:
    """The officer's error for a driver error of `engine`'s kind (None: a program bug)."""
    if is_hub(engine):
        return hub.classify(exc, getattr(engine, "info_url", ""))
    return embedded.classify(exc, data_dir)


def describe(engine: Engine, data_dir: Path) -> dict[str, str]:
    """Which store this is, for `bjstc info`."""
    if is_hub(engine):
        return {"kind": "postgresql", **{k: str(v) for k, v in hub.describe(engine).items() if k != "kind"}}
    return {"kind": "sqlcipher", "path": str(data_dir / "store.db")}
