"""Dashboards: exact figures from known cases, by GROUP BY over what the user may see."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.dashboards import charts_for
from bjstc_desktop.core.errors import NotFoundError, PermissionDeniedError
from bjstc_desktop.core.modules import all_modules
from bjstc_desktop.core.roles import Role
from bjstc_desktop.workstation import Workstation
from tests.conftest import ADMIN_PASS, OFFICER_PASS, Station, make_station
from tests.ops.seed import RECEIVED, WAN, seed_contracts, set_state

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def office(tmp_path: Path) -> Station:
    """zhang (秘密, all duties), wu (内部, market only), qian (秘密, policy only)."""
    station = make_station(tmp_path / "ws", officers={"zhang": (Level.SECRET, "all"),
                                                       "wu": (Level.INTERNAL, "market"),
                                                       "qian": (Level.SECRET, "policy")})
    with station.open("zhang") as ws:
        seed_contracts(ws)
    return station


def _values(chart, name: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    series = next(s for s in chart.series if s.name == name)
    return dict(zip(chart.categories, series.values, strict=True))


def test_contract_values_by_type_sum_registered_contracts_in_fen(office: Station) -> None:
    with office.open("zhang") as ws:
        chart = ws.reports.dashboard("market", today=TODAY, only=("contracts_by_type",)).chart("contracts_by_type")
    assert chart.categories == ("技术开发", "技术转让", "技术许可", "技术咨询", "技术服务")
    assert _values(chart, "成交额") == {"技术开发": 150 * WAN, "技术转让": 200 * WAN, "技术许可": 0, "技术咨询": 0,
                                     "技术服务": 0}  # the unregistered 技术服务 contract is not counted
    assert _values(chart, "技术交易额")["技术开发"] == 130 * WAN
    assert chart.unit == "万元" and chart.series[0].shown()[:2] == (150.0, 200.0)
    assert chart.level is Level.SECRET


def test_a_user_without_secret_clearance_sees_no_secret_amounts(office: Station) -> None:
    with office.open("wu") as ws:
        data = ws.reports.dashboard("market", today=TODAY)
    by_type = data.chart("contracts_by_type")
    assert _values(by_type, "成交额")["技术转让"] == 0
    assert _values(by_type, "成交额")["技术开发"] == 150 * WAN
    assert _values(data.chart("contracts_by_district"), "成交额") == {"朝阳区": 50 * WAN, "海淀区": 100 * WAN}
    assert data.level is Level.PUBLIC
    states = data.chart("states_tech_contract")
    assert sum(states.series[0].values) == 3  # a, b, u; not the 秘密 one


def test_values_by_field_district_and_month(office: Station) -> None:
    with office.open("zhang") as ws:
        data = ws.reports.dashboard("market", today=TODAY)
    assert _values(data.chart("contracts_by_field"), "成交额")["电子信息"] == 150 * WAN
    assert _values(data.chart("contracts_by_field"), "成交额")["新材料及其应用"] == 200 * WAN
    assert _values(data.chart("contracts_by_district"), "技术交易额") == {"朝阳区": 50 * WAN, "海淀区": 230 * WAN}
    month = data.chart("contracts_by_month")
    assert month.categories == ("2026-03", "2026-04", "2026-05")  # the empty month is shown as 0
    assert _values(month, "成交额") == {"2026-03": 300 * WAN, "2026-04": 0, "2026-05": 50 * WAN}


def test_cases_by_state_and_overdue(office: Station) -> None:
    with office.open("zhang") as ws:
        ids = seed_contracts(ws)  # a second set: 8 contracts in all
        set_state(ws, ids["a"], "归档", closed_on=dt.date(2026, 4, 1))
        set_state(ws, ids["b"], "审核认定", due_on=dt.date(2026, 5, 1))  # overdue on TODAY
        set_state(ws, ids["u"], "审核认定", due_on=dt.date(2026, 7, 1))
        data = ws.reports.dashboard("market", today=TODAY)
    states = _values(data.chart("states_tech_contract"), "件数")
    assert states == {"受理": 5, "审核认定": 2, "延期": 0, "补正中": 0, "予以登记": 0, "不予登记": 0, "收入核定": 0,
                      "归档": 1}
    timeliness = data.chart("timeliness")
    assert timeliness.categories[0] == "技术合同认定登记"
    assert [s.values[0] for s in timeliness.series] == [6, 1, 1]  # open, overdue, closed
    assert [s.name for s in timeliness.series] == ["在办", "已逾期", "已办结"]


def test_hnte_batches_passed_and_failed(station: Station) -> None:
    fields = {"enterprise": "北京冰雪科技有限公司", "enterprise_uscc": "91350100M000100Y43"}
    with station.open() as ws:
        def hnte(batch: str, state: str, cert: str | None = None) -> None:
            extra = {"certificate_no": cert} if cert else {}
            case = ws.cases.create("hnte", f"{batch}{state}", {**fields, "batch": batch, **extra}, received_on=RECEIVED)
            set_state(ws, case.id, state)
        hnte("2026年第一批", "已送达", "GR202611000123")
        hnte("2026年第一批", "归档", "GR202611000124")
        hnte("2026年第一批", "不予")
        hnte("2026年第二批", "不予受理")
        hnte("2026年第二批", "专家评审")
        chart = ws.reports.dashboard("industry", only=("hnte_batches",)).chart("hnte_batches")
    assert chart.categories == ("2026年第一批", "2026年第二批")
    assert _values(chart, "通过") == {"2026年第一批": 2, "2026年第二批": 0}
    assert _values(chart, "未通过") == {"2026年第一批": 1, "2026年第二批": 1}
    assert _values(chart, "办理中") == {"2026年第一批": 0, "2026年第二批": 1}


def test_proposal_results_by_class_and_hotline_response(station: Station) -> None:
    with station.open() as ws:
        for i, (source, result) in enumerate((("人大代表建议", "A"), ("人大代表建议", "A"), ("政协提案", "A"),
                                              ("政协提案", "C"), ("人大代表建议", None))):
            values = {"source": source, "incoming_no": f"第{i}号", **({"result_class": result} if result else {})}
            ws.cases.create("proposal_reply", f"建议{i}", values, received_on=RECEIVED)
        for i, (urgency, responded, resolved) in enumerate((("紧急", "是", "已解决"), ("紧急", "否", "未解决"),
                                                            ("一般", "是", "已解决"), ("一般", None, None))):
            values = {"order_no": f"GD{i}", "urgency": urgency, **({"responded": responded} if responded else {}),
                      **({"resolved": resolved} if resolved else {})}
            ws.cases.create("hotline_order", f"工单{i}", values, received_on=RECEIVED)
        data = ws.reports.dashboard("assignments")
    proposals = data.chart("proposal_results")
    assert proposals.categories == ("A", "B", "C", "D", "未填")
    assert _values(proposals, "人大代表建议") == {"A": 2, "B": 0, "C": 0, "D": 0, "未填": 1}
    assert _values(proposals, "政协提案") == {"A": 1, "B": 0, "C": 1, "D": 0, "未填": 0}
    response = data.chart("hotline_response")
    assert _values(response, "已响应") == {"紧急": 1, "急难": 0, "一般": 1, "复杂": 0}
    assert _values(response, "未响应") == {"紧急": 1, "急难": 0, "一般": 1, "复杂": 0}
    assert _values(data.chart("hotline_resolution"), "件数") == {"已解决": 2, "部分解决": 0, "未解决": 1, "未填": 1}


def test_out_of_scope_and_administrators_are_refused(office: Station) -> None:
    with office.open("qian") as ws, pytest.raises(PermissionDeniedError):
        ws.reports.dashboard("market")
    with Workstation.open(office.data_dir, "admin", ADMIN_PASS, wait_for_delay=False) as admin, \
            pytest.raises(PermissionDeniedError):
        admin.reports.dashboard("market")
    with office.open("zhang") as ws, pytest.raises(NotFoundError):
        ws.reports.dashboard("market", only=("no_such_chart",))


def test_every_duty_has_a_dashboard_that_runs(station: Station) -> None:
    with station.open() as ws:
        for module in all_modules():
            data = ws.reports.dashboard(module.code)
            assert [c.key for c in data.charts] == [s.key for s in charts_for(module)]
            assert all(c.is_empty for c in data.charts)
            assert data.chart("timeliness").categories == tuple(t.name for t in module.case_types)


def test_an_approver_sees_the_same_figures(office: Station) -> None:
    with Workstation.open(office.data_dir, "admin", ADMIN_PASS, wait_for_delay=False) as admin:
        admin.accounts.add("wang", Role.APPROVER, OFFICER_PASS, Level.SECRET, frozenset({"market"}))
    with office.open("wang") as ws:
        chart = ws.reports.dashboard("market", only=("contracts_by_type",)).chart("contracts_by_type")
    assert _values(chart, "成交额")["技术转让"] == 200 * WAN
