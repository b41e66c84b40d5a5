"""The sync commands of design/cli.md: identity export/show, peer trust/list/revoke,
sync export/import/conflicts/resolve, with the JSON keys scripts rely on and the exit
codes (1 refused, 4 integrity)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bjstc_desktop.cli import main as bjstc
from tests.conftest import OFFICER_PASS
from tests.sync.conftest import CONTRACT, SEC_PASS, Office


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

    case = a.ws().create_case("tech_contract", "命令行导出", CONTRACT)
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

    a.ws().edit_case(case.id, title="甲改")
    b.ws().edit_case(case.id, title="乙改")
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
    assert json.loads((data / "workstation.json").read_text(encoding="utf-8"))["sync_suites"] == ["gm-1", "intl-1"]
    office = Office("国密站", data, doc["node_id"], doc["fingerprint"])
    card = tmp_path / "国密站.card"
    shown = run.json(office, "identity", "export", "-o", str(card), user="admin")
    assert shown["suites"] == ["gm-1", "intl-1"] and shown["fingerprint"] == doc["fingerprint"]
    assert len(shown["gm_key_id"]) == 16 and shown["gm_key_id"] != shown["key_id"]
    rc, out, _ = run(None, "identity", "show", str(card))
    assert rc == 0 and "gm-1、intl-1" in out
