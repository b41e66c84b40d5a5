"""The `bjstc` contract of design/cli.md: commands, JSON keys, exit codes, languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bjstc_desktop.cli import main as bjstc
from tests.conftest import ADMIN_PASS, OFFICER_PASS, Station


class Cli:
    """Runs `bjstc` in-process against one data dir."""

    def __init__(self, data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        self.data_dir, self.capsys, self.monkeypatch = data_dir, capsys, monkeypatch

    def __call__(self, *args: str, user: str | None = "zhang", passphrase: str | None = OFFICER_PASS,
                 new: str | None = None, lang: str | None = None) -> tuple[int, str, str]:
        for var, value in (("BJSTC_PASSPHRASE", passphrase), ("BJSTC_NEW_PASSPHRASE", new), ("BJSTC_LANG", lang)):
            if value is None:
                self.monkeypatch.delenv(var, raising=False)
            else:
                self.monkeypatch.setenv(var, value)
        argv = ["--data-dir", str(self.data_dir)] + (["--user", user] if user else []) + list(args)
        rc = bjstc(argv)
        out, err = self.capsys.readouterr()
        assert "Traceback" not in out + err
        return rc, out, err

    def json(self, *args: str, **kw: str | None) -> object:
        rc, out, err = self(*args, "--json", **kw)
        assert rc == 0, err
        return json.loads(out)


@pytest.fixture
def cli(station: Station, capsys, monkeypatch) -> Cli:  # type: ignore[no-untyped-def]
    return Cli(station.data_dir, capsys, monkeypatch)


def test_init_prints_the_recovery_code_once_and_refuses_a_second_init(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    c = Cli(tmp_path / "new", capsys, monkeypatch)
    monkeypatch.setenv("BJSTC_SECADMIN_PASSPHRASE", "sec passphrase 1")
    monkeypatch.setenv("BJSTC_AUDITOR_PASSPHRASE", "auditor passphrase 1")
    rc, out, _ = c("init", "--workstation", "技术市场处一号机", "--admin", "admin", "--office", "技术市场处",
                   "--ceiling", "机密", "--secadmin", "sec", "--auditor", "shen", user=None, passphrase=ADMIN_PASS)
    assert rc == 0
    assert "恢复码" in out and "指纹" in out
    code = next(line for line in out.splitlines() if line.startswith("恢复码")).split("：")[-1].strip()
    assert len(code.replace("-", "")) == 30
    assert c.json("audit", "verify", user="shen", passphrase="auditor passphrase 1")["ok"] is True
    rc, _, err = c("init", "--workstation", "x", "--admin", "admin", user=None, passphrase=ADMIN_PASS)
    assert rc == 1 and "已经有一个工作站" in err
    info = c.json("info", user="admin", passphrase=ADMIN_PASS)
    assert code not in json.dumps(info)
    assert info["ceiling"] == "机密"


def test_info_has_the_keys_scripts_rely_on(cli: Cli) -> None:
    info = cli.json("info")
    assert {"node_id", "workstation", "fingerprint", "schema_version", "ceiling", "counts"} <= set(info)
    from bjstc_desktop.store.migrate import head_revision

    assert len(info["counts"]) == 13 and info["schema_version"] == head_revision()


def test_modules_lists_13_modules_with_types_fields_states_actions(cli: Cli) -> None:
    mods = cli.json("modules")
    assert [m["number"] for m in mods] == list(range(1, 14))
    assert mods[6]["code"] == "market" and mods[6]["name"] == "技术市场、奖励、保密与科普"
    tc = next(t for t in mods[6]["case_types"] if t["code"] == "tech_contract")
    assert {"key", "label", "kind"} <= set(tc["fields"][0])
    assert tc["states"] and tc["actions"]


def test_case_new_list_show_edit_search(cli: Cli) -> None:
    created = cli.json("case", "new", "--type", "tech_contract", "--title", "北京冰雪科技有限公司技术开发合同",
                       "--field", "contract_type=技术开发", "--field", "seller=北京冰雪科技有限公司",
                       "--field", "seller_uscc=91110000600037341L", "--field", "contract_amount=150万",
                       "--field", "tech_amount=1,200,000.00")
    assert {"id", "case_no", "type", "module", "title", "state", "classification", "fields", "due"} <= set(created)
    assert created["case_no"].startswith("技合〔") and created["fields"]["contract_amount"] == 150_000_000
    assert created["fields"]["tech_amount"] == 120_000_000
    listed = cli.json("case", "list", "--module", "market")
    assert [c["id"] for c in listed] == [created["id"]]
    shown = cli.json("case", "show", created["case_no"])
    assert shown["parties"] == [{"role": "卖方", "name": "北京冰雪科技有限公司", "uscc": "91110000600037341L"}]
    edited = cli.json("case", "edit", created["id"], "--field", "signed_on=2026年3月1日")
    assert edited["fields"]["signed_on"] == "2026-03-01"
    assert [c["id"] for c in cli.json("search", "冰雪")] == [created["id"]]
    assert cli.json("search", "冰雪", "--module", "policy") == []


def test_bad_input_gets_a_plain_message_exit_1_and_changes_nothing(cli: Cli, station: Station) -> None:
    rc, _, err = cli("case", "new", "--type", "tech_contract", "--title", "坏合同", "--field", "contract_type=技术开发",
                     "--field", "seller=x", "--field", "seller_uscc=91110000600037341X",
                     "--field", "contract_amount=1", "--field", "tech_amount=1")
    assert rc == 1 and "校验" in err
    rc, _, err = cli("case", "new", "--type", "no_such_type", "--title", "x")
    assert rc == 1 and "no_such_type" in err
    assert cli.json("case", "list") == []


def test_usage_errors_exit_2(cli: Cli) -> None:
    rc, _, err = cli("case", "new", "--title", "缺类型")
    assert rc == 2 and "用法错误" in err
    rc, _, _ = cli("case", "new", "--type", "tech_contract", "--title", "x", "--field", "novalue")
    assert rc == 2
    rc, _, _ = cli("nonsense")
    assert rc == 2


def test_wrong_passphrase_exits_3_in_chinese_and_english(cli: Cli) -> None:
    rc, _, err = cli("info", passphrase="wrong passphrase")
    assert rc == 3 and "口令不正确" in err
    rc, _, err = cli("info", passphrase="wrong passphrase", lang="en")
    assert rc == 3 and "Wrong user name or passphrase" in err


def test_user_add_and_passwd(cli: Cli) -> None:
    rc, _, err = cli("user", "add", "wang", "--role", "approver", "--clearance", "内部", "--modules", "market",
                     user="admin", passphrase=ADMIN_PASS, new="wang passphrase")
    assert rc == 0, err
    assert cli.json("info", user="wang", passphrase="wang passphrase")["role"] == "approver"
    rc, _, _ = cli("user", "passwd", "wang", user="wang", passphrase="wang passphrase", new="wang new passphrase")
    assert rc == 0
    rc, _, _ = cli("info", user="wang", passphrase="wang passphrase")
    assert rc == 3
    rc, _, err = cli("user", "add", "li", "--role", "officer", new="li passphrase 1")
    assert rc == 1 and "系统管理员" in err


@pytest.mark.embedded_only("a workstation's backup file holds store.db; a hub is backed up by its server "
                           "(tests/cli/test_hub_cli.py: bjstc backup refuses a hub)")
def test_backup_and_restore(cli: Cli, station: Station, tmp_path: Path) -> None:
    created = cli.json("case", "new", "--type", "hnte", "--title", "备份前的高企认定", "--field", "enterprise=北京一号公司",
                       "--field", "enterprise_uscc=91110000600037341L")
    out = tmp_path / "ws.bak"
    rc, _, err = cli("backup", "-o", str(out), user="admin", passphrase=ADMIN_PASS)
    assert rc == 0, err
    rc, _, err = cli("backup", "-o", str(tmp_path / "x.bak"))
    assert rc == 1  # officers do not make backups

    not_backup = tmp_path / "not.bak"
    not_backup.write_bytes(b"PK\x03\x04 definitely a zip")
    rc, _, err = cli("restore", str(not_backup), user="admin", passphrase=ADMIN_PASS)
    assert rc == 4 and "不是本程序的备份文件" in err

    altered = tmp_path / "altered.bak"
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x01
    altered.write_bytes(bytes(data))
    rc, _, err = cli("restore", str(altered), user="admin", passphrase=ADMIN_PASS)
    assert rc == 4

    cli.json("case", "new", "--type", "hnte", "--title", "备份后的案件", "--field", "enterprise=北京二号公司",
             "--field", "enterprise_uscc=91110000600037341L")
    before = (station.data_dir / "store.db").read_bytes()
    rc, _, err = cli("restore", str(out), user="admin", passphrase=ADMIN_PASS)
    assert rc == 1 and "--yes" in err
    assert (station.data_dir / "store.db").read_bytes() == before

    rc, _, err = cli("restore", str(out), "--yes", user="admin", passphrase=ADMIN_PASS)
    assert rc == 0, err
    titles = [c["title"] for c in cli.json("case", "list")]
    assert titles == ["备份前的高企认定"] and created["title"] in titles
    assert list((station.data_dir / "backups").glob("replaced-*/store.db"))

    fresh = tmp_path / "fresh"
    rc, _, err = Cli(fresh, cli.capsys, cli.monkeypatch)("restore", str(out), user="admin", passphrase=ADMIN_PASS)
    assert rc == 0, err
    rc, _, _ = Cli(fresh, cli.capsys, cli.monkeypatch)("restore", str(out), user="admin", passphrase="bad passphrase")
    assert rc == 3


def test_case_act_actions_and_due(cli: Cli) -> None:
    created = cli.json("case", "new", "--type", "hnte", "--title", "命令行办理", "--field", "enterprise=北京一号公司",
                       "--field", "enterprise_uscc=91110000600037341L")
    actions = cli.json("case", "actions", created["id"])
    assert [a["action"] for a in actions] == ["examine"]
    done = cli.json("case", "act", created["id"], "examine")
    assert (done["from_state"], done["to_state"]) == ("收件", "形式审查")
    rc, _, err = cli("case", "act", created["id"], "request_supplement")
    assert rc == 1 and "意见" in err
    rc, _, err = cli("case", "act", created["id"], "archive")
    assert rc == 1 and "当前处于" in err
    due = cli.json("case", "due")
    assert [c["id"] for c in due] == [created["id"]] and due[0]["due_status"] in ("normal", "due_soon", "due_today")


def test_after_an_administrators_reset_nothing_works_until_the_officer_sets_their_own(cli: Cli) -> None:
    rc, _, err = cli("user", "passwd", "zhang", user="admin", passphrase=ADMIN_PASS, new="reset by admin 1")
    assert rc == 0, err
    rc, out, err = cli("case", "list", passphrase="reset by admin 1")
    assert rc == 3 and "系统管理员重置了 zhang 的口令" in err and "bjstc user passwd zhang" in err
    assert out == ""
    rc, _, err = cli("user", "passwd", "zhang", passphrase="reset by admin 1", new="zhang's own passphrase")
    assert rc == 0, err
    assert cli.json("case", "list", passphrase="zhang's own passphrase") == []
    rc, _, _ = cli("case", "list", passphrase="reset by admin 1")
    assert rc == 3  # the administrator's passphrase no longer opens zhang's slot


def test_letters_and_sync_commands_also_wait_for_the_new_passphrase(cli: Cli) -> None:
    cli("user", "passwd", "zhang", user="admin", passphrase=ADMIN_PASS, new="reset by admin 1")
    for args in (("letter", "list"), ("peer", "list")):
        rc, _, err = cli(*args, passphrase="reset by admin 1")
        assert rc == 3 and "bjstc user passwd zhang" in err, args


def test_demo_with_an_approver_takes_the_moves_an_officer_may_not(cli: Cli, station: Station, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from bjstc_desktop.core.classification import Level
    from bjstc_desktop.core.modules import MODULE_CODES
    from bjstc_desktop.core.roles import Role
    from bjstc_desktop.store.models import AuditEvent

    with station.open("admin", ADMIN_PASS) as admin:
        admin.accounts.add("li", Role.APPROVER, "li's own passphrase", Level.SECRET, frozenset(MODULE_CODES))
    monkeypatch.setenv("BJSTC_APPROVER_PASSPHRASE", "li's own passphrase")
    rc, _, err = cli("demo", "--cases", "74", "--approver", "li")
    assert rc == 0, err
    with station.open() as ws, ws.store.read() as s:
        by_li = s.execute(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.actor_name == "li", AuditEvent.action == "case_act")).scalar_one()
    assert by_li >= 3  # approvals and extensions, which zhang alone could never make
    monkeypatch.setenv("BJSTC_APPROVER_PASSPHRASE", "wrong")
    rc, _, err = cli("demo", "--cases", "1", "--approver", "li")
    assert rc == 3


def test_case_show_and_actions_speak_english_with_labels_never_keys(cli: Cli) -> None:
    """Issue 12: the English officer reads labels, states, steps and check names in
    English (`tech_amount ... must not exceed contract_amount` was shown), and may type a
    code-table value in English."""
    created = cli.json("case", "new", "--type", "tech_contract", "--title", "北京冰雪科技有限公司技术开发合同",
                       "--field", "contract_type=Technology development", "--field", "seller=北京冰雪科技有限公司",
                       "--field", "seller_uscc=91110000600037341L", "--field", "contract_amount=150万",
                       "--field", "tech_amount=1,200,000.00", lang="en")
    assert created["fields"]["contract_type"] == "技术开发"  # stored as the code table has it
    rc, out, err = cli("case", "show", created["id"], lang="en")
    assert rc == 0, err
    assert "Type: Technology contract registration  State: Accepted  Classification: Public" in out
    assert "Contract type: Technology development" in out and "Contract amount: 1,500,000.00 yuan" in out
    assert "Registered" in out and "Technology transaction amount within contract amount" in out
    body = out.replace(created["case_no"], "").replace("北京冰雪科技有限公司技术开发合同", "").replace("北京冰雪科技有限公司", "")
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in body), body
    assert "contract_amount" not in out and "tech_amount" not in out
    rc, out, _ = cli("case", "actions", created["id"], lang="en")
    assert rc == 0 and "review\tVerify → Under verification" in out
    rc, _, err = cli("case", "edit", created["id"], "--field", "tech_amount=2,000,000.00", lang="en")
    assert rc == 1 and "Technology transaction amount" in err and "tech_amount" not in err
