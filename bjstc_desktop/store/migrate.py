"""Schema migrations (Alembic), with an automatic backup before any migration runs."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    """An Alembic config pointing at our migrations, with no ini file."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest schema revision this program knows."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    """The store's schema revision, or None for an empty store."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, target: str = "head") -> None:
    """Run migrations up to `target` in one transaction."""
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)


def downgrade(engine: Engine, target: str) -> None:
    """Run migrations down to `target` (used by tests and by administrators rolling back)."""
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, target)


def needs_upgrade(engine: Engine) -> bool:
    """True when the store is older than this program."""
    return current_revision(engine) != head_revision()


def is_newer_than_program(engine: Engine) -> bool:
    """True when the store was written by a newer program (unknown revision)."""
    rev = current_revision(engine)
    if rev is None:
        return False
    script = ScriptDirectory.from_config(alembic_config())
    try:
        script.get_revision(rev)
    except Exception:
        return True
    return False
