"""The sync commands of design/cli.md: identity export/show, peer trust/list/revoke,
sync export/import/conflicts/resolve, with the JSON keys scripts rely on and the exit
codes (1 refused, 4 integrity); `sync import` shows its progress and Ctrl-C cancels it
cleanly."""

from __future__ import annotations

import json
import signal
import threading
from pathlib import Path
from typing import Any

import pytest

from bjstc_desktop.cli import main as bjstc
from bjstc_desktop.cli import sync as cli_sync
from tests import insider
from tests.conftest import OFFICER_PASS
from tests.sync.conftest import CONTRACT, SEC_PASS, Office, blob_files, dump, send


class Run:
    """`bjstc` in-process."""

    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        self.capsys, self.monkeypatch = capsys, monkeypatch

    def __call__(self, office: Office | None, *args: str, user: str = "zhang") -> tuple[int, str, str]:
        self.monkeypatch.setenv("BJSTC_PASSPHRASE", SEC_PASS if user == "sec" else OFFICER_PASS)
        argv = (["--data-dir", str(office.data_dir), "--user", user] if office else []) + list(args)
        rc = bjstc(argv)
        out, err = self.capsys.readouterr()
        assert "Traceback" not in out + err
        return rc, out, err

    def json(self, office: Office | None, *args: str, user: str = "zhang") -> Any:
        rc, out, err = self(office, *args, "--json", user=user)
        assert rc == 0, err
        return json.loads(out)


def test_the_whole_exchange_from_the_command_line(pair: tuple[Office, Office], tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    a, b = pair
    run = Run(capsys, monkeypatch)
    card = tmp_path / "甲.card"
    doc = run.json(a, "identity", "export", "-o", str(card))
    assert {"node_id", "workstation", "fingerprint", "path"} <= set(doc) and doc["node_id"] == a.node_id
    shown = run.json(None, "identity", "show", str(card))
    assert (shown["node_id"], shown["workstation"], shown["fingerprint"]) == (a.node_id, "甲站", a.fingerprint)
    rc, out, _ = run(None, "identity", "show", str(card))
    assert rc == 0 and a.fingerprint in out

    rc, _, err = run(b, "peer", "trust", str(card), "--fingerprint", a.fingerprint)  # an officer may not
    assert rc == 1 and "安全保密管理员" in err
    rc, _, err = run(b, "peer", "trust", str(card), "--fingerprint", "0000 " * 10, user="sec")
    assert rc == 1 and "指纹不符" in err
    peer = run.json(b, "peer", "trust", str(card), "--fingerprint", a.fingerprint, user="sec")
    assert peer["node_id"] == a.node_id and peer["status"] == "trusted"
    listed = run.json(b, "peer", "list")
    assert [p["node_id"] for p in listed] == [a.node_id] and {"fingerprint", "ceiling", "status"} <= set(listed[0])

    case = a.ws().cases.create("tech_contract", "命令行导出", CONTRACT)
    a.close()
    package = tmp_path / "p1.bjsync"
    exported = run.json(a, "sync", "export", "--to", "乙站", "-o", str(package))
    assert {"package_id", "records", "held_back", "path"} <= set(exported)
    assert (exported["records"], exported["held_back"], exported["path"]) == (1, 0, str(package))
    imported = run.json(b, "sync", "import", str(package))
    assert {"status", "new", "updated", "merged", "conflicts", "held_back"} <= set(imported)
    assert (imported["status"], imported["new"]) == ("imported", 1)
    again = run.json(b, "sync", "import", str(package))
    assert again["status"] == "already_imported"
    rc, out, err = run(b, "sync", "import", str(package))
    assert rc == 0 and "已经导入过" in err

    a.ws().cases.edit(case.id, title="甲改")
    b.ws().cases.edit(case.id, title="乙改")
    for src, dst in ((a, b), (b, a)):
        path = tmp_path / f"{src.name}-{dst.name}.bjsync"
        src.close()
        run.json(src, "sync", "export", "--to", dst.node_id, "-o", str(path))
        rc, out, err = run(dst, "sync", "import", str(path))
        assert rc == 0 and "冲突" in out + err
    conflicts = run.json(b, "sync", "conflicts")
    assert len(conflicts) == 1 and {"id", "case_id", "field", "mine", "theirs"} <= set(conflicts[0])
    assert (conflicts[0]["field"], conflicts[0]["mine"], conflicts[0]["theirs"]) == ("title", "乙改", "甲改")
    resolved = run.json(b, "sync", "resolve", conflicts[0]["id"], "--take", "theirs")
    assert resolved["next"] is None
    assert run.json(b, "sync", "conflicts") == []
    assert run.json(b, "case", "show", case.id)["title"] == "甲改"

    revoked = run.json(b, "peer", "revoke", a.node_id, user="sec")
    assert revoked["status"] == "revoked"
    late = tmp_path / "late.bjsync"
    run.json(a, "sync", "export", "--to", b.node_id, "-o", str(late))
    rc, _, err = run(b, "sync", "import", str(late))
    assert rc == 4 and "撤销" in err


def test_usage_errors_and_unknown_peers(pair: tuple[Office, Office], tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    a, _ = pair
    run = Run(capsys, monkeypatch)
    rc, _, err = run(a, "sync", "export", "-o", str(tmp_path / "x"))
    assert rc == 2
    rc, _, err = run(a, "sync", "export", "--to", "nobody", "-o", str(tmp_path / "x"))
    assert rc == 1 and "nobody" in err
    rc, _, err = run(None, "identity", "show", str(tmp_path / "missing.card"))
    assert rc == 1
    (tmp_path / "bad.card").write_text("{}\n")
    rc, _, err = run(None, "identity", "show", str(tmp_path / "bad.card"))
    assert rc == 4 and "身份卡无效" in err


def test_init_chooses_the_suite_and_the_card_and_export_name_it(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    run = Run(capsys, monkeypatch)
    data = tmp_path / "国密站"
    rc, _, err = run(None, "--data-dir", str(data), "init", "--workstation", "国密站", "--admin", "admin",
                     "--suite", "sm9")
    assert rc == 2 and "--suite" in err and not data.exists()
    doc = run.json(None, "--data-dir", str(data), "init", "--workstation", "国密站", "--admin", "admin",
                   "--suite", "gm")
    assert json.loads(insider.workstation_text(data))["sync_suites"] == ["gm-1", "intl-1"]
    office = Office("国密站", data, doc["node_id"], doc["fingerprint"])
    card = tmp_path / "国密站.card"
    shown = run.json(office, "identity", "export", "-o", str(card), user="admin")
    assert shown["suites"] == ["gm-1", "intl-1"] and shown["fingerprint"] == doc["fingerprint"]
    assert len(shown["gm_key_id"]) == 16 and shown["gm_key_id"] != shown["key_id"]
    rc, out, _ = run(None, "identity", "show", str(card))
    assert rc == 0 and "gm-1、intl-1" in out


def _package(pair: tuple[Office, Office], tmp_path: Path, cases: int = 3) -> Path:
    a, b = pair
    for n in range(cases):
        a.ws().cases.create("tech_contract", f"命令行进度{n}", CONTRACT)
    package = send(a, b, tmp_path / "usb")
    a.close()
    return package


def test_sync_import_shows_its_progress_on_stderr(pair: tuple[Office, Office], tmp_path: Path, capsys,
                                                 monkeypatch) -> None:  # type: ignore[no-untyped-def]
    package = _package(pair, tmp_path)
    run = Run(capsys, monkeypatch)
    rc, out, err = run(pair[1], "sync", "import", str(package))  # stderr is no terminal here: no progress
    assert rc == 0 and "读取并核验同步包" not in err and "合并记录" not in err
    package = _package(pair, tmp_path / "again", cases=2)
    rc, out, err = run(pair[1], "--lang", "en", "sync", "import", "--progress", str(package))
    assert rc == 0, err
    lines = err.splitlines()
    reading = [line for line in lines if line.startswith("Reading and checking the package: ")]
    merging = [line for line in lines if line.startswith("Merging the records: ")]
    assert reading and reading[-1].startswith("Reading and checking the package: 100% (")
    assert merging[-1] == "Merging the records: 2 of 2" and lines.index(reading[-1]) < lines.index(merging[0])
    assert len(reading) <= 11 and len(merging) <= 11  # a line per tenth at most, not one per chunk
    assert "total\t2\t" in out


@pytest.mark.parametrize(("how", "lang"), [("ctrl-c", "zh"), ("ctrl-c", "en"), ("interrupt", "zh")])
def test_ctrl_c_during_sync_import_cancels_it_and_changes_nothing(
        pair: tuple[Office, Office], tmp_path: Path, capsys, monkeypatch, how: str, lang: str,
        request: pytest.FixtureRequest) -> None:  # type: ignore[no-untyped-def]
    """Ctrl-C as the officer presses it (SIGINT, caught as a cancel the import checks at
    its next step) and as a KeyboardInterrupt raised inside the import: exit 1, the plain
    message, the store as it was."""
    package = _package(pair, tmp_path)
    b = pair[1]
    before, files = dump(b, skip=()), blob_files(b)
    b.close()
    say = cli_sync._say_progress
    # a terminal's Ctrl-C (under nohup, as in CI, SIGINT starts ignored and would stay so)
    terminal = signal.signal(signal.SIGINT, signal.default_int_handler)
    request.addfinalizer(lambda: signal.signal(signal.SIGINT, terminal))

    def pressed_ctrl_c(phase: str, done: int, total: int) -> None:
        say(phase, done, total)
        if phase == "merge":  # everything read and stored in the transaction: the latest moment to cancel
            if how == "interrupt":
                raise KeyboardInterrupt
            assert threading.current_thread() is threading.main_thread()  # where the terminal's SIGINT lands
            signal.raise_signal(signal.SIGINT)

    monkeypatch.setattr(cli_sync, "_say_progress", pressed_ctrl_c)
    rc, out, err = Run(capsys, monkeypatch)(b, "--lang", lang, "sync", "import", "--progress", str(package))
    said = {"zh": "已取消导入同步包，未导入任何内容。", "en": "The package import was cancelled; nothing was imported."}
    assert rc == 1 and err.splitlines()[-1] == said[lang] and out == ""
    assert ("合并记录" if lang == "zh" else "Merging the records") in err  # it had got that far
    after = dump(b, skip=())
    assert len(after["cases"]) == len(before["cases"])  # the 3 cases did not come in
    added = [event for event in after["audit_events"] if event not in before["audit_events"]]
    assert [(e[3], e[4]) for e in added] == [("zhang", "unlock"), ("admin", "unlock")]  # the CLI's login, this check's
    assert all(event in after["audit_events"] for event in before["audit_events"])  # the chain only grew by those
    del after["audit_events"], before["audit_events"]
    for table in (after, before):  # a hub's record of who wrote each event grows with the trail
        table.pop("hub_audit_origin", None)
    assert after == before and blob_files(b) == files
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # Ctrl-C is the terminal's again
    b.close()
    rc, _, err = Run(capsys, monkeypatch)(b, "sync", "import", str(package))
    assert rc == 0 and "已导入" in err


def test_a_command_started_with_sigint_ignored_keeps_it_ignored() -> None:
    """Under nohup or as a background job SIGINT starts ignored: a long command then runs
    to its end, and is not made cancellable behind the back of whoever started it."""
    from bjstc_desktop.cli.common import interruptible

    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        seen = interruptible(lambda cancelled: (signal.getsignal(signal.SIGINT), cancelled()))
        assert seen == (signal.SIG_IGN, False)
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        signal.signal(signal.SIGINT, signal.default_int_handler)
        inside = interruptible(lambda _cancelled: signal.getsignal(signal.SIGINT))
        assert inside not in (signal.SIG_IGN, signal.default_int_handler)  # a terminal's Ctrl-C becomes a cancel
    finally:
        signal.signal(signal.SIGINT, before)
