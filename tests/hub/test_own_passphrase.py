"""An officer connected to the hub as his own database role (the deployment issue 19
point 2 describes) changes his own passphrase: he gets a new key-agreement key and seals
again to it the level keys he holds (ops/accounts.py _set_slot). The database lets him
re-seal and drop his own grants, and nothing else: not another officer's, not a level he
lacks, not a new grant (the key custodian's). Before this, the change was refused for
every officer on such a hub (no privilege on level_grants), even one with no grant."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from tests.hub.office import make_office, require_hub

NEW = "高级科员的新口令 2026"


def test_an_officer_changes_his_own_passphrase_as_his_own_role_and_keeps_his_keys(tmp_path: Path) -> None:
    require_hub()
    office = make_office(tmp_path / "hub")
    with office.open("high") as ws:
        ws.accounts.change_passphrase("high", NEW)
    with office.open("high", NEW) as ws:  # his 秘密 key was sealed again to his new key
        assert ws.cases.show(office.cases["secret"]).title == "秘密的合同乙方案"
    with office.open("low") as ws:  # an officer without a grant above 公开 too
        ws.accounts.change_passphrase("low", NEW)
    with office.open("low", NEW) as ws:
        assert ws.cases.show(office.cases["public"]).title == "公开的合同甲方案"


def test_an_officer_at_psql_changes_only_his_own_grants(tmp_path: Path) -> None:
    require_hub()
    office = make_office(tmp_path / "hub")
    with office.connect("low") as conn:
        ids = dict(conn.execute("SELECT name, id FROM users").fetchall())
        assert conn.execute("SELECT count(*) FROM level_grants WHERE user_id = %s", (ids["high"],)).fetchone()[0] > 0
        for attack in ("DELETE FROM level_grants WHERE user_id = %s",
                       "UPDATE level_grants SET sealed = '\\x00'::bytea WHERE user_id = %s",
                       "UPDATE level_grants SET kex_public = (SELECT kex_public FROM users WHERE name = 'low') "
                       "WHERE user_id = %s"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(attack, (ids["high"],))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # a grant is the key custodian's to make
            conn.execute("INSERT INTO level_grants (user_id, level, kex_public, sealed, granted_by, granted_at) "
                         "SELECT %s, level, kex_public, sealed, 'low', now() FROM level_grants LIMIT 1", (ids["low"],))
    with office.connect("high") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE level_grants SET level = level + 1 WHERE user_id = %s", (ids["high"],))
    with office.open("high") as ws:  # nothing of the above took: his key still opens his case
        assert ws.cases.show(office.cases["secret"]).title == "秘密的合同乙方案"


def test_an_officer_at_psql_changes_the_key_slot_columns_of_no_other_account(tmp_path: Path) -> None:
    """His role holds UPDATE on users' key-slot columns for his own passphrase change; on
    another's row they would let him lock the other out (slot_id, must_change) or have the
    key custodian seal the other's level keys to a key of his (kex_public)."""
    require_hub()
    office = make_office(tmp_path / "hub")
    with office.connect("low") as conn:
        for attack in ("UPDATE users SET must_change_passphrase = true WHERE name = 'high'",
                       "UPDATE users SET slot_id = NULL WHERE name = 'high'",
                       "UPDATE users SET kex_public = (SELECT kex_public FROM users WHERE name = 'low') "
                       "WHERE name = 'high'"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(attack)
        conn.execute("UPDATE users SET updated_at = updated_at WHERE name = 'low'")  # his own: as before
    with office.open("high") as ws:
        assert not ws.accounts.must_change_passphrase
        assert ws.cases.show(office.cases["secret"]).title == "秘密的合同乙方案"
