"""`bjstc import xlsx` and `bjstc case bulk-*`: JSON documents, messages and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import Cli
from tests.conftest import Station
from tests.store.xlsx_lists import CONTRACT_HEADERS, contract_row, contracts, write_xlsx


@pytest.fixture
def cli(station: Station, capsys, monkeypatch) -> Cli:  # type: ignore[no-untyped-def]
    return Cli(station.data_dir, capsys, monkeypatch)


def test_import_dry_run_then_import_then_reimport(cli: Cli, tmp_path: Path) -> None:
    path = contracts(tmp_path / "list.xlsx", "1101234567890123", "1101234567890124")
    dry = cli.json("import", "xlsx", str(path), "--profile", "tech_contracts", "--dry-run")
    assert (dry["dry_run"], dry["committed"], dry["new"], dry["problems"]) == (True, False, 2, [])
    assert cli.json("case", "list", "--module", "market") == []
    rc, out, err = cli("import", "xlsx", str(path), "--profile", "tech_contracts", "--source", "海淀区技术合同登记站")
    assert rc == 0 and "新增 2" in err and "已导入" in err
    again = cli.json("import", "xlsx", str(path), "--profile", "tech_contracts", "--source", "海淀区技术合同登记站")
    assert (again["new"], again["updated"], again["unchanged"], again["committed"]) == (0, 0, 2, True)
    assert len(cli.json("case", "list", "--module", "market")) == 2


def test_bad_rows_are_listed_and_nothing_is_imported(cli: Cli, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "list.xlsx", CONTRACT_HEADERS,
                      [contract_row("1101234567890123"), contract_row("1101234567890124", tech=999)])
    rc, out, err = cli("import", "xlsx", str(path), "--profile", "tech_contracts")
    assert rc == 1
    assert "第 3 行" in out and "技术交易额" in out and "未导入任何数据" in err
    rc, out, _ = cli("import", "xlsx", str(path), "--profile", "tech_contracts", "--json", lang="en")
    doc = json.loads(out)
    assert rc == 1 and doc["committed"] is False and [p["row"] for p in doc["problems"]] == [3]
    assert cli.json("case", "list", "--module", "market") == []


def test_map_options_and_usage_errors(cli: Cli, tmp_path: Path) -> None:
    headers = ("合同登记号", *CONTRACT_HEADERS[1:])
    path = write_xlsx(tmp_path / "list.xlsx", headers, [contract_row("1101234567890123")])
    rc, _, err = cli("import", "xlsx", str(path), "--profile", "tech_contracts", "--dry-run")
    assert rc == 1 and "自然键" in err
    doc = cli.json("import", "xlsx", str(path), "--profile", "tech_contracts", "--dry-run",
                   "--map", "合同登记号=contract_no", "--map", "备注=")
    assert doc["new"] == 1 and doc["mapping"]["合同登记号"] == "contract_no" and "备注" not in doc["mapping"]
    assert cli("import", "xlsx", str(path), "--profile", "tech_contracts", "--map", "nonsense")[0] == 2
    assert cli("import", "xlsx", str(path), "--profile", "no_such_profile")[0] == 1
    rc, _, err = cli("import", "xlsx", str(tmp_path / "missing.xlsx"), "--profile", "tech_contracts")
    assert rc == 1 and "不存在" in err
    profiles = cli.json("import", "profiles")
    assert {p["code"]: p["key"] for p in profiles}["hnte_certified"] == ["certificate_no"]


def test_bulk_act_reports_the_case_that_failed_and_does_the_others(cli: Cli) -> None:
    fields = ["--field", "contract_type=技术开发", "--field", "seller=北京冰雪科技有限公司",
              "--field", "seller_uscc=91110000600037341L", "--field", "contract_amount=100万",
              "--field", "tech_amount=80万"]
    ids = [cli.json("case", "new", "--type", "tech_contract", "--title", f"合同{i}", *fields)["id"] for i in range(3)]
    assert cli("case", "act", ids[0], "review")[0] == 0
    rc, out, err = cli("case", "bulk-act", "review", *ids)
    assert rc == 5  # partly done: not 1, which promises that nothing changed
    assert "[2/3]" in err and "✗" in err and "完成 2 件，失败 1 件" in err
    assert out.startswith("失败\t")
    doc = json.loads(cli("case", "bulk-act", "archive", *ids, "--json")[1])
    assert len(doc["failed"]) == 3 and doc["succeeded"] == []
    rc, out, _ = cli("case", "bulk-assign", "zhang", ids[1], "--reason", "x", "--json")
    assert rc == 1 and "zhang" in json.loads(out)["failed"][0]["message"]  # already zhang's: refused
    rc, _, _ = cli("case", "bulk-assign", "nobody", *ids)
    assert rc == 1
