"""The hub's workstation file in its database (issue 19 point 1; store/hubfiles.py): the
row of `hub_files`, what each role may change in it at psql, and a key slot that
changes in the same commit as the store or not at all.

The attacks are made as docs/hub.md's officer at psql would make them: connected as his
own database role (tests/hub/office.py), holding his own passphrase and therefore the
data key, so he could recompute the file's MAC; the database must refuse him. An editor
without the data key (the hub's owner, a DBA) is caught by the MAC at the next unlock."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest

from bjstc_desktop.core.errors import AuthenticationError, BjstcError, IntegrityError
from bjstc_desktop.core.roles import Role
from bjstc_desktop.store import backends
from bjstc_desktop.store.keyslots import WorkstationFile
from bjstc_desktop.workstation import Workstation
from tests.conftest import ADMIN_PASS, AUDITOR_PASS, OFFICER_PASS, SEC_PASS
from tests.hub.office import Office, make_office, require_hub

NEW = "高级科员的新口令 2026"
PASSES = {"admin": ADMIN_PASS, "sec": SEC_PASS, "shen": AUDITOR_PASS}


@pytest.fixture
def office(tmp_path: Path) -> Office:
    require_hub()
    return make_office(tmp_path / "hub")


def _row(office: Office) -> bytes:
    with office.connect("owner-of-the-hub") as conn:
        return bytes(conn.execute("SELECT content FROM hub_files WHERE name = 'workstation'").fetchone()[0])


def _doc(office: Office) -> dict[str, Any]:
    return json.loads(_row(office))


def _slot_users(office: Office) -> list[str | None]:
    return [s["user"] for s in _doc(office)["slots"]]


def test_the_file_is_a_row_of_the_hub_and_the_node_folder_holds_none(office: Office) -> None:
    assert not (office.data_dir / "workstation.json").exists()
    doc = _doc(office)
    assert doc["workstation"] == "技术市场处集中库" and doc["ceiling"] == 2
    assert sorted(u for u in _slot_users(office) if u) == ["admin", "high", "low", "sec", "shen"]
    # exactly what workstation.json would hold: it parses and the program unlocks with it
    assert WorkstationFile.from_bytes(Path("workstation.json"), _row(office)).node_id == doc["node_id"]
    # every role may read it (a key slot is Argon2id + AEAD), from any machine
    with office.connect("low") as conn:
        assert bytes(conn.execute("SELECT content FROM hub_files").fetchone()[0]) == _row(office)


def test_an_officer_unlocks_from_an_empty_folder_with_his_roles_address_alone(office: Office, tmp_path: Path) -> None:
    elsewhere = tmp_path / "another-machine" / "bjstc"  # not even created
    backends.use_hub(office.url("high"))
    try:
        with Workstation.open(elsewhere, "high", OFFICER_PASS, wait_for_delay=False) as ws:
            assert ws.cases.show(office.cases["secret"]).title == "秘密的合同乙方案"
            ws.accounts.change_passphrase("high", NEW)
        with pytest.raises(AuthenticationError):
            Workstation.open(elsewhere, "high", OFFICER_PASS, wait_for_delay=False)
    finally:
        backends.use_hub(None)
    assert not (elsewhere / "workstation.json").exists()
    # the change is the hub's: the node folder's machine sees the new passphrase, not the old
    assert _slot_users(office).count("high") == 1
    with office.open("high", NEW) as ws:
        assert ws.cases.show(office.cases["secret"]).title == "秘密的合同乙方案"


def _fail_commits_of_users(office: Office) -> None:
    """A deferred constraint trigger (made as the database's superuser) that fails every
    COMMIT of a transaction that changed an account: the commit itself fails, after every
    statement of the passphrase change went through."""
    with office.cluster.connect(office.database) as conn:
        conn.execute("CREATE FUNCTION test_fail_commit() RETURNS trigger LANGUAGE plpgsql AS $$ "
                     "BEGIN RAISE EXCEPTION 'the commit fails' USING ERRCODE = 'P0001'; END $$")
        conn.execute("CREATE CONSTRAINT TRIGGER test_fail_commit AFTER UPDATE ON users DEFERRABLE INITIALLY DEFERRED "
                      "FOR EACH ROW EXECUTE FUNCTION test_fail_commit()")


def test_a_passphrase_change_whose_commit_fails_changes_neither_slot_nor_store(office: Office) -> None:
    before = _row(office)
    with office.connect("owner-of-the-hub") as conn:
        slot_before = conn.execute("SELECT slot_id FROM users WHERE name = 'high'").fetchone()[0]
    _fail_commits_of_users(office)
    with office.open("high") as ws:
        with pytest.raises(Exception) as failed:  # the commit's error, whatever the program calls it
            ws.accounts.change_passphrase("high", NEW)
        assert "the commit fails" in str(failed.value) or isinstance(failed.value, BjstcError)
    assert _row(office) == before  # the new slot never reached the row
    with office.connect("owner-of-the-hub") as conn:
        assert conn.execute("SELECT slot_id FROM users WHERE name = 'high'").fetchone()[0] == slot_before
    with office.open("high") as ws:  # the old passphrase works, the new one never did
        assert ws.actor.name == "high"
    with pytest.raises(AuthenticationError):
        office.open("high", NEW)


def test_the_user_add_and_reset_of_the_system_administrator_change_the_row_with_the_account(office: Office) -> None:
    with office.open("admin", ADMIN_PASS) as ws:
        ws.accounts.add("wang", Role.OFFICER, "王的口令 2026 一")
        ws.accounts.change_passphrase("low", "管理员重设的口令 2026")
    assert _slot_users(office).count("wang") == 1 and _slot_users(office).count("low") == 1
    with pytest.raises(AuthenticationError):
        office.open("low")
    with office.open("low", "管理员重设的口令 2026") as ws:
        assert ws.accounts.must_change_passphrase


def _update(conn: Any, doc: dict[str, Any]) -> None:
    conn.execute("UPDATE hub_files SET content = %s WHERE name = 'workstation'",
                 (json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"),))


def _slot_of(doc: dict[str, Any], user: str) -> dict[str, Any]:
    return next(s for s in doc["slots"] if s.get("user") == user)


def _attacks(doc: dict[str, Any], me: str, victim: str) -> dict[str, dict[str, Any]]:
    """What an account holding the data key might write at psql (the MAC left as it is:
    he could recompute it; the database must refuse whatever it says)."""
    def changed(**what: Any) -> dict[str, Any]:
        return {**json.loads(json.dumps(doc)), **what}
    mine = _slot_of(doc, me)
    # the victim's slot replaced by a copy of his own (his passphrase would open it)
    takeover = [{**mine, "user": victim} if s.get("user") == victim else s for s in doc["slots"]]
    dropped = [s for s in doc["slots"] if s.get("user") != victim]
    recovery = [{**s, "nonce": mine["nonce"]} if s["kind"] == "recovery" else s for s in doc["slots"]]
    return {
        "another's slot": changed(slots=takeover),
        "another's slot removed": changed(slots=dropped),
        "the recovery slot": changed(slots=recovery),
        "the ceiling": changed(ceiling=3),
        "the name": changed(workstation="别的工作站"),
        "the administrators' keys": changed(admin_keys={"auditor": "00" * 32, "secadmin": "00" * 32}),
        "the anchor": changed(audit_anchor={"seq": 1, "hash": "0" * 64}),
        "the checkpoint": changed(audit_checkpoint=None),
    }


@pytest.mark.parametrize(("me", "victim", "allowed"), [
    ("low", "high", ()),
    ("high", "admin", ()),
    ("sec", "shen", ("the recovery slot",)),
    ("admin", "shen", ()),  # no administrator's slot is the system administrator's to change
    ("shen", "low", ("the anchor", "the checkpoint")),
])
def test_a_role_at_psql_changes_in_the_row_only_what_the_program_lets_it(
        office: Office, me: str, victim: str, allowed: tuple[str, ...]) -> None:
    doc, before = _doc(office), _row(office)
    with office.connect(me) as conn:
        for what, attack in _attacks(doc, me, victim).items():
            if what in allowed:
                continue
            with pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
                _update(conn, attack)
            assert str(refused.value).startswith("bjstc: "), what  # a plain message naming the rule
        for statement in ("DELETE FROM hub_files", "TRUNCATE hub_files",
                          "INSERT INTO hub_files (name, content) VALUES ('workstation2', '\\x7b7d')",
                          "UPDATE hub_files SET name = 'other'"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE hub_files SET content = '\\x00'")  # not a workstation file at all
    assert _row(office) == before
    for account in ("low", "high"):  # everybody still unlocks as before
        with office.open(account) as ws:
            assert ws.actor.name == account


def test_an_officer_spoiling_his_own_slot_is_caught_by_the_mac_and_the_owner_restores_the_row(office: Office) -> None:
    """What the database cannot refuse (his own slot is his to change, and it cannot check
    the MAC): the MAC stops every unlock with a plain message, and the previous version of
    the row, kept with the role that replaced it, puts the hub back."""
    doc, before = _doc(office), _row(office)
    mine = _slot_of(doc, "low")
    with office.connect("low") as conn:
        _update(conn, {**doc, "slots": [{**s, "nonce": _slot_of(doc, "high")["nonce"]} if s is mine else s
                                        for s in doc["slots"]]})
    with pytest.raises(IntegrityError) as caught:  # he did not (or could not) make the MAC agree
        office.open("high")
    assert "校验码不符" in caught.value.zh and "authentication code" in caught.value.en
    with office.connect("owner-of-the-hub") as conn:
        kept, by = conn.execute("SELECT content, db_role FROM hub_files_history ORDER BY replaced_at DESC "
                                "LIMIT 1").fetchone()
        assert bytes(kept) == before and by == office.role("low")
        conn.execute("UPDATE hub_files SET content = %s WHERE name = 'workstation'", (bytes(kept),))
    with office.open("high") as ws:
        assert ws.actor.name == "high"
    with office.connect("low") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT * FROM hub_files_history")


def test_an_edit_without_the_data_key_is_caught_by_the_mac_with_a_plain_message(office: Office) -> None:
    with office.connect("owner-of-the-hub") as conn:  # the hub's owner (its DBA): no account, no data key
        conn.execute("UPDATE hub_files SET content = convert_to(jsonb_set(convert_from(content, 'UTF8')::jsonb, "
                     "'{ceiling}', '3')::text, 'UTF8')")
    for account, passphrase in (("high", OFFICER_PASS), ("admin", ADMIN_PASS)):
        with pytest.raises(IntegrityError) as caught:
            office.open(account, passphrase)
        assert "workstation.json 已被改动" in caught.value.zh and "was altered" in caught.value.en


def test_a_hub_made_before_hub_files_moves_its_node_folders_file_into_the_row_at_migration(office: Office) -> None:
    raw = _row(office)
    (office.data_dir / "workstation.json").write_bytes(raw)
    with office.cluster.connect(office.database) as conn:
        conn.execute("DROP TABLE hub_files, hub_files_history, hub_blob_chunks")  # and 0010_hub_blobs
        conn.execute("DROP INDEX ix_attachments_blob_name, ix_letters_blob_name, ix_letters_ofd_blob_name, "
                     "ix_sync_blobs_blob_name")
        conn.execute("UPDATE alembic_version SET version_num = '0009_hub'")
    with Workstation.open(office.data_dir, "admin", ADMIN_PASS, wait_for_delay=False) as ws:  # the owner's URL
        assert ws.actor.name == "admin"
    assert not (office.data_dir / "workstation.json").exists()
    assert list((office.data_dir / "backups").glob("workstation.json.moved-to-hub-*"))
    assert json.loads(_row(office))["slots"] == json.loads(raw)["slots"]
    with office.open("high") as ws:  # and the officers' roles reach it: grants and guard made again
        ws.accounts.change_passphrase("high", NEW)
    assert _slot_users(office).count("high") == 1
    with office.connect("low") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        _update(conn, {**_doc(office), "ceiling": 3})


def test_the_auditors_verify_moves_the_anchor_in_the_row(office: Office) -> None:
    before = _doc(office)["audit_checkpoint"]
    with office.open("shen", AUDITOR_PASS) as ws:
        assert ws.admin.verify_audit().ok
    after = _doc(office)
    assert after["audit_checkpoint"] != before and after["audit_anchor"]["seq"] > 1
