"""`bjstc search` with the structured filters gives exactly what the GUI's search gives
(both call ws.cases.search with the same SearchQuery)."""

from __future__ import annotations

import datetime as dt

import pytest

from bjstc_desktop.core.searchquery import SearchQuery
from tests.cli.test_cli import Cli
from tests.conftest import Station

CONTRACT = {"contract_type": "技术开发", "seller": "北京冰雪科技有限公司", "seller_uscc": "91110000600037341L",
            "contract_amount": "100万", "tech_amount": "50万"}


@pytest.fixture
def cases(station: Station) -> dict[str, str]:
    with station.open() as ws:
        return {
            "march": ws.cases.create("tech_contract", "冰雪装备技术开发合同", CONTRACT,
                                    received_on=dt.date(2026, 3, 2)).id,
            "may": ws.cases.create("tech_contract", "冰雪场馆技术服务合同", CONTRACT,
                                  received_on=dt.date(2026, 5, 6)).id,
            "zone": ws.cases.create("sd_zone", "海淀冰雪实验区", {"district": "110108"},
                                   received_on=dt.date(2026, 4, 1)).id,
        }


@pytest.fixture
def cli(station: Station, capsys, monkeypatch) -> Cli:  # type: ignore[no-untyped-def]
    return Cli(station.data_dir, capsys, monkeypatch)


def _ids(rows: object) -> list[str]:
    assert isinstance(rows, list)
    return [r["id"] for r in rows]


def test_the_old_form_still_works(cli: Cli, cases: dict[str, str]) -> None:
    assert set(_ids(cli.json("search", "冰雪"))) == set(cases.values())
    assert set(_ids(cli.json("search", "冰雪", "--module", "market"))) == {cases["march"], cases["may"]}


def test_filters_narrow_the_results(cli: Cli, cases: dict[str, str]) -> None:
    assert _ids(cli.json("search", "冰雪", "--district", "海淀")) == [cases["zone"]]
    assert _ids(cli.json("search", "--district", "110108")) == [cases["zone"]]  # filters alone
    assert _ids(cli.json("search", "冰雪", "--from", "2026-03-01", "--to", "2026/3/31")) == [cases["march"]]
    assert _ids(cli.json("search", "冰雪", "--type", "sd_zone")) == [cases["zone"]]
    assert cli.json("search", "冰雪", "--state", "不存在") == []
    assert cli.json("search", "冰雪", "--overdue") == []  # no clock has started
    assert len(cli.json("search", "冰雪", "--limit", "1")) == 1


def test_the_cli_and_the_gui_get_the_same_answer(cli: Cli, cases: dict[str, str], station: Station) -> None:
    from_cli = _ids(cli.json("search", "冰雪 合同", "--module", "market", "--from", "2026-01-01"))
    with station.open() as ws:
        query = SearchQuery(text="冰雪 合同", module="market", received_from=dt.date(2026, 1, 1))
        assert from_cli == [v.id for v in ws.cases.search(query=query)] and len(from_cli) == 2


def test_bad_searches_are_refused_plainly(cli: Cli, cases: dict[str, str]) -> None:
    rc, _, err = cli("search")
    assert rc == 2 and "检索词" in err  # nothing asked
    rc, _, err = cli("search", "冰雪", "--district", "火星区")
    assert rc == 1 and "火星区" in err
    rc, _, err = cli("search", "冰雪", "--from", "2026-05-01", "--to", "2026-04-01")
    assert rc == 1 and "起始日期" in err
    rc, _, err = cli("search", "冰雪", "--from", "昨天")
    assert rc == 1 and "日期" in err
