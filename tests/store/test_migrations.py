"""Alembic from the first table: the migrated schema equals the models, and a backup is
taken automatically before any migration runs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from bjstc_desktop.core.errors import IntegrityError
from bjstc_desktop.store import migrate
from bjstc_desktop.store.engine import create_new_store, create_store_engine
from bjstc_desktop.store.models import UNMAPPED_TABLE_PREFIXES, Base
from bjstc_desktop.store.store import Store
from tests.conftest import ADMIN_PASS, Station


def _include(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
    return not (type_ == "table" and name and name.startswith(UNMAPPED_TABLE_PREFIXES))


def test_migrated_schema_equals_the_models(tmp_path: Path) -> None:
    engine = create_new_store(tmp_path / "store.db", os.urandom(32))
    migrate.upgrade(engine)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": _include})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()


def test_migrations_go_down_and_up_again(tmp_path: Path) -> None:
    engine = create_new_store(tmp_path / "store.db", os.urandom(32))
    migrate.upgrade(engine)
    migrate.downgrade(engine, "base")
    with engine.connect() as conn:
        tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
    assert tables <= {"alembic_version"}
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()


@pytest.mark.embedded_only("the file copy before a migration is the embedded store's; a hub's schema changes in "
                           "one PostgreSQL transaction and its backups are the server's (docs/hub.md)")
def test_a_backup_is_taken_before_a_migration_runs(station: Station) -> None:
    with station.open() as ws:
        case = ws.cases.create("tech_contract", "迁移前的案件", {
            "contract_type": "技术开发", "seller": "北京测试科技有限公司", "seller_uscc": "91110000600037341L",
            "contract_amount": "100万", "tech_amount": "80万"})
        key = ws.store.data_key
    # Roll the store back, as if it had been written by an earlier release.
    engine = create_store_engine(station.data_dir / "store.db", key)
    with engine.connect() as conn:  # what 0009 added, which no earlier release had to give back
        identity = conn.execute(text("SELECT ceiling, auditor_public, secadmin_public FROM node_identity")).one()
        slots = conn.execute(text("SELECT id, slot_id, role_proof, kex_public FROM users")).all()
        checks = conn.execute(text("SELECT level, check_value, created_at FROM level_keys")).all()
        granted = conn.execute(text("SELECT user_id, level, kex_public, sealed, granted_by, granted_at "
                                    "FROM level_grants")).all()
    migrate.downgrade(engine, "0001")
    engine.dispose()
    assert not list((station.data_dir / "backups").glob("before-migration-*"))

    Store.open(station.data_dir, key).close()  # this program is newer: it backs up, then migrates
    engine = create_store_engine(station.data_dir / "store.db", key)
    with engine.begin() as conn:
        conn.execute(text("UPDATE node_identity SET ceiling = :c, auditor_public = :a, secadmin_public = :s"),
                     {"c": identity[0], "a": identity[1], "s": identity[2]})
        for uid, slot_id, proof, kex in slots:
            conn.execute(text("UPDATE users SET slot_id = :s, role_proof = :p, kex_public = :k WHERE id = :i"),
                         {"s": slot_id, "p": proof, "k": kex, "i": uid})
        for row in checks:
            conn.execute(text("INSERT INTO level_keys VALUES (:l, :c, :t)"), dict(zip("lct", row, strict=True)))
        for row in granted:
            conn.execute(text("INSERT INTO level_grants VALUES (:u, :l, :k, :s, :b, :t)"),
                         dict(zip("ulksbt", row, strict=True)))
    engine.dispose()

    backups = list((station.data_dir / "backups").glob("before-migration-0001-*"))
    assert len(backups) == 1
    old = create_store_engine(backups[0] / "store.db", key)
    assert migrate.current_revision(old) == "0001"
    with old.connect() as conn:
        assert conn.execute(text("SELECT title FROM cases WHERE id = :i"), {"i": case.id}).scalar() == "迁移前的案件"
    old.dispose()
    assert (backups[0] / "workstation.json").exists()
    with station.open() as ws:
        assert migrate.current_revision(ws.store.engine) == migrate.head_revision()
        assert [c.id for c in ws.cases.search("迁移")] == [case.id]


def test_a_store_from_a_newer_program_is_refused(station: Station) -> None:
    with station.open() as ws:
        with ws.store.write() as s:
            s.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        key = ws.store.data_key
    with pytest.raises(IntegrityError) as err:
        Store.open(station.data_dir, key)
    assert "更新版本" in err.value.zh


def test_the_fast_head_check_agrees_with_alembic() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.head_revision() == script.get_current_head()
    assert set(migrate.known_revisions()) == {r.revision for r in script.walk_revisions()}


@pytest.mark.embedded_only("makes an older store.db by downgrading the file; a hub is created at the head "
                           "revision, so no hub from before these migrations exists")
def test_a_store_from_before_the_item_blocks_gets_the_rule_and_keeps_its_numbers(station: Station) -> None:
    with station.open() as ws:
        key = ws.store.data_key
    engine = create_store_engine(station.data_dir / "store.db", key)
    migrate.downgrade(engine, "0009_gm_suite")
    with engine.connect() as conn:
        assert not conn.execute(text("SELECT 1 FROM rule_parameters WHERE key = 'archive.item_block'")).first()
    migrate.upgrade(engine)
    with engine.connect() as conn:
        value = conn.execute(text("SELECT value FROM rule_parameters WHERE key = 'archive.item_block'")).scalar()
    engine.dispose()
    assert value == "1-9999"  # one filing workstation numbers as before


@pytest.mark.embedded_only("makes an older store.db by downgrading the file; a hub is created at the head "
                           "revision, so no hub from before these migrations exists")
def test_a_store_from_before_gm1_gets_its_sm2_keys_when_migrated(station: Station) -> None:
    from bjstc_desktop.store import gm

    with station.open("admin", ADMIN_PASS) as ws:  # an officer waits for `keys upgrade` after 0009_level_keys
        key = ws.store.data_key
        before = ws.peers.node_keys()
    engine = create_store_engine(station.data_dir / "store.db", key)
    migrate.downgrade(engine, "0009_drafts")
    with engine.connect() as conn:
        columns = {r[1] for r in conn.execute(text("PRAGMA table_info(node_identity)"))}
        journal = {r[1] for r in conn.execute(text("PRAGMA table_info(sync_journal)"))}
    assert "gm_signing_private" not in columns and "file_sha256" in journal
    engine.dispose()
    with station.open("admin", ADMIN_PASS) as ws:
        after = ws.peers.node_keys()
        card = ws.peers.own_card()
    assert (after.signing_private, after.agreement_private) == (before.signing_private, before.agreement_private)
    assert after.gm_signing_private != after.gm_encryption_private
    assert card.gm_keys == (gm.public_of(after.gm_signing_private), gm.public_of(after.gm_encryption_private))
    for public in card.gm_keys:
        gm.check_public(public)
