"""A full disk (issue 13, must-hold 7): "磁盘空间不足" with the folder named, exit 1,
nothing changed and nothing audited as done; long work checks for room before it starts.

The disk fills where it works everywhere and needs no privilege: the program runs with a
file-size limit (RLIMIT_FSIZE), so every write past it fails (EFBIG, or a short write that
SQLite reports as SQLITE_FULL) in SQLite's own files, the blobs and the outputs alike.
test_tmpfs.py repeats it on a real small file system where one can be mounted."""

from __future__ import annotations

import resource
import shutil
import signal
import subprocess
import sys
from collections import namedtuple
from pathlib import Path

import pytest

from bjstc_desktop.core.errors import MediaError
from tests.faults.conftest import (
    CONTRACT,
    Bench,
    assert_sound,
    audit_count,
    make_peers,
    node_of,
    table_count,
)
from tests.store.xlsx_lists import contracts

LIMITS = (16 << 10, 64 << 10, 256 << 10)  # bytes a program may write into any one file


def _limited(limit: int):  # type: ignore[no-untyped-def]
    def preexec() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed program
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return preexec


def _run_limited(bench: Bench, limit: int, *args: str, user: str = "zhang") -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "bjstc_desktop.cli", *args], env=bench.env(user),
                          capture_output=True, text=True, timeout=180, preexec_fn=_limited(limit))
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


def _counts(bench: Bench) -> dict[str, int]:
    with bench.open("admin") as ws:
        return {"cases": table_count(ws, "cases"), "case_create": audit_count(ws, "case_create"),
                "audited_cases": audit_count(ws, "case_create"),  # imported cases too
                "attachments": table_count(ws, "attachments"), "attach": audit_count(ws, "attachment_add"),
                "imports": audit_count(ws, "import_xlsx"), "backups": audit_count(ws, "backup")}


@pytest.mark.slow
def test_commands_on_a_full_disk_refuse_plainly_and_change_nothing(bench: Bench, tmp_path: Path) -> None:
    big = tmp_path / "scan.pdf"
    big.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 1200)  # 300 KB: more than any limit lets through
    sheet = contracts(tmp_path / "list.xlsx", *(f"2026110108{n:06d}" for n in range(60)))
    usb = tmp_path / "usb"
    usb.mkdir()
    with bench.open() as ws:
        case_id = ws.cases.create("tech_contract", "满盘", CONTRACT).id
    fields = [a for k, v in CONTRACT.items() for a in ("--field", f"{k}={v}")]
    commands = [
        ("zhang", ["case", "new", "--type", "tech_contract", "--title", "满盘立案", *fields]),
        ("zhang", ["case", "attach", case_id, str(big)]),
        ("zhang", ["import", "xlsx", str(sheet), "--profile", "tech_contracts"]),
        ("admin", ["backup", "-o", str(usb / "full.bak")]),
    ]
    refusals = 0
    for limit in LIMITS:
        for user, argv in commands:
            before = _counts(bench)
            proc = _run_limited(bench, limit, *argv, user=user)
            after = _counts(bench)
            assert proc.returncode in (0, 1), (limit, argv, proc.stderr)
            if proc.returncode == 1:
                refusals += 1
                assert "磁盘空间不足" in proc.stderr, (limit, argv, proc.stderr)
                assert str(bench.data_dir) in proc.stderr or str(usb) in proc.stderr, proc.stderr
                if argv[0] != "backup":  # a backup's folder is on the medium: the store may have moved on
                    assert {k: after[k] - before[k] for k in after} == dict.fromkeys(after, 0), (limit, argv)
            # whatever happened, what is there was audited, and what was audited is there
            assert after["cases"] == after["audited_cases"], (limit, argv)
            assert after["attachments"] == after["attach"], (limit, argv)
            assert sorted(p.name for p in usb.iterdir() if not p.name.startswith(".")) == (
                ["full.bak"] if after["backups"] else []), (limit, argv)
            assert_sound(bench, media=[usb])
            for p in usb.iterdir():
                p.unlink()
    assert refusals >= len(commands)  # the smallest limit refuses every command


def _no_room(monkeypatch: pytest.MonkeyPatch) -> None:
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: usage(10 << 30, (10 << 30) - (1 << 20), 1 << 20))


def test_long_work_checks_for_room_before_it_starts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = make_peers(tmp_path)
    with a.open() as ws:
        ws.cases.create("tech_contract", "待发", CONTRACT)
        package = Path(ws.sync.export_package([node_of(b)], tmp_path).path)
    sheet = contracts(tmp_path / "list.xlsx", *(f"2026110108{n:06d}" for n in range(400)))
    with b.open() as ws_b, b.open("admin") as admin:
        before = _counts(b)
        _no_room(monkeypatch)
        for attempt in (lambda: ws_b.sync.import_package(package),
                        lambda: ws_b.imports.run(sheet, "tech_contracts"),
                        lambda: admin.admin.backup(tmp_path / "room.bak")):
            with pytest.raises(MediaError) as err:
                attempt()
            assert "磁盘空间不足" in err.value.zh, err.value.zh
        monkeypatch.undo()
    assert _counts(b) == before and not (tmp_path / "room.bak").exists()


def test_a_full_stick_under_an_xlsx_or_the_e_records_is_disk_full_not_an_internal_error(
        bench: Bench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by test_small_disk.py::test_exports_to_a_full_stick (a real tmpfs, as root):
    a write-only sheet's spool on a full stick fails inside lxml as SerialisationError
    ('IO_ENOSPC'), which reached the officer as 发生内部错误; the e-records export said
    "无法写入 …：No space left on device" (the OS's English in the Chinese message). Both
    are now the one 磁盘空间不足 / Disk full message, and leave nothing on the stick."""
    from lxml import etree

    from bjstc_desktop.ops import archives
    from bjstc_desktop.sheets import xlsx

    usb = tmp_path / "usb"
    usb.mkdir()
    with bench.open() as ws:
        case = ws.cases.create("tech_contract", "满盘导出", CONTRACT)
        ws.workflow.act(case.id, "review")
        ws.workflow.act(case.id, "refuse", "不予登记")
        ws.archives.file(case.id)

        def full(*_args: object, **_kwargs: object) -> None:
            raise etree.SerialisationError("IO_ENOSPC")

        monkeypatch.setattr(xlsx, "_write_sheet", full)
        with pytest.raises(MediaError) as sheet:
            ws.reports.export_cases(usb / "清单.xlsx")
        monkeypatch.undo()

        def no_room(*_args: object, **_kwargs: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(archives, "_write_json", no_room)
        with pytest.raises(MediaError) as records:
            ws.archives.export_records(usb / "电子档案")
    for err in (sheet.value, records.value):
        assert "磁盘空间不足" in err.zh and "No space" not in err.zh and err.en.startswith("Disk full"), err.zh
    assert "电子档案" in records.value.zh
    assert list(usb.iterdir()) == []
