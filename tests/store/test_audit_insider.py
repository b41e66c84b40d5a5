"""Issue 11 finding 3 and issue 13 finding 4, as the insider would do them: an officer
(or administrator) unwraps his own key slot, rewrites store.db with sqlcipher3 and the
data key, edits workstation.json and makes its MAC again. `bjstc audit verify` (the
auditor) must exit 4 for each, because the chain must still pass through the auditor's
signed checkpoint, which nobody without the auditor's key can make or move."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bjstc_desktop.cli import main as bjstc
from bjstc_desktop.store import audit, keybundle, keyslots, rolekeys
from bjstc_desktop.store.checkpoint import Checkpoint, make_checkpoint
from tests import insider
from tests.conftest import ADMIN_PASS, AUDITOR_PASS, OFFICER_PASS, Station

CONTRACT = {"contract_type": "技术服务", "seller": "北京审计科技有限公司", "seller_uscc": "91110000600037341L",
            "contract_amount": "20万", "tech_amount": "10万"}


@pytest.fixture
def station(station3: Station) -> Station:
    """admin, sec, shen (the auditor) and zhang; the sysadmin resets zhang's passphrase
    and works as him, then the auditor verifies (checkpoint 2), then more work."""
    with station3.open("admin", ADMIN_PASS) as ws:
        ws.accounts.change_passphrase("zhang", "reset by admin 1")
    with station3.open("zhang", "reset by admin 1") as ws:
        ws.cases.create("tech_contract", "管理员冒用科员身份所立", CONTRACT)
        ws.accounts.change_passphrase("zhang", OFFICER_PASS)
    assert _verify(station3)[0] == 0
    with station3.open("zhang", OFFICER_PASS) as ws:
        for i in range(3):
            ws.cases.create("tech_contract", f"检查点之后的案件{i}", CONTRACT)
    return station3


def _verify(station: Station) -> tuple[int, dict[str, Any]]:
    import contextlib
    import io
    import os

    out, err = io.StringIO(), io.StringIO()
    os.environ["BJSTC_PASSPHRASE"] = AUDITOR_PASS
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = bjstc(["--data-dir", str(station.data_dir), "--user", "shen", "audit", "verify", "--json"])
    finally:
        del os.environ["BJSTC_PASSPHRASE"]
    return rc, (json.loads(out.getvalue()) if out.getvalue().strip() else {"error": err.getvalue()})


def _events(station: Station, key: bytes) -> list[tuple[Any, ...]]:
    return insider.sql(station.data_dir, key, "SELECT seq, action, prev_hash, hash FROM audit_events ORDER BY seq")


def _rechain(station: Station, key: bytes) -> tuple[int, str]:
    """Renumber the events 1..n and recompute every link and hash, as the public code does."""
    conn = insider.connection(station.data_dir, key)
    try:
        rows = conn.execute("SELECT seq, at, actor_id, actor_name, action, target_type, target_id, details "
                            "FROM audit_events ORDER BY seq").fetchall()
        conn.execute("DELETE FROM audit_events")
        prev = audit.GENESIS
        import datetime as dt

        for n, (_, at, actor_id, actor_name, action, ttype, tid, details) in enumerate(rows, start=1):
            when = dt.datetime.fromisoformat(str(at))
            digest = audit.event_hash(prev, n, when, actor_id, actor_name, action, ttype, tid, details)
            conn.execute("INSERT INTO audit_events (seq, at, actor_id, actor_name, action, target_type, target_id,"
                         " details, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
                         (n, at, actor_id, actor_name, action, ttype, tid, details, prev, digest))
            prev = digest
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return len(rows), prev
    finally:
        conn.close()
        insider.cover_commit_mark(station.data_dir, key)


def _reanchor(station: Station, key: bytes, head: tuple[int, str] | None, *drop: str) -> None:
    def edit(doc: dict[str, Any]) -> None:
        if head is not None:
            doc["audit_anchor"] = {"seq": head[0], "hash": head[1]}
        for k in drop:
            doc.pop(k, None)
    insider.edit_json(station.data_dir, edit, key)


# ----- the three attacks of finding 3 ---------------------------------------------------------
@pytest.mark.parametrize("also_drop_checkpoint", [False, True])
def test_cut_the_tail_and_edit_the_anchor(station: Station, also_drop_checkpoint: bool) -> None:
    key = insider.data_key(station.data_dir, "zhang", OFFICER_PASS)
    cp = Checkpoint.from_json(json.loads(insider.workstation_text(station.data_dir))["audit_checkpoint"])
    assert cp is not None
    cut = cp.seq - 2  # everything from before the auditor's last checkpoint on
    insider.sql(station.data_dir, key, f"DELETE FROM audit_events WHERE seq > {cut}")
    head = _events(station, key)[-1]
    _reanchor(station, key, (head[0], head[3]), *(("audit_checkpoint",) if also_drop_checkpoint else ()))
    rc, doc = _verify(station)
    assert rc == 4
    assert doc["reason"] == ("no_checkpoint" if also_drop_checkpoint else "truncated")


def test_delete_the_passphrase_reset_events_renumber_rechain_and_reanchor(station: Station) -> None:
    key = insider.data_key(station.data_dir, "admin", ADMIN_PASS)  # the sysadmin covers his tracks
    assert any(a == "passphrase_reset" for _, a, _, _ in _events(station, key))
    insider.sql(station.data_dir, key, "DELETE FROM audit_events WHERE action = 'passphrase_reset'")
    head = _rechain(station, key)
    _reanchor(station, key, head)
    assert not any(a == "passphrase_reset" for _, a, _, _ in _events(station, key))
    rc, doc = _verify(station)
    assert rc == 4
    assert doc["reason"] in ("checkpoint", "truncated")


@pytest.mark.parametrize("also_drop_checkpoint", [False, True])
def test_delete_all_events_and_the_anchor(station: Station, also_drop_checkpoint: bool) -> None:
    key = insider.data_key(station.data_dir, "zhang", OFFICER_PASS)
    insider.sql(station.data_dir, key, "DELETE FROM audit_events")
    _reanchor(station, key, None, "audit_anchor", *(("audit_checkpoint",) if also_drop_checkpoint else ()))
    rc, doc = _verify(station)
    assert rc == 4
    assert doc["reason"] == ("no_checkpoint" if also_drop_checkpoint else "truncated")


def test_a_checkpoint_signed_with_the_insiders_own_key_is_not_the_auditors(station: Station) -> None:
    """He rewrites the chain and signs a checkpoint of his own, replacing the auditor's
    public key in the store and in workstation.json: the auditor's slot still holds the
    real key, so the auditor's session refuses to start (exit 4)."""
    key = insider.data_key(station.data_dir, "zhang", OFFICER_PASS)
    insider.sql(station.data_dir, key, "DELETE FROM audit_events WHERE action = 'passphrase_reset'")
    head = _rechain(station, key)
    mine = rolekeys.new_role_key()
    insider.sql(station.data_dir, key, "UPDATE node_identity SET auditor_public = ?", params=(rolekeys.public_key(mine),))
    wf = keyslots.WorkstationFile.load(station.data_dir)
    old = Checkpoint.from_json(wf.extra["audit_checkpoint"])
    assert old is not None
    from dataclasses import replace

    forged = make_checkpoint(mine, wf.node_id, old.n + 1, head, old.at,
                             replace(old.facts, auditor_public=rolekeys.public_key(mine).hex()))

    def edit(doc: dict[str, Any]) -> None:
        doc["audit_checkpoint"] = forged.to_json()
        doc["audit_anchor"] = {"seq": head[0], "hash": head[1]}
        doc["admin_keys"]["auditor"] = rolekeys.public_key(mine).hex()
    insider.edit_json(station.data_dir, edit, key)
    rc, doc = _verify(station)
    assert rc == 4
    assert "角色密钥" in doc["error"]


def test_editing_workstation_json_without_the_data_key_refuses_everyone(station: Station) -> None:
    insider.edit_json(station.data_dir, lambda doc: doc["audit_anchor"].update(seq=1))
    rc, doc = _verify(station)
    assert rc == 4 and "workstation.json" in doc["error"]


# ----- issue 13: the anchor only moves over a chain that checks out ----------------------------
def _ordinary_runs(station: Station, n: int) -> None:
    for i in range(n):
        with station.open("zhang", OFFICER_PASS) as ws:
            ws.cases.create("tech_contract", f"普通的一次运行{i}", CONTRACT)


@pytest.mark.parametrize("runs", [1, 6])
def test_a_removed_tail_is_still_found_after_ordinary_runs(station: Station, runs: int) -> None:
    """Cut after the last checkpoint (only the anchor knew those events), leave the JSON
    alone, let officers work on: the anchor must not move over the gap."""
    key = insider.data_key(station.data_dir, "zhang", OFFICER_PASS)
    anchor = json.loads(insider.workstation_text(station.data_dir))["audit_anchor"]
    insider.sql(station.data_dir, key, f"DELETE FROM audit_events WHERE seq > {anchor['seq'] - 3}")
    _ordinary_runs(station, runs)
    assert json.loads(insider.workstation_text(station.data_dir))["audit_anchor"] == anchor
    rc, doc = _verify(station)
    assert rc == 4 and doc["reason"] in ("anchor", "truncated")


def test_a_removed_tail_before_the_checkpoint_is_found_even_if_the_anchor_is_rewritten_later(
        station: Station) -> None:
    key = insider.data_key(station.data_dir, "zhang", OFFICER_PASS)
    cp = Checkpoint.from_json(json.loads(insider.workstation_text(station.data_dir))["audit_checkpoint"])
    assert cp is not None
    insider.sql(station.data_dir, key, f"DELETE FROM audit_events WHERE seq > {cp.seq - 1}")
    _ordinary_runs(station, 8)  # the chain grows past the checkpoint's seq again, with other hashes
    head = _events(station, key)[-1]
    _reanchor(station, key, (head[0], head[3]))
    rc, doc = _verify(station)
    assert rc == 4 and doc["reason"] == "checkpoint"


def test_ordinary_runs_move_the_anchor_and_the_auditor_checkpoints(station: Station) -> None:
    before = json.loads(insider.workstation_text(station.data_dir))
    _ordinary_runs(station, 2)
    after = json.loads(insider.workstation_text(station.data_dir))
    assert after["audit_anchor"]["seq"] > before["audit_anchor"]["seq"]
    rc, doc = _verify(station)
    assert rc == 0 and doc["ok"] and doc["checkpoint"] == before["audit_checkpoint"]["n"]
    newest = json.loads(insider.workstation_text(station.data_dir))["audit_checkpoint"]
    assert newest["n"] == before["audit_checkpoint"]["n"] + 1 == doc["new_checkpoint"]
    wf = keyslots.WorkstationFile.load(station.data_dir)
    key = wf.unlock("shen", AUDITOR_PASS, lambda _n: None).bundle.get(keybundle.AUDITOR)
    assert key is not None and Checkpoint.from_json(newest).signed_by(rolekeys.public_key(key))  # type: ignore[union-attr]


def test_only_the_auditors_slot_and_the_recovery_slot_hold_the_signing_key(station: Station) -> None:
    wf = keyslots.WorkstationFile.load(station.data_dir)
    held = {name: wf.unlock(name, pw, lambda _n: None).bundle.names()
            for name, pw in (("admin", ADMIN_PASS), ("zhang", OFFICER_PASS), ("shen", AUDITOR_PASS),
                             ("sec", "sec passphrase 1"))}
    # The level keys are the key custodian's (the security administrator) and the recovery
    # slot's; an officer holds his own key-agreement key, his levels come as grants.
    assert held == {"admin": ("data",), "zhang": ("data", "user_kex"), "shen": ("auditor", "data"),
                    "sec": ("data", "level:1", "level:2", "secadmin")}
    assert set(wf.unlock_recovery(station.init.recovery_code).names()) == {"auditor", "data", "secadmin",
                                                                           "level:1", "level:2"}
    assert len({len(s.wrapped_key) for s in wf.slots}) == 1  # the length tells no role
