"""Accounts under the separation of three administrators (三员分立), tried as each
administrator would: through the API, the command line, and with the files and the data
key his own passphrase gives him."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bjstc_desktop.cli import main as bjstc
from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import (
    AuthenticationError,
    IntegrityError,
    PermissionDeniedError,
    RefusedError,
)
from bjstc_desktop.core.roles import Role
from bjstc_desktop.store import keybundle, keyslots
from bjstc_desktop.store.models import utcnow
from bjstc_desktop.workstation import Workstation
from tests import insider
from tests.conftest import ADMIN_PASS, AUDITOR_PASS, OFFICER_PASS, SEC_PASS, Station, make_station


@pytest.fixture
def station(station3: Station) -> Station:
    """These tests need the three administrators that init makes (admin, sec, shen)."""
    return station3


def test_bootstrap_then_security_administrator_owns_clearances(tmp_path: Path) -> None:
    """A workstation initialised with the system administrator only: the security
    administrator is created once, with the recovery code; clearances are then his."""
    st = make_station(tmp_path / "ws", officers={}, administrators=False)
    with st.open("admin", ADMIN_PASS) as ws:
        ws.accounts.add("li", Role.OFFICER, "li passphrase 1", Level.SECRET, frozenset({"market"}))
        with pytest.raises(RefusedError):  # no recovery code: the sysadmin alone cannot make one
            ws.accounts.add("sec", Role.SECADMIN, SEC_PASS)
        ws.accounts.add("sec", Role.SECADMIN, SEC_PASS, recovery_code=st.init.recovery_code)
        with pytest.raises(PermissionDeniedError):
            ws.accounts.add("wang", Role.OFFICER, "wang passphrase 1", Level.INTERNAL, None)
        info = ws.accounts.add("wang", Role.OFFICER, "wang passphrase 1")
        assert info.clearance == "公开" and info.modules == ()
        with pytest.raises(PermissionDeniedError):
            ws.accounts.set_access("wang", Level.INTERNAL, frozenset({"market"}))
        with pytest.raises(RefusedError):
            ws.accounts.add("wang", Role.OFFICER, "wang passphrase 1")
    with st.open("sec", SEC_PASS) as ws:
        info = ws.accounts.set_access("wang", Level.INTERNAL, frozenset({"market"}))
        assert info.clearance == "内部" and info.modules == ("market",)
        with pytest.raises(PermissionDeniedError):
            ws.accounts.set_access("admin", Level.PUBLIC, frozenset({"market"}))
        with pytest.raises(PermissionDeniedError):
            ws.accounts.add("x", Role.OFFICER, "x passphrase 12")
    with st.open("wang", "wang passphrase 1") as ws:
        assert ws.actor.modules == frozenset({"market"})


def test_a_reset_passphrase_must_be_changed(tmp_path: Path) -> None:
    st = make_station(tmp_path / "ws")
    with st.open("admin", ADMIN_PASS) as ws:
        ws.accounts.change_passphrase("zhang", "reset by admin 1")
    with st.open("zhang", "reset by admin 1") as ws:
        assert ws.must_change_passphrase
        ws.accounts.change_passphrase("zhang", "my own passphrase 1")
    with st.open("zhang", "my own passphrase 1") as ws:
        assert not ws.must_change_passphrase
    with st.open("zhang", "my own passphrase 1") as ws, pytest.raises(PermissionDeniedError):
        ws.accounts.change_passphrase("admin", "taken over admin 1")


# ----- the system administrator, through the API ---------------------------------------------
@pytest.mark.parametrize("role", [Role.SECADMIN, Role.AUDITOR, Role.SYSADMIN])
def test_the_sysadmin_cannot_create_another_administrator(station: Station, role: Role) -> None:
    before = _slots(station)
    with station.open("admin", ADMIN_PASS) as ws:
        with pytest.raises(PermissionDeniedError):
            ws.accounts.add("second", role, "second admin pass 1")
        with pytest.raises(PermissionDeniedError):  # not even with the recovery code: one of each, ever
            ws.accounts.add("second", role, "second admin pass 1", recovery_code=station.init.recovery_code)
        assert [u.name for u in ws.accounts.list() if u.role == role.value] == [
            {Role.SECADMIN: "sec", Role.AUDITOR: "shen", Role.SYSADMIN: "admin"}[role]]
    assert _slots(station) == before


@pytest.mark.parametrize("target", ["sec", "shen"])
def test_the_sysadmin_cannot_reset_or_lock_the_other_administrators(station: Station, target: str) -> None:
    slots_before = _slots(station)
    with station.open("admin", ADMIN_PASS) as ws:
        with pytest.raises(PermissionDeniedError):
            ws.accounts.change_passphrase(target, "taken over by admin 1")
        with pytest.raises(PermissionDeniedError):
            ws.accounts.set_active(target, False)
    assert _slots(station) == slots_before
    with pytest.raises(AuthenticationError):
        station.open(target, "taken over by admin 1")
    station.open(target, {"sec": SEC_PASS, "shen": AUDITOR_PASS}[target]).close()


def test_the_sysadmin_locks_and_unlocks_officers_only(station: Station) -> None:
    with station.open("admin", ADMIN_PASS) as ws:
        assert ws.accounts.set_active("zhang", False).active is False
        with pytest.raises(RefusedError):
            ws.accounts.set_active("zhang", False)
    with pytest.raises(AuthenticationError):
        station.open("zhang", OFFICER_PASS)
    with station.open("sec", SEC_PASS) as ws, pytest.raises(PermissionDeniedError):
        ws.accounts.set_active("zhang", True)  # accounts are the sysadmin's, not the secadmin's
    with station.open("admin", ADMIN_PASS) as ws:
        ws.accounts.set_active("zhang", True)
    station.open("zhang", OFFICER_PASS).close()


@pytest.mark.parametrize(("user", "passphrase"), [("sec", SEC_PASS), ("shen", AUDITOR_PASS), ("admin", ADMIN_PASS)])
def test_an_administrator_recovers_only_with_the_recovery_code_and_keeps_the_role(
        station: Station, user: str, passphrase: str) -> None:
    with pytest.raises(AuthenticationError):
        Workstation.recover(station.data_dir, "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA", user, "recovered pass 12")
    Workstation.recover(station.data_dir, station.init.recovery_code, user, "recovered pass 12")
    with pytest.raises(AuthenticationError):
        station.open(user, passphrase)
    with station.open(user, "recovered pass 12") as ws:
        if user == "shen":
            assert ws.admin.verify_audit().ok  # the recovered slot carries the auditor's signing key
        elif user == "sec":
            ws.accounts.set_access("zhang", Level.INTERNAL, frozenset({"market"}))


# ----- the system administrator, on the command line -----------------------------------------
def _slots(station: Station) -> list[dict]:
    return json.loads(insider.workstation_text(station.data_dir))["slots"]


def _cli(station: Station, capsys, monkeypatch, user: str, passphrase: str, *args: str,  # type: ignore[no-untyped-def]
         **env: str) -> tuple[int, str]:
    monkeypatch.setenv("BJSTC_PASSPHRASE", passphrase)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    rc = bjstc(["--data-dir", str(station.data_dir), "--user", user, *args])
    return rc, capsys.readouterr().err


def test_the_sysadmin_is_refused_on_the_command_line_too(station: Station, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    before = _slots(station)
    for args in (["user", "add", "sec2", "--role", "secadmin"], ["user", "add", "aud2", "--role", "auditor"],
                 ["user", "add", "admin2", "--role", "sysadmin"], ["user", "passwd", "sec"],
                 ["user", "passwd", "shen"], ["user", "lock", "shen"], ["user", "lock", "sec"]):
        rc, err = _cli(station, capsys, monkeypatch, "admin", ADMIN_PASS, *args,
                       BJSTC_NEW_PASSPHRASE="taken over by admin 1", BJSTC_RECOVERY_CODE=station.init.recovery_code)
        assert rc == 1, args
        assert "三员分立" in err, args
    assert _slots(station) == before  # (the anchor moves: each refused command is audited)
    rc, _ = _cli(station, capsys, monkeypatch, "admin", ADMIN_PASS, "user", "lock", "zhang")
    assert rc == 0
    rc, _ = _cli(station, capsys, monkeypatch, "zhang", OFFICER_PASS, "info")
    assert rc == 3


def test_the_sysadmin_cannot_grant_once_a_secadmin_exists(station: Station, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    rc, err = _cli(station, capsys, monkeypatch, "admin", ADMIN_PASS, "user", "add", "wang", "--role", "officer",
                   "--clearance", "秘密", BJSTC_NEW_PASSPHRASE="wang passphrase 1")
    assert rc == 1 and "安全保密管理员" in err
    rc, err = _cli(station, capsys, monkeypatch, "admin", ADMIN_PASS, "user", "grant", "zhang", "--clearance", "机密")
    assert rc == 1


# ----- the system administrator with the data key -------------------------------------------
def test_a_secadmin_slot_forged_with_the_data_key_does_not_unlock(station: Station) -> None:
    """The sysadmin replaces sec's slot with one for a passphrase he chose, wrapping the
    data key he holds: he cannot put the secadmin's role key in it."""
    key = insider.data_key(station.data_dir, "admin", ADMIN_PASS)
    wf = keyslots.WorkstationFile.load(station.data_dir)
    forged = keyslots.make_slot(wf.node_id, keybundle.KeyBundle.of({keybundle.DATA: key}), "chosen by admin 1",
                                kind="user", user="sec", created_at=utcnow().isoformat())
    wf.slots = [s for s in wf.slots if s.user != "sec"] + [forged]
    insider.write_workstation_bytes(station.data_dir, wf.to_bytes(keyslots.mac_key(key)))
    insider.sql(station.data_dir, key, "UPDATE users SET slot_id = ? WHERE name = 'sec'", params=(forged.id,))
    with pytest.raises(IntegrityError) as err:
        station.open("sec", "chosen by admin 1")
    assert "角色密钥" in err.value.zh


def test_a_second_secadmin_inserted_with_the_data_key_is_caught(station: Station) -> None:
    key = insider.data_key(station.data_dir, "admin", ADMIN_PASS)
    wf = keyslots.WorkstationFile.load(station.data_dir)
    bundle = keybundle.KeyBundle.of({keybundle.DATA: key, keybundle.SECADMIN: os.urandom(32)})
    forged = keyslots.make_slot(wf.node_id, bundle, "chosen by admin 1", kind="user", user="sec2",
                                created_at=utcnow().isoformat())
    wf.slots.append(forged)
    insider.write_workstation_bytes(station.data_dir, wf.to_bytes(keyslots.mac_key(key)))
    insider.sql(station.data_dir, key,
                "INSERT INTO users (id, name, display_name, role, clearance, modules, active, must_change_passphrase,"
                " created_at, updated_at, slot_id) VALUES ('01900000-0000-7000-8000-00000000beef', 'sec2', 'sec2',"
                " 'secadmin', 0, '', TRUE, FALSE, '2026-01-01', '2026-01-01', ?)", params=(forged.id,))
    with pytest.raises(IntegrityError):
        station.open("sec2", "chosen by admin 1")
    with station.open("shen", AUDITOR_PASS) as ws:  # and the auditor sees the roster changed
        result = ws.admin.verify_audit()
    assert not result.ok and result.reason == "roster"
