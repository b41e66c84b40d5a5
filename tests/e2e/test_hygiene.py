"""Issue 11 finding 11 (hygiene): no typed user name in plain anywhere; the files of a
workstation readable by their owner only; a passphrase policy with plain reasons;
control and bidi characters refused at input and never echoed raw; every number and
rule value range-checked with a plain message instead of an internal error."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from bjstc_desktop.store import authlog
from tests import insider
from tests.cli.test_cli import Cli
from tests.conftest import ADMIN_PASS, OFFICER_PASS, Station
from tests.store.xlsx_lists import CONTRACT_HEADERS, contract_row, write_xlsx

CONTRACT = ("--type", "tech_contract", "--field", "contract_type=技术服务", "--field", "seller=北京卫生科技有限公司",
            "--field", "seller_uscc=91110000600037341L", "--field", "contract_amount=20万", "--field", "tech_amount=10万")


@pytest.fixture
def cli(station: Station, capsys, monkeypatch) -> Cli:  # type: ignore[no-untyped-def]
    return Cli(station.data_dir, capsys, monkeypatch)


def _plain_files(data_dir: Path) -> dict[Path, bytes]:
    """Every file of the data folder that is not encrypted (store.db, its WAL and the blobs are)."""
    return {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()
            and not p.name.startswith("store.db") and p.parent.name != "blobs"}


# ----- typed user names ----------------------------------------------------------------------
def test_typed_user_names_are_never_written_in_plain(cli: Cli, station: Station) -> None:
    typed = ("my secret passphrase 9", "zhang", "张三丰")
    for name in typed:
        rc, _, _ = cli("info", user=name, passphrase="wrong wrong wrong 1")
        assert rc == 3
    for path, data in _plain_files(station.data_dir).items():
        for name in typed[:1] + typed[2:]:
            assert name.encode("utf-8") not in data, path
    failures = json.loads((station.data_dir / "auth-failures.json").read_text(encoding="utf-8"))
    assert "zhang" not in json.dumps(failures) and len(failures["failures"]) == 3
    # ... and the growing delay still applies to the name typed, before any unlock
    cli("info", user="zhang", passphrase="wrong wrong wrong 2")
    cli("info", user="zhang", passphrase="wrong wrong wrong 3")
    assert authlog.pending_delay(station.data_dir, "zhang") > 0
    assert authlog.pending_delay(station.data_dir, "lisi") == 0


# ----- file modes ----------------------------------------------------------------------------
def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_workstation_files_are_readable_by_their_owner_only(cli: Cli, station: Station, tmp_path: Path) -> None:
    rc, out, _ = cli("case", "new", "--title", "附件权限测试", *CONTRACT, "--json")
    case_id = json.loads(out)["id"]
    (tmp_path / "附件.txt").write_text("内容", encoding="utf-8")
    assert cli("case", "attach", case_id, str(tmp_path / "附件.txt"))[0] == 0
    cli("info", user="zhang", passphrase="wrong wrong wrong 1")
    files = [station.data_dir / n for n in ("workstation.json", "store.db", "auth-failures.json")]
    files += list((station.data_dir / "blobs").iterdir()) + list((station.data_dir / "logs").iterdir())
    assert any(p.parent.name == "blobs" for p in files) and any(p.parent.name == "logs" for p in files)
    assert {str(p.relative_to(station.data_dir)): oct(_mode(p)) for p in files if _mode(p) & 0o077} == {}
    assert _mode(station.data_dir) & 0o077 == 0


def test_backups_are_readable_by_their_owner_only(cli: Cli, tmp_path: Path) -> None:
    rc, _, err = cli("backup", "-o", str(tmp_path / "站.bak"), user="admin", passphrase=ADMIN_PASS)
    assert rc == 0, err
    assert _mode(tmp_path / "站.bak") == 0o600


# ----- the passphrase policy -----------------------------------------------------------------
@pytest.mark.parametrize(("new", "reason"), [
    ("aaaaaaaaaa", "同一个字符"), ("short 1", "太短"), ("1234567890", "连续"), ("abcdeabcde", "重复"),
    ("ababababab", "不同的字符太少"), ("passphrasewithoutkinds", "两类字符"), ("今天天气很好我们出去走走吧", "两类字符"),
])
def test_a_weak_new_passphrase_is_refused_with_a_plain_reason(cli: Cli, new: str, reason: str) -> None:
    rc, _, err = cli("user", "passwd", "zhang", new=new)
    assert rc == 1 and reason in err
    assert cli("info")[0] == 0  # the old passphrase still works


# ----- control and bidi characters -----------------------------------------------------------
ESC, BEL, RLO = "\x1b[2J", "\x07", "\u202e"


@pytest.mark.parametrize("bad", [ESC, BEL, RLO, "\u200b", "\u2066"])
def test_control_characters_in_a_title_are_refused_and_named(cli: Cli, bad: str) -> None:
    rc, _, err = cli("case", "new", "--title", f"合同{bad}标题", *CONTRACT)
    assert rc == 1 and f"U+{ord(bad[0]):04X}" in err and "控制字符" in err
    assert cli.json("case", "list") == []


def test_control_characters_are_refused_in_every_text_an_officer_types(cli: Cli, station: Station,
                                                                       tmp_path: Path) -> None:
    rc, out, _ = cli("case", "new", "--title", "正常标题", *CONTRACT, "--json")
    case_id = json.loads(out)["id"]
    attempts = [
        ("case", "new", "--title", "正常", *CONTRACT[:-2], "--field", f"tech_amount=10万{RLO}"),
        ("case", "new", "--title", "正常", *CONTRACT, "--field", f"project_name=项目{ESC}"),
        ("case", "edit", case_id, "--title", f"改{BEL}"),
        ("case", "edit", case_id, "--field", f"seller=北京{RLO}科技"),
        ("case", "act", case_id, "accept", "--opinion", f"同意{ESC}受理"),
    ]
    for args in attempts:
        rc, _, err = cli(*args)
        assert rc == 1 and "U+" in err, args
    admin = [("user", "add", f"wang{RLO}", "--role", "officer"), ("rules", "tech_contract.decision_days", "3",
             "--basis", f"依据{ESC}"), ("calendar", "set-year", "2031", "--holiday", f"2031-01-01:2031-01-01:元旦{BEL}",
             "--source", "国办发明电〔2030〕1号")]
    for args in admin:
        rc, _, err = cli(*args, user="admin", passphrase=ADMIN_PASS, new="wang passphrase 1")
        assert rc == 1 and "U+" in err, args
    bad_file = tmp_path / f"invoice{RLO}fdp.exe"
    bad_file.write_bytes(b"x")
    rc, _, err = cli("case", "attach", case_id, str(bad_file))
    assert rc == 1 and "U+202E" in err
    show = cli.json("case", "show", case_id)
    assert show["title"] == "正常标题" and show["state"] == json.loads(out)["state"]


def test_an_imported_row_with_a_bidi_override_is_refused(cli: Cli, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "list.xlsx", CONTRACT_HEADERS,
                      [contract_row("1101234567890123"), contract_row("1101234567890124", name=f"冰雪{RLO}合同")])
    rc, out, _ = cli("import", "xlsx", str(path), "--profile", "tech_contracts", "--json")
    doc = json.loads(out)
    assert rc == 1 and [p["row"] for p in doc["problems"]] == [3] and "U+202E" in json.dumps(doc, ensure_ascii=False)
    assert cli.json("case", "list", "--module", "market") == []


def test_stored_control_characters_are_never_echoed_raw(cli: Cli, station: Station) -> None:
    """Text that got in before this check (or by another way) is shown escaped, in every
    listing, and the JSON documents still carry the same string."""
    rc, out, _ = cli("case", "new", "--title", "旧数据", *CONTRACT, "--json")
    case_id = json.loads(out)["id"]
    key = insider.data_key(station.data_dir, "zhang", OFFICER_PASS)
    insider.sql(station.data_dir, key, "UPDATE cases SET title = ? WHERE id = ?",
                params=(f"旧{ESC}数据{BEL}{RLO}cod.exe", case_id))
    for args in (("case", "list"), ("case", "show", case_id), ("search", "旧"), ("case", "due")):
        rc, out, err = cli(*args)
        assert rc == 0
        assert "\x1b" not in out + err and "\x07" not in out + err and RLO not in out + err, args
    rc, out, _ = cli("case", "list")
    assert "\\u001b[2J" in out and "\\u202e" in out
    assert cli.json("case", "list")[0]["title"] == f"旧{ESC}数据{BEL}{RLO}cod.exe"


# ----- numbers and rule values ---------------------------------------------------------------
def test_huge_numbers_get_a_plain_message_not_an_internal_error(cli: Cli) -> None:
    cases = [
        ("case", "new", "--title", "天价合同", *CONTRACT[:-4], "--field", "contract_amount=" + "1" + "0" * 23 + "万",
         "--field", "tech_amount=10万"),
        ("case", "new", "--type", "normative_doc", "--title", "意见征集", "--field", "comments_received=" + "9" * 30),
        ("case", "new", "--title", "远期合同", *CONTRACT, "--field", "signed_on=9999-12-31"),
        ("calendar", "add-workdays", "2026-01-01", str(10**20)),
    ]
    for args in cases:
        rc, out, err = cli(*args)
        assert rc in (1, 2) and "内部错误" not in err, (args, err)
    for args in (("rules", "tech_contract.decision_days", str(10**20)), ("settings", "due_soon_workdays", str(10**20)),
                 ("rules", "tech_contract.decision_days", "1e400")):
        rc, _, err = cli(*args, user="admin", passphrase=ADMIN_PASS)
        assert rc == 1 and "内部错误" not in err and ("过大" in err or "整数" in err), (args, err)
    assert cli.json("case", "list") == []
