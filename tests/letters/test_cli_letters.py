"""`bjstc letter ...` (design/cli.md): templates, issue, register, void; JSON shapes and
exit codes (0 done, 1 refused, 2 usage)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.test_cli import Cli
from tests.conftest import Station
from tests.letters.conftest import TECH_CONTRACT


@pytest.fixture
def cli(station: Station, capsys, monkeypatch) -> Cli:  # type: ignore[no-untyped-def]
    return Cli(station.data_dir, capsys, monkeypatch)


@pytest.fixture
def case_id(cli: Cli) -> str:
    fields = [a for k, v in TECH_CONTRACT.items() for a in ("--field", f"{k}={v}")]
    return str(cli.json("case", "new", "--type", "tech_contract", "--title", "感知算法技术开发合同", *fields)["id"])


def test_letter_templates_lists_code_name_and_format(cli: Cli) -> None:
    templates = cli.json("letter", "templates")
    assert len(templates) >= 18
    assert all({"code", "name", "format"} <= set(t) and t["format"] in ("文件", "信函") for t in templates)
    assert {"code": "reply_letter", "name": "答复函", "format": "信函"}.items() <= next(
        t for t in templates if t["code"] == "reply_letter").items()
    rc, out, _ = cli("letter", "templates")
    assert rc == 0 and "acceptance_notice\t受理通知书\t信函" in out


def test_issue_list_and_void(cli: Cli, case_id: str, tmp_path: Path) -> None:
    out_pdf = tmp_path / "证明.pdf"
    doc = cli.json("letter", case_id, "tech_contract_certificate", "-o", str(out_pdf), "--signer", "王喆")
    assert {"number", "case_id", "template", "sha256", "path"} <= set(doc)
    assert doc["case_id"] == case_id and doc["template"] == "tech_contract_certificate"
    assert doc["path"] == str(out_pdf) and out_pdf.read_bytes()[:8] == b"%PDF-1.7"
    register = cli.json("letter", "list")
    assert [(e["number"], e["signer"], e["status"], e["sha256"]) for e in register] == [
        (doc["number"], "王喆", "有效", doc["sha256"])]
    voided = cli.json("letter", "void", doc["number"], "--reason", "登记编号有误")
    assert voided["status"] == "作废" and voided["void_reason"] == "登记编号有误"
    rc, out, err = cli("letter", "list")
    assert rc == 0 and doc["number"] in out and "作废" in out
    rc, _out, err = cli("letter", case_id, "notice", "-o", str(tmp_path / "n.pdf"), "--set", "body=经审核，予以登记。")
    assert rc == 0 and "已签发" in err


def test_missing_merge_fields_and_refusals_exit_1_with_a_plain_message(cli: Cli, case_id: str, tmp_path: Path) -> None:
    rc, out, err = cli("letter", case_id, "supplement_notice", "-o", str(tmp_path / "s.pdf"), "--json")
    assert rc == 1 and out == "" and "缺少 办理意见（opinion）" in err
    rc, _out, err = cli("letter", case_id, "supplement_notice", "-o", str(tmp_path / "s.pdf"), lang="en")
    assert rc == 1 and "missing" in err and "opinion" in err
    rc, _out, err = cli("letter", case_id, "reply_letter", "-o", str(tmp_path / "r.pdf"))
    assert rc == 1 and "不签发" in err
    rc, _out, err = cli("letter", "no-such-case", "notice", "-o", str(tmp_path / "x.pdf"))
    assert rc == 1 and "找不到案件" in err
    doc = cli.json("letter", case_id, "supplement_notice", "-o", str(tmp_path / "s.pdf"), "--set", "opinion=请补充合同原件。")
    assert doc["number"].startswith("京科许〔")
    assert json.loads(json.dumps(doc))["sha256"]


def test_usage_errors_exit_2(cli: Cli, case_id: str) -> None:
    assert cli("letter", case_id)[0] == 2  # no template
    assert cli("letter", case_id, "notice")[0] == 2  # no -o
    assert cli("letter", "void", "京科发〔2026〕1号")[0] == 2  # no --reason
    assert cli("letter", "list", "extra")[0] == 2
    assert cli("letter", case_id, "notice", "-o", "x.pdf", "--set", "novalue")[0] == 2


def test_a_date_before_the_case_was_received_or_in_the_future_needs_force_date(cli: Cli, case_id: str,
                                                                               tmp_path: Path) -> None:
    import datetime as dt

    before = (dt.date.today() - dt.timedelta(days=90)).isoformat()
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    for day in (before, future):
        out = tmp_path / f"{day}.pdf"
        rc, _out, err = cli("letter", case_id, "tech_contract_certificate", "-o", str(out), "--date", day)
        assert rc == 1 and "--force-date" in err and not out.exists()
        assert cli.json("letter", "list") == []  # no number was taken
    rc, _out, err = cli("letter", case_id, "tech_contract_certificate", "-o", str(tmp_path / "en.pdf"),
                        "--date", before, lang="en")
    assert rc == 1 and "before the case was received" in err
    doc = cli.json("letter", case_id, "tech_contract_certificate", "-o", str(tmp_path / "ok.pdf"), "--date", before,
                   "--force-date")
    assert doc["issued_on"] == before


def test_english_messages_count_pages_in_the_singular_and_plural(cli: Cli, case_id: str, tmp_path: Path) -> None:
    rc, _out, err = cli("letter", case_id, "tech_contract_certificate", "-o", str(tmp_path / "c.pdf"), lang="en")
    assert rc == 0 and "(1 page)" in err
    body = "经审核，予以登记。" * 400
    rc, _out, err = cli("letter", case_id, "notice", "-o", str(tmp_path / "n.pdf"), "--set", f"body={body}", lang="en")
    assert rc == 0 and re.search(r"\(\d+ pages\)", err)
