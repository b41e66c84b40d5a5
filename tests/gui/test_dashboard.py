"""The dashboard window and the duty tab's report buttons, over the demo workstation."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCharts import QChartView, QPieSeries
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from bjstc_desktop.core.dashboards import charts_for
from bjstc_desktop.core.modules import module
from bjstc_desktop.gui.dashboard import DashboardDialog
from bjstc_desktop.gui.module_tab import DutyTab
from bjstc_desktop.workstation import Workstation
from tests.conftest import OFFICER_PASS
from tests.gui.conftest import MARKET_CASES


@pytest.fixture
def market(qtbot, ws: Workstation) -> DashboardDialog:  # type: ignore[no-untyped-def]
    dialog = DashboardDialog(ws, module("market"))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded):
        dialog.show()
    return dialog


def test_every_chart_of_the_duty_is_drawn(market: DashboardDialog, ws: Workstation) -> None:
    specs = charts_for(module("market"))
    assert list(market.cards) == [s.key for s in specs]
    by_type = market.cards["contracts_by_type"]
    chart = by_type.view.chart()
    assert chart.title() == "技术合同成交额（按合同类型）"
    [bars] = chart.series()
    assert [bars.barSets()[i].label() for i in range(bars.count())] == ["成交额", "技术交易额"]
    expected = ws.reports.dashboard("market").chart("contracts_by_type").series[0].shown()
    assert tuple(bars.barSets()[0].at(i) for i in range(5)) == expected
    assert sum(expected) > 0  # the demo registers contracts
    assert market.export_all_button.isEnabled()
    assert "仅含您有权查看的案件" in market.summary.text()


def test_a_pie_chart_for_the_hotline(qtbot, ws: Workstation) -> None:  # type: ignore[no-untyped-def]
    dialog = DashboardDialog(ws, module("assignments"))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded):
        dialog.show()
    [pie] = dialog.cards["hotline_resolution"].view.chart().series()
    assert isinstance(pie, QPieSeries)
    total = sum(ws.reports.dashboard("assignments").chart("hotline_resolution").series[0].values)
    assert sum(s.value() for s in pie.slices()) == total


def test_export_picture_writes_a_marked_png(qtbot, market: DashboardDialog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    card = market.cards["contracts_by_type"]
    out = tmp_path / "chart.png"
    with qtbot.waitSignal(card.exported) as sig:
        card.export_png(out)
    assert sig.args == [str(out)]
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    image = QImage(str(out))
    assert not image.isNull()
    assert image.height() == card.view.height() + 30 and image.width() == card.view.width()
    assert image.pixelColor(5, 5).name() == "#ffffff"  # the marking strip above the chart
    assert "密级：" in card.marking() and "zhang" in card.marking()


def test_export_excel_from_a_chart_and_all_charts(qtbot, market: DashboardDialog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    card = market.cards["timeliness"]
    with qtbot.waitSignal(card.exported):
        card.export_xlsx(tmp_path / "one.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "one.xlsx").active
    assert sheet["A2"].value == card.data.title
    assert [c.value for c in sheet[4]] == ["案件类型", "在办（件）", "已逾期（件）", "已办结（件）"]
    assert sheet["A5"].value == "技术合同认定登记"
    with qtbot.waitSignal(market.exported):
        market.export_all(tmp_path / "all.xlsx")
    assert len(openpyxl.load_workbook(tmp_path / "all.xlsx").sheetnames) == len(market.cards)


def test_a_failed_export_is_shown_not_raised(qtbot, market: DashboardDialog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    card = market.cards["contracts_by_type"]
    with qtbot.waitSignal(card.export_failed) as sig:
        card.export_xlsx(tmp_path / "no" / "such" / "x.xlsx")
    assert "不存在" in sig.args[0]
    assert market.summary.text() == sig.args[0]


def test_the_duty_tab_opens_statistics_and_exports_its_list(qtbot, ws: Workstation, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tab = DutyTab(ws, module("market"))
    qtbot.addWidget(tab)
    assert tab.reports.stats_button.text() == "统计" and tab.reports.export_button.text() == "导出Excel"
    qtbot.mouseClick(tab.reports.stats_button, Qt.MouseButton.LeftButton)
    dialog = tab.reports.dashboard
    assert dialog is not None
    qtbot.waitUntil(lambda: bool(dialog.cards))
    assert dialog.findChildren(QChartView)
    out = tmp_path / "list.xlsx"
    with qtbot.waitSignal(tab.reports.list_exported):
        tab.reports.export_list(out)
    rows = list(openpyxl.load_workbook(out).active.iter_rows(min_row=5, values_only=True))
    assert len(rows) == ws.cases.counts()["market"] > MARKET_CASES // 2  # li's market cases and zhang's own
    assert "已导出" in tab.header_summary.text()
    dialog.close()


def test_the_list_export_follows_the_type_filter(qtbot, ws: Workstation, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tab = DutyTab(ws, module("market"))
    qtbot.addWidget(tab)
    tab.type_filter.setCurrentIndex(tab.type_filter.findData("tech_contract"))
    with qtbot.waitSignal(tab.reports.list_exported):
        tab.reports.export_list(tmp_path / "tc.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "tc.xlsx").active
    types = {r[1] for r in sheet.iter_rows(min_row=5, values_only=True)}
    assert types == {"技术合同认定登记"}
    assert "成交额（元）" in [c.value for c in sheet[4]]


def test_outside_the_scope_the_buttons_are_off_and_the_dialog_says_why(qtbot, demo_dir: Path) -> None:  # type: ignore[no-untyped-def]
    with Workstation.open(demo_dir, "li", OFFICER_PASS, wait_for_delay=False) as li:
        tab = DutyTab(li, module("industry"))
        qtbot.addWidget(tab)
        assert not tab.reports.stats_button.isEnabled() and not tab.reports.export_button.isEnabled()
        dialog = DashboardDialog(li, module("industry"))
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.failed) as sig:
            dialog.show()
        assert "业务范围" in sig.args[0] and not dialog.cards


def test_the_workbench_exports_my_cases(qtbot, ws: Workstation, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from bjstc_desktop.gui.workbench import Workbench

    bench = Workbench(ws)
    qtbot.addWidget(bench)
    assert bench.reports.button.text() == "导出Excel"
    with qtbot.waitSignal(bench.reports.list_exported):
        bench.reports.export_list(tmp_path / "mine.xlsx", "mine", dt.date.today())
    rows = list(openpyxl.load_workbook(tmp_path / "mine.xlsx").active.iter_rows(min_row=5, values_only=True))
    assert rows and {r[5] for r in rows} == {"zhang"}
    with qtbot.waitSignal(bench.reports.list_exported):
        bench.reports.export_list(tmp_path / "overdue.xlsx", "overdue", dt.date.today())
    overdue = ws.cases.due()
    expected = sum(1 for c in overdue if c.due_status == "overdue")
    sheet_rows = list(openpyxl.load_workbook(tmp_path / "overdue.xlsx").active.iter_rows(min_row=5, values_only=True))
    assert len(sheet_rows) == expected
