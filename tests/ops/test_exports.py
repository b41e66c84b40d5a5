"""Excel exports of case lists and dashboards: visibility, marking, audit, atomicity."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import MediaError, RefusedError
from bjstc_desktop.sheets import xlsx
from bjstc_desktop.store.models import AuditEvent
from bjstc_desktop.workstation import Workstation
from tests.conftest import Station, make_station
from tests.ops.seed import seed_contracts


@pytest.fixture
def office(tmp_path: Path) -> Station:
    """zhang (秘密, all duties) and wu (内部, market only), with the seeded contracts."""
    station = make_station(tmp_path / "ws", officers={"zhang": (Level.SECRET, "all"),
                                                       "wu": (Level.INTERNAL, "market")})
    with station.open("zhang") as ws:
        seed_contracts(ws)
    return station


def _sheet(path: Path, index: int = 0) -> list[tuple[object, ...]]:
    return [tuple(r) for r in openpyxl.load_workbook(path).worksheets[index].iter_rows(values_only=True)]


def _audits(ws: Workstation, action: str) -> list[dict[str, object]]:
    with ws.store.read() as s:
        rows = s.execute(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)).scalars()
        return [json.loads(r.details) | {"actor": r.actor_name} for r in rows]


def test_a_case_list_with_one_type_carries_its_fields_typed(office: Station, tmp_path: Path) -> None:
    out = tmp_path / "out" / "cases.xlsx"
    out.parent.mkdir()
    with office.open("zhang") as ws:
        result = ws.reports.export_cases(out, module="market", case_type="tech_contract")
        audits = _audits(ws, "export_cases")
    rows = _sheet(out)
    assert result.rows == 4 and result.classification == "秘密"
    assert rows[0][0] == "密级：秘密"  # a list holding a 秘密 case carries 秘密
    headers = rows[3]
    assert headers[:6] == ("案号", "案件类型", "标题", "状态", "密级", "承办人")
    data = {r[2]: dict(zip(headers, r, strict=True)) for r in rows[4:]}
    assert set(data) == {"甲合同", "乙合同", "丙合同", "丁合同"}
    assert data["甲合同"]["成交额（元）"] == 1_000_000  # 100万 in 元
    assert data["甲合同"]["技术交易额（元）"] == 800_000
    assert data["甲合同"]["登记日期"] == dt.datetime(2026, 3, 5)
    assert data["甲合同"]["卖方行政区划"] == "海淀区（110108）"
    assert data["丙合同"]["密级"] == "秘密"
    assert audits == [{"file": "cases.xlsx", "rows": 4, "classification": "秘密", "module": "market",
                       "type": "tech_contract", "actor": "zhang"}]


def test_a_user_without_secret_clearance_exports_no_secret_case(office: Station, tmp_path: Path) -> None:
    with office.open("wu") as ws:
        result = ws.reports.export_cases(tmp_path / "wu.xlsx", module="market")
    rows = _sheet(tmp_path / "wu.xlsx")
    assert result.rows == 3 and rows[0][0] == "密级：公开"
    assert sorted(r[2] for r in rows[4:]) == ["丁合同", "乙合同", "甲合同"]
    assert "丙合同" not in json.dumps(rows, ensure_ascii=False, default=str)


def test_the_search_result_and_a_state_filter_export(office: Station, tmp_path: Path) -> None:
    with office.open("zhang") as ws:
        found = ws.reports.export_cases(tmp_path / "s.xlsx", module="market", query="甲合同")
        by_state = ws.reports.export_cases(tmp_path / "st.xlsx", module="market", state="不予登记")
    assert found.rows == 1 and [r[2] for r in _sheet(tmp_path / "s.xlsx")[4:]] == ["甲合同"]
    assert "检索" in str(_sheet(tmp_path / "s.xlsx")[1][0])
    assert by_state.rows == 0 and _sheet(tmp_path / "st.xlsx")[4:] == []


def test_a_failed_write_is_not_audited_and_leaves_no_file(office: Station, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    def full(self: object, filename: str) -> None:
        Path(filename).write_bytes(b"PK partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(xlsx.Workbook, "save", full)
    folder = tmp_path / "usb"
    folder.mkdir()
    with office.open("zhang") as ws:
        with pytest.raises(MediaError):
            ws.reports.export_cases(folder / "cases.xlsx", module="market")
        with pytest.raises(RefusedError):
            ws.reports.export_cases(tmp_path / "missing" / "cases.xlsx", module="market")
        assert _audits(ws, "export_cases") == []
    assert list(folder.iterdir()) == []


def test_a_dashboard_exports_one_sheet_per_chart(office: Station, tmp_path: Path) -> None:
    with office.open("zhang") as ws:
        result = ws.reports.export_dashboard("market", tmp_path / "d.xlsx", only=("contracts_by_type", "timeliness"))
        audits = _audits(ws, "export_dashboard")
    wb = openpyxl.load_workbook(tmp_path / "d.xlsx")
    assert result.rows == 2 and len(wb.sheetnames) == 2
    rows = _sheet(tmp_path / "d.xlsx", 0)
    assert rows[0][0] == "密级：秘密"
    assert rows[3] == ("合同类型", "成交额（万元）", "技术交易额（万元）")
    assert rows[4] == ("技术开发", 150, 130)
    assert rows[5] == ("技术转让", 200, 150)
    assert rows[-1] == ("合计", 350, 280)
    assert audits[0]["charts"] == ["contracts_by_type", "timeliness"] and audits[0]["classification"] == "秘密"


def test_a_chart_picture_must_be_a_png_and_is_audited(office: Station, tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    with office.open("wu") as ws:
        with pytest.raises(RefusedError):
            ws.reports.export_chart_png("market", "contracts_by_type", b"GIF89a", tmp_path / "x.png")
        result = ws.reports.export_chart_png("market", "contracts_by_type", png, tmp_path / "c.png")
        audits = _audits(ws, "export_chart_image")
    assert (tmp_path / "c.png").read_bytes() == png and not (tmp_path / "x.png").exists()
    assert result.classification == "公开"
    assert audits == [{"file": "c.png", "rows": 1, "classification": "公开", "module": "market",
                       "chart": "contracts_by_type", "actor": "wu"}]


def test_the_workbench_lists_export_my_cases_and_the_overdue_ones(office: Station, tmp_path: Path) -> None:
    from tests.ops.seed import set_state

    with office.open("wu") as ws:
        mine = ws.cases.create("tech_contract", "戊合同", {"contract_type": "技术开发", "seller": "北京冰雪科技有限公司",
                                                       "seller_uscc": "91350100M000100Y43", "contract_amount": "1万",
                                                       "tech_amount": "1万"}).id
        set_state(ws, mine, "审核认定", due_on=dt.date(2026, 1, 5))
        only_mine = ws.reports.export_cases(tmp_path / "mine.xlsx", mine=True)
        overdue = ws.reports.export_cases(tmp_path / "overdue.xlsx", overdue_on=dt.date(2026, 1, 6))
        not_yet = ws.reports.export_cases(tmp_path / "none.xlsx", overdue_on=dt.date(2026, 1, 5))
        audits = _audits(ws, "export_cases")
    assert only_mine.rows == 1 and [r[2] for r in _sheet(tmp_path / "mine.xlsx")[4:]] == ["戊合同"]
    assert overdue.rows == 1 and "逾期" in str(_sheet(tmp_path / "overdue.xlsx")[1][0])
    assert not_yet.rows == 0
    assert audits[0]["mine"] is True and audits[1]["overdue_on"] == "2026-01-06"
