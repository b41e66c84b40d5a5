"""Failure and concurrency: wrong passphrase, a store that is corrupt or not a store,
a second program on a store in use. Never a traceback; the store never damaged."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bjstc_desktop.core.errors import StoreBusyError
from bjstc_desktop.store import lockfile
from tests.conftest import ADMIN_PASS, OFFICER_PASS, Station, env_for


def _bjstc(data: Path, *args: str, passphrase: str = OFFICER_PASS, user: str = "zhang") -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "bjstc_desktop.cli", *args], env=env_for(data, user, passphrase),
                          capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc


def _digest(folder: Path) -> dict[str, str]:
    return {n: hashlib.sha256((folder / n).read_bytes()).hexdigest()
            for n in ("store.db", "workstation.json") if (folder / n).exists()}


@pytest.mark.slow
def test_wrong_passphrase_exit_3_and_nothing_changes(station: Station) -> None:
    before = _digest(station.data_dir)
    p = _bjstc(station.data_dir, "info", passphrase="definitely wrong")
    assert p.returncode == 3 and "口令不正确" in p.stderr
    assert _digest(station.data_dir) == before


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["garbage", "truncated", "plain_sqlite", "missing"])
def test_a_damaged_store_exits_4_with_a_plain_message(station: Station, damage: str) -> None:
    db = station.data_dir / "store.db"
    if damage == "garbage":
        db.write_bytes(os.urandom(64 * 1024))
    elif damage == "truncated":
        db.write_bytes(db.read_bytes()[: 4096 + 100])
    elif damage == "plain_sqlite":
        import sqlite3

        db.unlink()
        sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.close()
    else:
        db.unlink()
    p = _bjstc(station.data_dir, "info")
    assert p.returncode == 4, p.stderr
    assert "store.db" in p.stderr


@pytest.mark.slow
def test_two_programs_writing_at_once_never_damage_the_store(station: Station) -> None:
    """Two `bjstc` processes create cases concurrently; SQLite's locking (WAL, BEGIN
    IMMEDIATE) serialises them: every case lands, the pages and the audit chain are sound."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from bjstc_desktop.store import kdf\n"
        "from bjstc_desktop.workstation import Workstation\n"
        "ws = Workstation.open(Path(sys.argv[1]), 'zhang', sys.argv[2])\n"
        "for i in range(25):\n"
        "    ws.cases.create('hnte', f'并发{sys.argv[3]}-{i}', {'enterprise': '北京并发公司', 'enterprise_uscc': '91110000600037341L'})\n"
        "ws.close()\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", script, str(station.data_dir), OFFICER_PASS, tag],
                              stderr=subprocess.PIPE, text=True) for tag in "AB"]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    with station.open() as ws:
        titles = {c.title for c in ws.cases.list()}
        assert len(titles) == 50
        assert ws.store.integrity_check()
        numbers = [c.case_no for c in ws.cases.list()]
        assert len(set(numbers)) == 50
    from bjstc_desktop.core.roles import Role

    with station.open("admin", ADMIN_PASS) as ws:
        ws.accounts.add("shen", Role.AUDITOR, "auditor passphrase 1", recovery_code=station.init.recovery_code)
    with station.open("shen", "auditor passphrase 1") as ws:
        assert ws.admin.verify_audit().ok


def test_a_second_gui_is_told_the_workstation_is_open(station: Station) -> None:
    first = lockfile.claim_gui(station.data_dir)
    try:
        assert lockfile.gui_is_open(station.data_dir)
        with pytest.raises(StoreBusyError) as err:
            lockfile.claim_gui(station.data_dir)
        assert "另一个窗口" in err.value.zh
    finally:
        first.release()
    assert not lockfile.gui_is_open(station.data_dir)


def test_restore_is_refused_while_another_program_has_the_store_open(station: Station, tmp_path: Path) -> None:
    from bjstc_desktop.workstation import Workstation

    with station.open("admin", ADMIN_PASS) as ws:
        ws.admin.backup(tmp_path / "b.bak")
    holder = station.open()
    try:
        with pytest.raises(StoreBusyError):
            Workstation.restore(tmp_path / "b.bak", station.data_dir, "admin", ADMIN_PASS, replace=True)
    finally:
        holder.close()
    with station.open() as ws:
        assert ws.store.integrity_check()
