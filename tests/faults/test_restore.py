"""Restore (issue 13, must-hold 3): room is checked first, the staging folder goes on any
failure, and a restore that fails or is killed at any step never leaves the old
workstation unopenable."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections import namedtuple
from pathlib import Path

import pytest

from bjstc_desktop.core.errors import MediaError
from bjstc_desktop.workstation import Workstation
from tests.conftest import ADMIN_PASS
from tests.faults.conftest import CONTRACT, Bench, assert_sound, table_count


@pytest.fixture
def backed_up(bench: Bench, tmp_path: Path) -> tuple[Bench, Path]:
    """A backup with two cases; the workstation has a third one since."""
    with bench.open() as ws:
        ws.cases.create("tech_contract", "备份前一", CONTRACT)
        ws.cases.create("tech_contract", "备份前二", CONTRACT)
    out = tmp_path / "usb.bak"
    with bench.open("admin") as ws:
        ws.admin.backup(out)
    with bench.open() as ws:
        ws.cases.create("tech_contract", "备份后", CONTRACT)
    return bench, out


def _cases(bench: Bench) -> int:
    with bench.open("admin") as ws:
        return table_count(ws, "cases")


def _staging(data_dir: Path) -> list[str]:
    return [p.name for p in data_dir.iterdir() if p.name.startswith(".restore-")]


def test_a_restore_without_room_is_refused_before_it_writes(backed_up: tuple[Bench, Path],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    bench, backup = backed_up
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: usage(10 << 30, (10 << 30) - (64 << 10), 64 << 10))
    with pytest.raises(MediaError) as err:
        Workstation.restore(backup, bench.data_dir, "admin", ADMIN_PASS, replace=True)
    monkeypatch.undo()
    assert "磁盘空间不足" in err.value.zh and str(bench.data_dir) in err.value.zh
    assert _staging(bench.data_dir) == [] and _cases(bench) == 3


def test_a_disk_that_fills_during_the_restore_leaves_no_staging_and_the_old_workstation(
        backed_up: tuple[Bench, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    bench, backup = backed_up
    real_fsync = os.fsync
    calls = {"n": 0}

    def fills(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # the second part written to the staging folder meets a full disk
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fills)
    with pytest.raises(MediaError) as err:
        Workstation.restore(backup, bench.data_dir, "admin", ADMIN_PASS, replace=True)
    monkeypatch.undo()
    assert "磁盘空间不足" in err.value.zh
    assert _staging(bench.data_dir) == [] and _cases(bench) == 3
    assert_sound(bench)


# Restore in a program that dies (os._exit, as kill -9: no clean-up runs) at the n-th rename.
_KILLED_AT_RENAME = """
import os, sys
from pathlib import Path
from bjstc_desktop.workstation import Workstation
stop_at, calls = int(sys.argv[4]), [0]
def dying(real):
    def rename(*a, **k):
        calls[0] += 1
        if calls[0] == stop_at:
            os._exit(9)
        return real(*a, **k)
    return rename
os.replace, os.rename = dying(os.replace), dying(os.rename)
Workstation.restore(Path(sys.argv[1]), Path(sys.argv[2]), "admin", sys.argv[3], replace=True)
"""


@pytest.mark.slow
def test_a_restore_killed_at_any_rename_leaves_a_workstation_that_opens(backed_up: tuple[Bench, Path],
                                                                        tmp_path: Path) -> None:
    bench, backup = backed_up
    pristine = tmp_path / "pristine"
    shutil.copytree(bench.data_dir, pristine)
    outcomes = []
    for step in range(1, 40):
        shutil.rmtree(bench.data_dir)
        shutil.copytree(pristine, bench.data_dir)
        proc = subprocess.run([sys.executable, "-c", _KILLED_AT_RENAME, str(backup), str(bench.data_dir), ADMIN_PASS,
                               str(step)], capture_output=True, text=True, timeout=180)
        assert "Traceback" not in proc.stderr, proc.stderr
        cases = _cases(bench)  # opens: the old workstation (3 cases) or the restored one (2)
        assert cases in (2, 3), step
        assert _staging(bench.data_dir) == [], step
        assert_sound(bench)
        outcomes.append(cases)
        if proc.returncode == 0:
            break
    assert proc.returncode == 0 and outcomes[-1] == 2  # the last run renamed everything it had to
    assert 3 in outcomes  # and kills before the swap's commit point kept the old workstation
