"""Due badges: the 期限 cell of every case list and the case header take the colour of
CaseView.due_status (yellow due soon, orange due today, red overdue), which the
workstation computes with its `due_soon_workdays` setting."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from bjstc_desktop.gui.case_detail import CaseDetailDialog
from bjstc_desktop.gui.case_table import CaseTableView
from bjstc_desktop.gui.case_table_model import OVERDUE_COLOUR, CaseTableModel
from bjstc_desktop.gui.due_badge import DUE_STATUS_ROLE, badge_colour, text_colour
from bjstc_desktop.ops.views import CaseView
from tests.gui.casework import SELLER_USCC, case_details

HNTE = {"enterprise": "北京高企科技有限公司", "enterprise_uscc": SELLER_USCC}
DUE_COLUMN = CaseTableModel.KEYS.index("due")


def _overdue_case(ws) -> CaseView:  # type: ignore[no-untyped-def]
    # 高企 acceptance runs 5 working days from receipt: received 60 days ago, it is overdue.
    return ws.cases.create("hnte", "早已超期的高企认定", HNTE, received_on=dt.date.today() - dt.timedelta(days=60))


def test_an_overdue_case_has_the_overdue_colour_and_role_data_in_its_due_cell(qtbot, office) -> None:
    officer, _ = office
    late = _overdue_case(officer)
    fresh = officer.cases.create("hnte", "刚收件", HNTE)
    model = CaseTableModel()
    model.set_rows(officer.cases.list())
    rows = {model.case_at(r).id: r for r in range(model.rowCount())}
    cell = model.index(rows[late.id], DUE_COLUMN)
    assert cell.data(DUE_STATUS_ROLE) == "overdue"
    assert cell.data(Qt.ItemDataRole.ForegroundRole) == OVERDUE_COLOUR == QColor("#b3261e")
    assert cell.data(Qt.ItemDataRole.BackgroundRole) == badge_colour("overdue")
    assert cell.data(Qt.ItemDataRole.ToolTipRole).startswith("已超期")
    calm = model.index(rows[fresh.id], DUE_COLUMN)
    assert calm.data(DUE_STATUS_ROLE) in ("normal", "due_soon")
    assert calm.data(Qt.ItemDataRole.BackgroundRole) != badge_colour("overdue")


def test_each_status_has_its_own_colour_and_normal_has_none(qtbot) -> None:
    today = dt.date(2026, 6, 1)
    base = CaseView(id="x", case_no="技合〔2026〕1号", type="tech_contract", module="market", title="t",
                    state="受理", classification="公开", due="2026-06-03", due_verified=True, due_status="normal",
                    received_on="2026-05-28", handler="zhang")
    statuses = ("overdue", "due_today", "due_soon", "normal", None)
    model = CaseTableModel(today=lambda: today)
    model.set_rows([dataclasses.replace(base, id=s or "closed", due_status=s) for s in statuses])
    backgrounds = [model.index(r, DUE_COLUMN).data(Qt.ItemDataRole.BackgroundRole) for r in range(5)]
    assert backgrounds[:3] == [badge_colour(s) for s in statuses[:3]] and len(set(map(QColor.name, backgrounds[:3]))) == 3
    assert backgrounds[3:] == [None, None]
    assert model.index(1, DUE_COLUMN).data(Qt.ItemDataRole.ToolTipRole).startswith("今日到期")
    assert model.index(2, DUE_COLUMN).data(Qt.ItemDataRole.ToolTipRole).startswith("2 天后到期")
    assert "已办结" in model.index(4, DUE_COLUMN).data(Qt.ItemDataRole.ToolTipRole)


def test_the_due_cell_is_painted_as_a_badge(qtbot) -> None:
    base = CaseView(id="a", case_no="技合〔2026〕1号", type="tech_contract", module="market", title="超期",
                    state="审核认定", classification="公开", due="2026-05-20", due_verified=True,
                    due_status="overdue", received_on="2026-05-10", handler="zhang")
    model = CaseTableModel(today=lambda: dt.date(2026, 6, 1))
    model.set_rows([base, dataclasses.replace(base, id="b", due_status="normal")])
    view = CaseTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(1000, 200)
    view.show()
    image = view.viewport().grab().toImage()

    def colours(row: int) -> set[str]:
        rect = view.visualRect(model.index(row, DUE_COLUMN))
        return {image.pixelColor(x, rect.center().y()).name() for x in range(rect.left(), rect.right())}

    assert badge_colour("overdue").name() in colours(0)
    assert badge_colour("overdue").name() not in colours(1)


def test_the_case_header_carries_the_due_badge(qtbot, office) -> None:
    officer, _ = office
    late = _overdue_case(officer)
    dialog = CaseDetailDialog(officer, case_details(officer, late.id))
    qtbot.addWidget(dialog)
    dialog.show()
    badge = dialog.findChild(QLabel, "due_badge")
    assert badge.isVisible() and badge.property("dueStatus") == "overdue"
    assert badge.text().startswith("已超期") and badge.text().endswith("天")
    assert text_colour("overdue") == OVERDUE_COLOUR


def test_a_due_date_in_a_year_without_a_calendar_is_flagged(qtbot, office) -> None:
    """A deadline counted into a year whose State Council notice is not loaded is marked
    with * and says why: never a guessed date shown as certain."""
    officer, _ = office
    late_year = officer.cases.create("hnte", "跨入未核实年度的高企认定", HNTE, received_on=dt.date(2099, 12, 24))
    known = officer.cases.create("hnte", "本年度的高企认定", HNTE, received_on=dt.date(2026, 6, 1))
    model = CaseTableModel(today=lambda: dt.date(2026, 6, 1))
    model.set_rows(officer.cases.list())
    rows = {model.case_at(r).id: r for r in range(model.rowCount())}
    flagged = model.index(rows[late_year.id], DUE_COLUMN)
    assert late_year.due_verified is False
    assert flagged.data(Qt.ItemDataRole.DisplayRole).endswith(" *")
    assert "本年度工作日历尚未核实" in flagged.data(Qt.ItemDataRole.ToolTipRole)
    plain = model.index(rows[known.id], DUE_COLUMN)
    assert known.due_verified is True and not plain.data(Qt.ItemDataRole.DisplayRole).endswith("*")
    assert "未核实" not in plain.data(Qt.ItemDataRole.ToolTipRole)

