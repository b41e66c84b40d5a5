"""Issue 13 finding 2: a key slot and the store change together or not at all. For each
way a passphrase is set (own change, an administrator's reset, the recovery code, a new
account) a failure or a kill at each step leaves exactly one passphrase working and the
audit trail saying which."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bjstc_desktop.core.errors import AuthenticationError, MediaError
from bjstc_desktop.core.roles import Role
from bjstc_desktop.store import slotchange, wfile_update
from bjstc_desktop.store.models import AuditEvent, User
from bjstc_desktop.workstation import Workstation
from tests import insider
from tests.conftest import ADMIN_PASS, OFFICER_PASS, Station

NEW = "the new passphrase 1"


@pytest.fixture
def station(station_copy: Station) -> Station:
    """zhang and admin on a fresh copy of one workstation (made once per session)."""
    return station_copy
OPS = ("passwd", "reset", "recover", "add")
EVENT = {"passwd": "passphrase_change", "reset": "passphrase_reset", "recover": "passphrase_recovered",
         "add": "user_add"}


def _do(station: Station, op: str) -> None:
    """Run one of the four operations that set a passphrase."""
    if op == "passwd":
        with station.open("zhang", OFFICER_PASS) as ws:
            ws.accounts.change_passphrase("zhang", NEW)
    elif op == "reset":
        with station.open("admin", ADMIN_PASS) as ws:
            ws.accounts.change_passphrase("zhang", NEW)
    elif op == "recover":
        Workstation.recover(station.data_dir, station.init.recovery_code, "zhang", NEW)
    else:
        with station.open("admin", ADMIN_PASS) as ws:
            ws.accounts.add("wang", Role.OFFICER, NEW)


def _opens(station: Station, user: str, passphrase: str) -> bool:
    try:
        station.open(user, passphrase).close()
    except AuthenticationError:
        return False
    return True


def _events(station: Station, action: str) -> int:
    with station.open("admin", ADMIN_PASS) as ws, ws.store.read() as s:
        return len(s.execute(select(AuditEvent.seq).where(AuditEvent.action == action)).all())


def _check(station: Station, op: str, changed: bool, before: int) -> None:
    """Exactly one passphrase works, and the audit says which (`before`: how many such
    events there were before the operation); no slot left over."""
    if op == "add":
        assert _opens(station, "wang", NEW) is changed
        with station.open("admin", ADMIN_PASS) as ws, ws.store.read() as s:
            assert (s.execute(select(User.id).where(User.name == "wang")).first() is not None) is changed
    else:
        works = (_opens(station, "zhang", OFFICER_PASS), _opens(station, "zhang", NEW))
        assert works == ((False, True) if changed else (True, False))
    assert _events(station, EVENT[op]) == before + (1 if changed else 0)
    slots = json.loads(insider.workstation_text(station.data_dir))["slots"]
    users = [s["user"] for s in slots if s["kind"] == "user"]
    assert sorted(users) == sorted({*users})  # one slot per user once an unlock has tidied up
    assert ("wang" in users) is (op == "add" and changed)


def _file_steps_only(station: Station) -> None:
    """Skip on a hub the failures between the workstation file's own steps: its slots are
    a row changed inside the store's write transaction (store/slotchange.py), so there is
    no write before or after the commit to fail (tests/hub/test_hub_files.py)."""
    if insider.is_hub(station.data_dir):
        pytest.skip("a hub's key slot changes in the store's transaction: no file step to fail")


# ----- injected failures (in-process) ---------------------------------------------------------
def _disk_full(*_a: object, **_k: object) -> None:
    raise MediaError("磁盘空间不足", "The disk is full")


@contextlib.contextmanager
def _failing_commit(after: bool) -> Iterator[None]:
    """Make the next store write transaction fail at its end: before the COMMIT
    (nothing committed) or just after it (committed, but the program is told otherwise)."""
    from bjstc_desktop.store.store import Store

    real = Store.write
    armed = {"on": True}

    @contextlib.contextmanager
    def write(self: Store, **options: object) -> Iterator[object]:
        if not armed["on"]:
            with real(self, **options) as s:  # type: ignore[arg-type]
                yield s
            return
        armed["on"] = False
        if after:
            with real(self, **options) as s:  # type: ignore[arg-type]
                yield s
            raise OSError(errno.EIO, "disk I/O error after commit")
        with real(self, **options) as s:  # type: ignore[arg-type]
            yield s
            raise OSError(errno.ENOSPC, "database or disk is full")

    Store.write = write  # type: ignore[method-assign]
    try:
        yield
    finally:
        Store.write = real  # type: ignore[method-assign]


@pytest.mark.parametrize("op", OPS)
def test_a_full_disk_at_the_first_slot_write_changes_nothing(station: Station, monkeypatch: pytest.MonkeyPatch,
                                                            op: str) -> None:
    _file_steps_only(station)
    before = _events(station, EVENT[op])
    real = wfile_update.apply_change

    def apply_change(data_dir: Path, change: Callable[..., None], key: bytes) -> object:
        if "add_slot" in change.__code__.co_names:  # step 1: the new slot beside the old
            _disk_full()
        return real(data_dir, change, key)

    monkeypatch.setattr(slotchange, "apply_change", apply_change)
    with pytest.raises(MediaError):
        _do(station, op)
    monkeypatch.undo()
    _check(station, op, changed=False, before=before)


@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("after", [False, True], ids=["commit-fails", "fails-after-commit"])
def test_a_failing_commit_leaves_one_passphrase_and_a_matching_audit(station: Station, op: str, after: bool) -> None:
    before = _events(station, EVENT[op])
    if op in ("passwd", "reset", "add"):
        opener = ("zhang", OFFICER_PASS) if op == "passwd" else ("admin", ADMIN_PASS)
        ws = station.open(*opener)
        try:
            with _failing_commit(after), pytest.raises(OSError):
                if op == "add":
                    ws.accounts.add("wang", Role.OFFICER, NEW)
                else:
                    ws.accounts.change_passphrase("zhang", NEW)
        finally:
            ws.close()
    else:
        from bjstc_desktop.ops.accounts import AccountOps

        real = AccountOps._set_slot

        def set_slot(self: AccountOps, *a: object, **k: object) -> None:
            with _failing_commit(after):
                real(self, *a, **k)  # type: ignore[arg-type]

        AccountOps._set_slot = set_slot  # type: ignore[method-assign]
        try:
            with pytest.raises(OSError):
                _do(station, op)
        finally:
            AccountOps._set_slot = real  # type: ignore[method-assign]
    _check(station, op, changed=after, before=before)


@pytest.mark.parametrize("op", OPS)
def test_a_full_disk_after_the_commit_keeps_the_change(station: Station, monkeypatch: pytest.MonkeyPatch, op: str) -> None:
    """The last step (dropping the old slot) fails: the change stands, the old slot is
    refused by the store and removed at the next unlock."""
    _file_steps_only(station)
    before = _events(station, EVENT[op])
    real = slotchange.apply_change

    def apply_change(data_dir: Path, change: Callable[..., None], key: bytes) -> object:
        if change.__qualname__.startswith("_keep"):
            _disk_full()
        return real(data_dir, change, key)

    monkeypatch.setattr(slotchange, "apply_change", apply_change)
    _do(station, op)
    monkeypatch.undo()
    if op != "add":
        users = [s["user"] for s in json.loads(insider.workstation_text(station.data_dir))["slots"]]
        assert users.count("zhang") == 2  # both still in the file ...
        assert not _opens(station, "zhang", OFFICER_PASS)  # ... but the store names the new one
    _check(station, op, changed=True, before=before)


# ----- a process killed between the steps -----------------------------------------------------
_SCRIPT = r"""
import os, signal, sys
from pathlib import Path
from bjstc_desktop.store import kdf, slotchange, audit
kdf.DEFAULT_KDF = kdf.KdfParams(1024, 1, 1)
step = sys.argv[3]
def die(reached):
    if reached == step:
        os.kill(os.getpid(), signal.SIGKILL)
slotchange._reached = die
if step == "in_transaction":  # killed inside the store transaction, before its COMMIT
    real = audit.append
    def append(session, **kw):
        if kw.get("action") in ("passphrase_change", "passphrase_reset", "passphrase_recovered", "user_add"):
            session.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        return real(session, **kw)
    audit.append = append
from bjstc_desktop.core.roles import Role
from bjstc_desktop.workstation import Workstation
data, op = Path(sys.argv[1]), sys.argv[2]
new, officer, admin, code = sys.argv[4:8]
if op == "passwd":
    ws = Workstation.open(data, "zhang", officer); ws.accounts.change_passphrase("zhang", new); ws.close()
elif op == "reset":
    ws = Workstation.open(data, "admin", admin); ws.accounts.change_passphrase("zhang", new); ws.close()
elif op == "recover":
    Workstation.recover(data, code, "zhang", new)
else:
    ws = Workstation.open(data, "admin", admin); ws.accounts.add("wang", Role.OFFICER, new); ws.close()
"""


@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize(("step", "changed"), [("slot_written", False), ("in_transaction", False),
                                               ("committed", True)])
def test_a_kill_between_the_steps_leaves_one_passphrase_and_a_matching_audit(station: Station, op: str, step: str,
                                                                            changed: bool) -> None:
    if step != "in_transaction":
        _file_steps_only(station)
    before = _events(station, EVENT[op])
    env = {k: v for k, v in os.environ.items() if not k.startswith("BJSTC_")}
    proc = subprocess.run([sys.executable, "-c", _SCRIPT, str(station.data_dir), op, step, NEW, OFFICER_PASS,
                           ADMIN_PASS, station.init.recovery_code], env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    _check(station, op, changed=changed, before=before)
