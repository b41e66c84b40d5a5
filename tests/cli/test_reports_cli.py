"""`bjstc export cases` and `bjstc dashboard`: output, files, refusals, exit codes."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from bjstc_desktop.core.classification import Level
from tests.cli.test_cli import Cli
from tests.conftest import Station, make_station
from tests.ops.seed import WAN, seed_contracts


@pytest.fixture
def cli(tmp_path: Path, capsys, monkeypatch) -> Cli:  # type: ignore[no-untyped-def]
    station: Station = make_station(tmp_path / "ws", officers={"zhang": (Level.SECRET, "all"),
                                                                "wu": (Level.INTERNAL, "market")})
    with station.open("zhang") as ws:
        seed_contracts(ws)
    return Cli(station.data_dir, capsys, monkeypatch)


def test_export_cases_writes_the_workbook(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "list.xlsx"
    doc = cli.json("export", "cases", "--module", "market", "--type", "tech_contract", "--out", str(out))
    assert doc == {"path": str(out), "rows": 4, "classification": "秘密"}
    ws = openpyxl.load_workbook(out).active
    assert ws["A1"].value == "密级：秘密" and ws.max_row == 8
    rc, _, err = cli("export", "cases", "--module", "market", "--out", str(tmp_path / "wu.xlsx"), user="wu")
    assert rc == 0 and "3 件" in err and "公开" in err


def test_export_refuses_a_wrong_suffix_and_an_unknown_module(cli: Cli, tmp_path: Path) -> None:
    rc, _, err = cli("export", "cases", "--module", "market", "--out", str(tmp_path / "x.csv"))
    assert rc == 2 and ".xlsx" in err
    rc, _, err = cli("export", "cases", "--module", "nosuch", "--out", str(tmp_path / "x.xlsx"))
    assert rc == 1 and "nosuch" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_dashboard_json_text_and_xlsx(cli: Cli, tmp_path: Path) -> None:
    doc = cli.json("dashboard", "market", "--chart", "contracts_by_type")
    assert doc["classification"] == "秘密"
    [chart] = doc["charts"]
    assert chart["categories"][:2] == ["技术开发", "技术转让"]
    assert chart["series"][0]["values"][:2] == [150 * WAN, 200 * WAN]
    assert chart["series"][0]["unit"] == "分" and chart["series"][0]["shown_unit"] == "万元"
    assert chart["series"][0]["shown"][:2] == [150.0, 200.0]
    rc, out, _ = cli("dashboard", "market", "--chart", "contracts_by_type", user="wu")
    assert rc == 0
    assert "技术开发\t150\t130" in out and "技术转让\t0\t0" in out
    rc, _, err = cli("dashboard", "market", "--xlsx", str(tmp_path / "d.xlsx"))
    assert rc == 0 and "统计表" in err
    assert len(openpyxl.load_workbook(tmp_path / "d.xlsx").sheetnames) == 13  # 4 contract charts, timeliness, 8 types


def test_dashboard_out_of_scope_is_refused(cli: Cli) -> None:
    rc, _, err = cli("dashboard", "industry", user="wu")
    assert rc == 1 and "业务范围" in err
