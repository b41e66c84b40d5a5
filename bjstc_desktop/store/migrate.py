"""Schema migrations (Alembic), with an automatic backup before any migration runs.

Opening a store only needs to know whether it is at this program's head revision; that
is read from the migration files and the alembic_version table without importing
Alembic (a quarter of a second at every start). Alembic runs only to migrate.
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_REV = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(?:[\"']([\w-]+)[\"']|None)", re.M)


@functools.cache
def known_revisions() -> dict[str, str | None]:
    """Every revision of the migration files with its parent (read as text, not imported)."""
    graph: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        found = {m.group(1): m.group(2) for m in _REV.finditer(path.read_text(encoding="utf-8"))}
        if found.get("revision"):
            graph[found["revision"]] = found.get("down_revision")
    return graph


def alembic_config() -> Config:
    """An Alembic config pointing at our migrations, with no ini file."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest schema revision this program knows (the one no other revises)."""
    graph = known_revisions()
    parents = {p for p in graph.values() if p}
    heads = [r for r in graph if r not in parents]
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {heads}")
    return heads[0]


def current_revision(engine: Engine) -> str | None:
    """The store's schema revision, or None for an empty store."""
    from sqlalchemy import inspect, text
    from sqlalchemy.exc import OperationalError

    with engine.connect() as conn:
        if conn.dialect.name != "sqlite" and not inspect(conn).has_table("alembic_version"):
            return None  # on PostgreSQL a failed statement would end the transaction
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except OperationalError as exc:
            if "no such table" in str(exc):
                return None
            raise


def upgrade(engine: Engine, target: str = "head") -> None:
    """Run migrations up to `target` in one transaction."""
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)


def downgrade(engine: Engine, target: str) -> None:
    """Run migrations down to `target` (used by tests and by administrators rolling back)."""
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, target)


def needs_upgrade(engine: Engine) -> bool:
    """True when the store is older than this program."""
    return current_revision(engine) != head_revision()


def is_newer_than_program(engine: Engine) -> bool:
    """True when the store was written by a newer program (a revision we do not know)."""
    rev = current_revision(engine)
    return rev is not None and rev not in known_revisions()
