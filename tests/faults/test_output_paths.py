"""Output paths (issue 13, must-hold 5): with no USB stick mounted, `-o /media/usb/` (a
path ending in a separator, or naming a folder that is not there) is refused with a plain
message, for every command that writes a file: nothing is written on the system disk,
nothing is audited, and the command says why."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bjstc_desktop.cli import main as bjstc
from bjstc_desktop.core.errors import MediaError
from bjstc_desktop.store.models import AuditEvent
from tests.faults.conftest import CONTRACT, PASSPHRASES, Bench, make_peers, node_of

NO_FOLDER = "目标文件夹不存在，请检查移动存储介质是否已插入"


def _run(bench: Bench, user: str, *args: str, capsys: pytest.CaptureFixture[str],
         monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setenv("BJSTC_PASSPHRASE", PASSPHRASES[user])
    rc = bjstc(["--data-dir", str(bench.data_dir), "--user", user, *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return rc, err


def _events(bench: Bench) -> int:
    """Audit events other than unlocks (looking unlocks too)."""
    with bench.open("admin") as ws, ws.store.read() as s:
        return s.execute(select(func.count()).select_from(AuditEvent).where(AuditEvent.action != "unlock")).scalar_one()


def _commands(a: Bench, b: Bench, case_id: str) -> list[tuple[str, list[str]]]:
    """(user, argv with OUT where the output path goes) for each command that writes a file."""
    return [
        ("zhang", ["sync", "export", "--to", node_of(b), "-o", "OUT"]),
        ("zhang", ["letter", case_id, "tech_contract_certificate", "-o", "OUT"]),
        ("admin", ["backup", "-o", "OUT"]),
        ("zhang", ["export", "cases", "--out", "OUT"]),
        ("shen", ["audit", "export", "-o", "OUT"]),
        ("zhang", ["identity", "export", "-o", "OUT"]),
    ]


@pytest.mark.slow
def test_a_missing_folder_is_refused_by_every_command_that_writes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = make_peers(tmp_path)
    with a.open() as ws:
        case_id = ws.cases.create("tech_contract", "输出路径", {**CONTRACT, "registered_on": "2026-03-05"}).id
    media = tmp_path / "media"
    media.mkdir()
    for user, argv in _commands(a, b, case_id):
        for out in (f"{media / 'usb'}{os.sep}", str(media / "usb" / "file.xlsx")):
            before = _events(a)
            rc, err = _run(a, user, *[out if x == "OUT" else x for x in argv], capsys=capsys, monkeypatch=monkeypatch)
            assert rc == 1, (argv, out, err)
            assert NO_FOLDER in err and str(media / "usb") in err, (argv, err)
            assert list(media.iterdir()) == [], (argv, out)  # no file named "usb" on the system disk
            assert _events(a) == before, argv  # refused before anything was unlocked or written


def test_a_folder_that_exists_still_takes_a_package(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = make_peers(tmp_path)
    usb = tmp_path / "usb"
    usb.mkdir()
    rc, err = _run(a, "zhang", "sync", "export", "--to", node_of(b), "-o", f"{usb}{os.sep}", capsys=capsys,
                   monkeypatch=monkeypatch)
    assert rc == 0, err
    assert [p.suffix for p in usb.iterdir()] == [".bjsync"]


def test_the_programs_own_calls_say_the_same(bench: Bench, tmp_path: Path) -> None:
    """The GUI calls the operations with paths it built: the same check, the same words."""
    missing = tmp_path / "usb" / "x.bak"
    with bench.open("admin") as ws, pytest.raises(MediaError) as err:
        ws.admin.backup(missing)
    assert NO_FOLDER in err.value.zh
    with bench.open("shen") as ws, pytest.raises(MediaError) as err:
        ws.admin.export_audit(missing)
    assert NO_FOLDER in err.value.zh
    assert not (tmp_path / "usb").exists()
