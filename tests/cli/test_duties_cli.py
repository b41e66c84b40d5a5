"""`bjstc expert`, `bjstc integrity` and `bjstc archive`: JSON documents, messages and
exit codes, end to end on one HNTE case (draw, score, leave 专家评审, letters, filing)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import Cli
from tests.conftest import ADMIN_PASS, Station
from tests.store.duty_seed import APPLICANT, HNTE, id_number, uscc


@pytest.fixture
def cli(station: Station, capsys, monkeypatch) -> Cli:  # type: ignore[no-untyped-def]
    return Cli(station.data_dir, capsys, monkeypatch)


def _expert(cli: Cli, i: int, category: str, code: str) -> str:
    doc = cli.json("expert", "add", "--field", f"name=专家{i}", "--field", f"id_number={id_number(i)}",
                   "--field", f"employer=单位{i}", "--field", f"employer_uscc={uscc(i)}",
                   "--field", f"disciplines={code}", "--field", f"category={category}")
    return doc["id"]


def test_expert_pool_panel_and_letters_by_command(cli: Cli, tmp_path: Path) -> None:
    for i in range(5):
        _expert(cli, 100 + i, "技术专家", "520")
    _expert(cli, 200, "财务专家", "790")
    listed = cli.json("expert", "list")
    assert len(listed) == 6 and all("*" in e["id_number"] for e in listed)
    assert cli.json("expert", "show", listed[0]["id"])["id_number"] == id_number(200)
    assert len(cli.json("expert", "disciplines")) == 62
    case = cli.json("case", "new", "--type", "hnte", "--title", "高企认定", "--field", f"enterprise={HNTE['enterprise']}",
                    "--field", f"enterprise_uscc={APPLICANT}")
    for action in ("examine", "accept", "start_review", "expert_review"):
        assert cli("case", "act", case["id"], action)[0] == 0
    rc, _, err = cli("case", "act", case["id"], "expert_done")
    assert rc == 1 and "尚未抽取专家组" in err
    panel = cli.json("expert", "draw", case["id"])
    assert len(panel["members"]) == 6 - 1 and panel["draws"][0]["seed"]
    assert all(r["same"] for r in cli.json("expert", "replay", case["id"]))
    rc, _, err = cli("expert", "draw", case["id"])
    assert rc == 1 and "已抽取" in err
    for m in panel["members"]:
        doc = cli.json("expert", "score", case["id"], m["expert_id"], "--item", "ip=80", "--item", "conversion=90",
                       "--item", "rd_management=70", "--item", "growth=60", "--opinion", "同意")
    assert doc["aggregate"] == "77.00"
    rc, _, err = cli("expert", "score", case["id"], panel["members"][0]["expert_id"], "--score", "80")
    assert rc == 1  # HNTE scores by items
    assert cli("expert", "score", case["id"], panel["members"][0]["expert_id"])[0] == 2
    letter = cli.json("expert", "invite", case["id"], panel["members"][0]["expert_id"], "-o", str(tmp_path / "邀请.pdf"),
                      "--time", "2026年12月8日上午9时", "--place", "市科委第一会议室")
    assert letter["number"].startswith("京科函") and (tmp_path / "邀请.pdf").exists()
    summary = cli.json("expert", "summary", case["id"], "-o", str(tmp_path / "汇总.pdf"))
    assert summary["number"] != letter["number"]
    assert cli("case", "act", case["id"], "expert_done")[0] == 0


def test_integrity_records_by_command(cli: Cli) -> None:
    fields = ["--field", "subject_kind=单位", "--field", "name=北京高企科技有限公司", "--field", f"number={APPLICANT}",
              "--field", "source=北京市科学技术委员会", "--field", "decision_no=京科发〔2025〕1号",
              "--field", "measure=取消申报资格", "--field", "start_on=2025-01-01"]
    record = cli.json("integrity", "add", *fields)
    assert record["in_force"] is True
    rc, _, err = cli("integrity", "add", *fields)
    assert rc == 1 and "已有" in err
    assert cli("integrity", "add", "--field", "nonsense=1")[0] == 1
    case = cli.json("case", "new", "--type", "hnte", "--title", "申请", "--field", f"enterprise={HNTE['enterprise']}",
                    "--field", f"enterprise_uscc={APPLICANT}")
    cli("case", "act", case["id"], "examine")
    rc, _, err = cli("case", "act", case["id"], "accept")
    assert rc == 1 and "京科发〔2025〕1号" in err
    hits = cli.json("integrity", "hits")
    assert [(h["case_no"], h["blocking"]) for h in hits] == [(case["case_no"], True)]
    assert cli.json("integrity", "list", "--in-force")[0]["id"] == record["id"]
    assert cli("integrity", "revoke", record["id"], "--reason", "决定已撤销")[0] == 0
    assert cli.json("integrity", "hits") == []
    assert "取消申报资格" in cli.json("integrity", "measures")


def test_archive_by_command(cli: Cli, tmp_path: Path, station: Station) -> None:
    rc, _, _ = cli("rules", "archive.fonds_no", "X001", "--basis", "测试", user="admin", passphrase=ADMIN_PASS)
    assert rc == 0
    case = cli.json("case", "new", "--type", "tech_contract", "--title", "合同", "--field", "contract_type=技术开发",
                    "--field", "seller=北京冰雪科技有限公司", "--field", "seller_uscc=91110000600037341L",
                    "--field", "contract_amount=100万", "--field", "tech_amount=80万")
    cli("case", "act", case["id"], "review")
    rc, _, err = cli("archive", "file", case["id"])
    assert rc == 1
    cli("case", "act", case["id"], "refuse", "--opinion", "不予登记")
    filed = cli.json("archive", "file", case["id"])
    number = filed["items"][0]["archive_no"]
    assert number.startswith("X001-") and "-D30-0001" in number
    rc, _, err = cli("case", "edit", case["id"], "--title", "改")
    assert rc == 1 and "已归档" in err
    assert [e["archive_no"] for e in cli.json("archive", "list")] == [number]
    assert cli("archive", "export", "-o", str(tmp_path / "目录.xlsx"))[0] == 0
    assert cli("archive", "print", "-o", str(tmp_path / "目录.pdf"))[0] == 0
    doc = cli.json("archive", "export-records", "-o", str(tmp_path / "档案"))
    assert doc["items"] == 1 and json.loads((tmp_path / "档案" / number / "manifest.json").read_text("utf-8"))["files"]
    rc, _, err = cli("archive", "retention", "tech_contract", "notice", "永久", "--basis", "x")
    assert rc == 1  # an officer does not set retention
    assert cli("archive", "retention", "tech_contract", "notice", "永久", "--basis", "本委保管期限表",
               user="admin", passphrase=ADMIN_PASS)[0] == 0
    assert cli("archive", "list", "--retention", "20年")[0] == 2
