"""Backups taken while other programs write: every backup that says it was written
restores and verifies (issue 13, must-hold 1), is readable by its owner only, and a
backup that fails is neither left behind nor audited as done."""

from __future__ import annotations

import errno
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bjstc_desktop.core.errors import MediaError
from bjstc_desktop.store import atomicfile
from bjstc_desktop.workstation import Workstation
from tests.conftest import ADMIN_PASS, OFFICER_PASS
from tests.faults.conftest import (
    AUDITOR_PASS,
    CONTRACT,
    Bench,
    audit_count,
    hidden_files,
    table_count,
)

BACKUPS = 30

# A writer as officers run them: cases one after another, and every few cases the program
# closes (rewriting workstation.json with the audit head) and opens again.
_WRITER = f"""
import sys
from pathlib import Path
from bjstc_desktop.workstation import Workstation
data, tag, stop = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
contract = {CONTRACT!r}
print("go", flush=True)
i = 0
while not stop.exists():
    with Workstation.open(data, "zhang", {OFFICER_PASS!r}, wait_for_delay=False) as ws:
        for _ in range(3):
            ws.cases.create("tech_contract", f"写入者{{tag}}-{{i}}", contract)
            i += 1
"""


def _writers(bench: Bench, stop: Path) -> list[subprocess.Popen[str]]:
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(bench.data_dir), tag, str(stop)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for tag in "AB"]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline().strip() == "go"
    return procs


def _restores_and_verifies(backup: Path, into: Path) -> None:
    Workstation.restore(backup, into, "admin", ADMIN_PASS)
    with Workstation.open(into, "shen", AUDITOR_PASS, wait_for_delay=False) as ws:
        result = ws.admin.verify_audit()
        assert result.ok, (backup.name, result)
        assert ws.store.integrity_check()
        assert table_count(ws, "cases") == audit_count(ws, "case_create")


@pytest.mark.slow
def test_backups_taken_while_two_programs_write_all_restore_and_verify(bench: Bench, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    stop = tmp_path / "stop"
    writers = _writers(bench, stop)
    written: list[Path] = []
    try:
        with bench.open("admin") as ws:
            for i in range(BACKUPS):
                out = usb / f"backup-{i}.bak"
                ws.admin.backup(out)
                written.append(out)
    finally:
        stop.touch()
        for p in writers:
            _, err = p.communicate(timeout=120)
            assert p.returncode == 0, err
    assert len(written) == BACKUPS
    for i, backup in enumerate(written):
        _restores_and_verifies(backup, tmp_path / f"restored-{i}")


def test_a_backup_is_readable_by_its_owner_only(bench: Bench, tmp_path: Path) -> None:
    out = tmp_path / "owner-only.bak"
    with bench.open("admin") as ws:
        ws.admin.backup(out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_a_backup_that_fails_leaves_nothing_and_is_not_audited_as_done(
        bench: Bench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    real = atomicfile.os.fsync

    def full(fd: int) -> None:
        if Path(f"/proc/self/fd/{fd}").resolve().parent == usb.resolve():
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    with bench.open("admin") as ws:
        before = audit_count(ws, "backup")
        monkeypatch.setattr(atomicfile.os, "fsync", full)
        with pytest.raises(MediaError) as err:
            ws.admin.backup(usb / "full.bak")
        monkeypatch.undo()
        assert "磁盘空间不足" in err.value.zh and str(usb) in err.value.zh
        assert audit_count(ws, "backup") == before
    assert list(usb.iterdir()) == [] and hidden_files(bench.data_dir) == []


def test_a_backup_carries_every_key_slot(bench: Bench, tmp_path: Path) -> None:
    """The choice documented in the admin guide: any account of the workstation (or the
    recovery code) can restore its backup."""
    out = tmp_path / "slots.bak"
    with bench.open("admin") as ws:
        ws.admin.backup(out)
    Workstation.restore(out, tmp_path / "by-officer", "zhang", OFFICER_PASS)
    Workstation.restore(out, tmp_path / "by-auditor", "shen", AUDITOR_PASS)


def test_a_passphrase_changed_during_a_backup_never_locks_the_user_out_of_it(
        bench: Bench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """workstation.json (the slots) and the store (which slot is valid) must come from
    the same moment: a `user passwd` that fell between reading one and copying the other
    would give a backup in which neither passphrase opens the account."""
    from bjstc_desktop.store import backup as backup_module

    new_pass = "a new passphrase 77"
    real = backup_module.snapshot_store
    changed: list[int] = []

    def change_then_copy(*args: object, **kwargs: object) -> None:
        proc = bench.bjstc("user", "passwd", "zhang", passphrase=OFFICER_PASS, BJSTC_NEW_PASSPHRASE=new_pass)
        changed.append(proc.returncode)
        real(*args, **kwargs)  # type: ignore[arg-type]

    out = tmp_path / "during.bak"
    with bench.open("admin") as ws:
        monkeypatch.setattr(backup_module, "snapshot_store", change_then_copy)
        ws.admin.backup(out)
        monkeypatch.undo()
    assert changed and changed[0] in (0, 6)  # done before the copy, or told the workstation is busy
    Workstation.restore(out, tmp_path / "restored", "admin", ADMIN_PASS)
    in_force = new_pass if changed[0] == 0 else OFFICER_PASS
    assert _opens(bench.data_dir, in_force)
    assert _opens(tmp_path / "restored", in_force), "zhang's passphrase does not open his account in the backup"


def _opens(data_dir: Path, passphrase: str) -> bool:
    try:
        Workstation.open(data_dir, "zhang", passphrase, wait_for_delay=False).close()
    except Exception:
        return False
    return True
