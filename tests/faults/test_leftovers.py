"""Leftovers (issue 13, must-hold 8): what killed programs leave in the data folder is
swept at the next unlock — only what is older than every program still holding the
store — and the sweep is logged; exports clean up their own temporaries on the medium
at the next export there."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bjstc_desktop.core.errors import MediaError
from bjstc_desktop.store import atomicfile
from tests.faults.conftest import CONTRACT, Bench, leftovers, make_peers, node_of

HOUR_AGO = time.time() - 3600


def _dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(proc.stdout)


def _plant(data_dir: Path, pid: int, when: float | None) -> list[Path]:
    """What a program killed half-way leaves behind (with `when` as their time)."""
    planted = [data_dir / f".backup-{pid}-x1y2z3", data_dir / f".restore-{pid}-abcdef", data_dir / ".restore-old"]
    for folder in planted:
        folder.mkdir()
        (folder / "store.db").write_bytes(os.urandom(4096))
    planted += [data_dir / f".store.head.{pid}.tmp", data_dir / f".workstation.json.{pid}.tmp",
                data_dir / "backups" / f".x.bak.{pid}.partial", data_dir / "blobs" / f".{'a' * 64}.{pid}.tmp",
                data_dir / "blobs" / ("b" * 64), data_dir / "blobs" / f".{'c' * 64}.tmp"]
    for p in planted[3:]:
        p.write_bytes(os.urandom(2048))
    if when is not None:
        for p in planted:
            os.utime(p, (when, when))
    return planted


def test_leftovers_of_killed_programs_are_swept_and_logged_at_unlock(bench: Bench,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    from tests.letters.conftest import TECH_CONTRACT

    with bench.open() as ws:
        ws.attachments.add(ws.cases.create("tech_contract", "有附件", CONTRACT).id, _attachment(bench))
        case = ws.cases.create("tech_contract", "出证明", TECH_CONTRACT)  # its OFD copy is an ofd_blob_name
        ws.letters.issue(case.id, "tech_contract_certificate", bench.data_dir.parent / "证明.pdf", fmt="both")
    for blob in (bench.data_dir / "blobs").iterdir():  # old enough for the sweep to look at
        os.utime(blob, (HOUR_AGO, HOUR_AGO))
    planted = _plant(bench.data_dir, _dead_pid(), HOUR_AGO)
    kept_blobs = {p.name for p in (bench.data_dir / "blobs").iterdir()} - {p.name for p in planted}
    caplog.set_level(logging.INFO)
    with bench.open():
        pass
    assert [p for p in planted if p.exists()] == []
    assert {p.name for p in (bench.data_dir / "blobs").iterdir()} == kept_blobs  # the real attachment stays
    assert leftovers(bench.data_dir) == []
    assert any("leftovers swept: 9 items" in r.getMessage() for r in caplog.records)


def _attachment(bench: Bench) -> Path:
    path = bench.data_dir.parent / "scan.pdf"
    path.write_bytes(b"%PDF-1.4 scan")
    return path


def test_nothing_a_live_program_may_still_use_is_touched(bench: Bench) -> None:
    older = bench.open()  # a program that has held the store since before the files appeared
    writer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])  # and one that writes them
    try:
        time.sleep(0.05)
        planted = _plant(bench.data_dir, writer.pid, None)  # made now, while they run
        with bench.open():
            pass
        assert [p for p in planted if not p.exists()] == []
    finally:
        older.close()
        writer.kill()
        writer.wait()
    with bench.open():  # once it is gone, they are leftovers
        pass
    assert [p for p in planted if p.exists()] == []


def test_an_export_clears_dead_writers_temporaries_from_the_medium(tmp_path: Path) -> None:
    a, b = make_peers(tmp_path)
    usb = tmp_path / "usb"
    usb.mkdir()
    stale = usb / f".bjstc-old.bjsync.{_dead_pid()}.partial"
    stale.write_bytes(os.urandom(1024))
    live = usb / f".other.bjsync.{os.getpid()}.partial"  # a writer that still runs
    live.write_bytes(b"in progress")
    foreign = usb / ".someone-elses.tmp"
    foreign.write_bytes(b"not ours")
    records = usb / f".电子文件.{_dead_pid()}.partial"  # an e-records export's folder, killed half-way
    (records / "A1-2026-永久-0001").mkdir(parents=True)
    (records / "A1-2026-永久-0001" / "case.json").write_bytes(b"{}")
    with a.open() as ws:
        ws.cases.create("tech_contract", "介质", CONTRACT)
        ws.sync.export_package([node_of(b)], usb)
    assert not stale.exists() and live.exists() and foreign.exists()
    assert not records.exists()


def test_an_e_records_export_stages_under_a_name_the_next_export_clears(bench: Bench, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Its staging folder carries the writer's process id like every temporary file: a
    killed export's folder is cleared from the medium by the next export."""
    from bjstc_desktop.ops import archives

    usb = tmp_path / "usb"
    usb.mkdir()
    seen: list[str] = []
    real = archives.os.replace

    def killed_at_the_rename(src: object, dst: object) -> None:
        if Path(str(dst)).name != "电子文件":  # the store's own renames (its audit event is written first)
            return real(src, dst)  # type: ignore[call-overload, no-any-return]
        seen.append(Path(str(src)).name)
        raise KeyboardInterrupt  # the program stops here; its except clause still cleans up

    with bench.open() as ws:
        case = ws.cases.create("tech_contract", "归档后导出", CONTRACT)
        ws.workflow.act(case.id, "review")
        ws.workflow.act(case.id, "refuse", "不予登记")
        ws.archives.file(case.id)
        monkeypatch.setattr(archives.os, "replace", killed_at_the_rename)
        with pytest.raises(KeyboardInterrupt):
            ws.archives.export_records(usb / "电子文件")
        monkeypatch.setattr(archives.os, "replace", real)
        with pytest.raises(MediaError) as err:
            ws.archives.export_records(tmp_path / "no-stick" / "电子文件")
    assert "目标文件夹不存在" in err.value.zh
    assert seen and all(atomicfile._writer_pid(name) == os.getpid() for name in seen), seen
    assert list(usb.iterdir()) == []


def test_the_sweep_keeps_a_letters_ofd_copy(bench: Bench, tmp_path: Path) -> None:
    """Found by tests/faults/test_kill_points.py::test_letter: the sweep read only columns
    named blob_name, took every letter's OFD copy (letters.ofd_blob_name) for a blob no
    row names and deleted it at the next unlock; the register's OFD was then gone."""
    from tests.letters.conftest import TECH_CONTRACT

    with bench.open() as ws:
        case = ws.cases.create("tech_contract", "出证明", TECH_CONTRACT)
        number = ws.letters.issue(case.id, "tech_contract_certificate", tmp_path / "证明.pdf", fmt="both").number
        ofd = ws.letters.ofd(number)
    for blob in (bench.data_dir / "blobs").iterdir():  # older than any program that opens the store next
        os.utime(blob, (HOUR_AGO, HOUR_AGO))
    with bench.open():
        pass  # the unlock sweeps
    with bench.open() as ws:
        assert ws.letters.ofd(number) == ofd
    assert leftovers(bench.data_dir) == []


def test_the_first_screens_unlock_sweeps_them_before_anything_is_shown(bench: Bench,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    """A window's start unlocks over the DB-API connection (workstation/starting.py): the
    same sweep runs there, before the first read, and keeps the blobs rows name (a
    letter's OFD copy among them)."""
    from bjstc_desktop.store.unlocking import open_slot
    from bjstc_desktop.workstation.starting import StartingSession, open_starting
    from tests.faults.conftest import PASSPHRASES

    if (bench.data_dir / "hub.json").exists():
        pytest.skip("on a hub the first screen keeps the session's path")
    from tests.letters.conftest import TECH_CONTRACT

    with bench.open() as ws:
        ws.attachments.add(ws.cases.create("tech_contract", "有附件", CONTRACT).id, _attachment(bench))
        case = ws.cases.create("tech_contract", "出证明", TECH_CONTRACT)  # its OFD copy is an ofd_blob_name
        ws.letters.issue(case.id, "tech_contract_certificate", bench.data_dir.parent / "证明.pdf", fmt="both")
    for blob in (bench.data_dir / "blobs").iterdir():  # old enough for the sweep to look at
        os.utime(blob, (HOUR_AGO, HOUR_AGO))
    planted = _plant(bench.data_dir, _dead_pid(), HOUR_AGO)
    kept_blobs = {p.name for p in (bench.data_dir / "blobs").iterdir()} - {p.name for p in planted}
    caplog.set_level(logging.INFO)
    slot = open_slot(bench.data_dir, "zhang", PASSPHRASES["zhang"], wait_for_delay=False)
    first = open_starting(bench.data_dir, "zhang", PASSPHRASES["zhang"], slot)
    try:
        assert isinstance(first, StartingSession) and not first.is_full
        assert [p for p in planted if p.exists()] == []
        assert {p.name for p in (bench.data_dir / "blobs").iterdir()} == kept_blobs
    finally:
        first.close()
    assert any("leftovers swept: 9 items" in r.getMessage() for r in caplog.records)
