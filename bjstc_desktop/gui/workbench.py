"""工作台: what needs the officer now, across every duty they may see — overdue cases,
cases due today or soon (within the workstation's `due_soon_workdays` working days, as
CaseView.due_status says), and the cases they handle."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMenu, QVBoxLayout, QWidget

from bjstc_desktop.core.roles import Role
from bjstc_desktop.core.workcalendar import missing_notice_year
from bjstc_desktop.gui.case_menu import CaseMenu
from bjstc_desktop.gui.case_table import CaseListPanel
from bjstc_desktop.gui.case_table_model import DEFAULT_PAGE_SIZE, CaseTableModel, Page, PageReader
from bjstc_desktop.gui.due_badge import DUE_SOON, DUE_TODAY
from bjstc_desktop.gui.duty_reports import WorkbenchReports
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.module_tab import ModuleTab
from bjstc_desktop.gui.operations import read, run_operation
from bjstc_desktop.ops.views import COUNT_CAP, CaseView

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation

DUE_HORIZON_DAYS = 14
DEFAULT_DUE_SOON_WORKDAYS = 3


def due_soon_workdays(ws: Workstation) -> int:
    """The reminder threshold in working days (the workstation setting; on a reader thread)."""
    try:
        value = ws.admin.settings().get("due_soon_workdays", DEFAULT_DUE_SOON_WORKDAYS)
    except Exception:  # settings are a convenience; the lists still show
        return DEFAULT_DUE_SOON_WORKDAYS
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else DEFAULT_DUE_SOON_WORKDAYS


def due_horizon_days(workdays: int) -> int:
    """Calendar days that surely hold `workdays` working days (holidays included)."""
    return max(DUE_HORIZON_DAYS, workdays * 2 + 12)


def read_due(ws: Workstation, today: dt.date) -> tuple[int, Any]:
    """The due_soon_workdays setting and the due list it asks for, in one read (on a
    reader thread): the first page needs no settings read on the GUI thread."""
    workdays = due_soon_workdays(ws)
    return workdays, ws.cases.due_summary(today=today, horizon_days=due_horizon_days(workdays))


def my_cases_reader(ws: Workstation) -> PageReader:
    """Keyset pages of the cases the acting officer handles (承办人), newest first."""

    def read(cursor: str | None, limit: int) -> Page:
        rows = ws.cases.list(after_id=cursor, limit=limit, mine=True)
        return Page(rows, rows[-1].id if rows else cursor, len(rows) == limit)

    return read


class _Tile(QFrame):
    """A number with a caption (已超期 3)."""

    def __init__(self, name: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("tile", True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(0)
        self.number = QLabel("—", self)
        self.number.setObjectName("tile_number")
        self.caption = QLabel(caption, self)
        self.caption.setObjectName("tile_caption")
        layout.addWidget(self.number)
        layout.addWidget(self.caption)

    def set_value(self, text: str) -> None:
        """Show `text` as the tile's number."""
        self.number.setText(text)


class Workbench(ModuleTab):
    """The first tab: overdue, due soon and my cases, across the modules in scope."""

    def __init__(self, ws: Workstation, page_size: int = DEFAULT_PAGE_SIZE,
                 today: Callable[[], dt.date] = dt.date.today, parent: QWidget | None = None) -> None:
        super().__init__(ws, "workbench", parent)
        self._today = today
        self._total: int | None = None
        self._overdue_total: int | None = None  # every overdue case, also beyond the list
        self._due_pending = False  # the due list is being read
        self._told = False  # populated was emitted for the last refresh
        self.notice_read = False  # the holiday-notice reminder has been read
        self.workdays = DEFAULT_DUE_SOON_WORKDAYS  # the setting, once read with the due list
        self.header_title.setText(self.title())
        self.reports = WorkbenchReports(ws, self.header_summary, self)  # 导出Excel: overdue, mine
        self.toolbar.addWidget(self.reports.button)
        tiles = QHBoxLayout()
        tiles.setSpacing(10)
        self.tile_overdue = _Tile("tile_overdue", self.tr("Overdue"), self)
        self.tile_due = _Tile("tile_due_soon", "", self)
        self.tile_mine = _Tile("tile_mine", self.tr("Cases I handle"), self)
        self.tile_total = _Tile("tile_total", self.tr("Cases I may see"), self)
        # The system administrator's reminder to enter the coming year's holiday notice.
        self.tile_notice = _Tile("tile_calendar_notice", self.tr("Holiday notice to enter (year)"), self)
        self.tile_notice.hide()
        for tile in (self.tile_overdue, self.tile_due, self.tile_mine, self.tile_total, self.tile_notice):
            tiles.addWidget(tile, 1)
        self.body.addLayout(tiles)
        self.registers = QLabel(self)  # 专家库, 失信记录, 专家评审, 归档 at a glance
        self.registers.setObjectName("workbench_registers")
        self.registers.setWordWrap(True)
        self.body.addWidget(self.registers)
        self.overdue = CaseTableModel(today=today, parent=self)
        self.due_soon = CaseTableModel(today=today, parent=self)
        self.mine = CaseTableModel(ws, page_size=page_size, today=today, parent=self)
        self.sections: list[tuple[QLabel, CaseListPanel]] = []
        self.menus: list[CaseMenu] = []
        for model, name, caption, empty in (
            (self.overdue, "workbench_overdue", self.tr("Overdue"), self.tr("No overdue cases.")),
            (self.due_soon, "workbench_due_soon", self.tr("Due today or soon"), self._nothing_due()),
            (self.mine, "workbench_mine", self.tr("My cases"), self.tr("You handle no cases at present.")),
        ):
            label = QLabel(caption, self)
            label.setObjectName("section_title")
            panel = CaseListPanel(model, empty, name, self)
            panel.table.case_activated.connect(self.case_open_requested)
            menu = CaseMenu(panel.table, ws, self._menu_extras)  # right-click: open, act, letter, export
            menu.case_changed.connect(self.case_changed)
            self.menus.append(menu)
            model.populated.connect(self._update)
            model.failed.connect(lambda _t: self._update())
            self.body.addWidget(label)
            self.body.addWidget(panel, 1)
            self.sections.append((label, panel))
        self._show_workdays(self.workdays)

    def _nothing_due(self) -> str:
        return self.tr("No cases due in the next %n working day(s).", "", self.workdays)

    def _show_workdays(self, workdays: int) -> None:
        """The due_soon_workdays setting (read with the due list) in the tile and the list."""
        self.workdays = workdays
        self.tile_due.caption.setText(self.tr("Due within %n working day(s)", "", workdays))
        self.sections[1][1].empty_text = self._nothing_due()

    def title(self) -> str:
        """工作台."""
        return self.tr("Workbench")

    def _menu_extras(self, menu: QMenu, _cases: list[CaseView]) -> None:
        export = menu.addMenu(self.reports.button.text())
        export.setObjectName("menu_export")
        export.setEnabled(self.reports.button.isEnabled())
        for action in self.reports.button.menu().actions():
            export.addAction(action)

    def focus_list(self) -> None:
        """The first list with cases in it takes the keyboard."""
        for _label, panel in self.sections:
            if panel.currentWidget() is panel.table:
                panel.table.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        super().focus_list()

    def set_total(self, total: int) -> None:
        """The number of cases the officer may see (from the per-module counts)."""
        self._total = total
        self.tile_total.set_value(str(total))

    def is_populated(self) -> bool:
        """True once the due list and the first page of my cases have been read."""
        return not self._due_pending and self.overdue.loaded and self.due_soon.loaded and self.mine.loaded

    def refresh(self) -> None:
        """Read the due list and the first page of my cases again."""
        self._activated = True
        today = self._today()
        self._due_pending, self._told = True, False
        op = read(self.tr("Reading the due cases"), lambda ws: read_due(ws, today))
        run_operation(self, self.ws, op, self._show_due, self._due_unread)
        self.mine.set_reader(my_cases_reader(self.ws))
        self.mine.load_first_page()
        self._remind_holiday_notice(today)
        self._read_registers(today)
        self._update()

    def _show_due(self, read_: tuple[int, Any]) -> None:
        workdays, due = read_
        self._show_workdays(workdays)
        self._due_pending = False
        self._overdue_total = due.overdue_total
        self.overdue.set_rows(due.overdue)  # due before today and open: overdue by the query
        self.due_soon.set_rows([c for c in due.upcoming if c.due_status in (DUE_TODAY, DUE_SOON)])

    def _due_unread(self, exc: BaseException) -> None:
        self._due_pending = False
        self._overdue_total = None
        self.overdue.set_error(error_text(exc))
        self.due_soon.set_error(error_text(exc))

    def _remind_holiday_notice(self, today: dt.date) -> None:
        """Show the system administrator, each December, the year whose State Council
        holiday notice is still to be entered (core.workcalendar.missing_notice_year)."""
        self.tile_notice.hide()
        self.notice_read = self.ws.actor.role is not Role.SYSADMIN  # the tile is as it stays
        if self.notice_read:
            return

        def show(year: int | None) -> None:
            self.notice_read = True
            self.tile_notice.setVisible(year is not None)
            if year is not None:
                self.tile_notice.set_value(str(year))

        op = read(self.tr("Reading the calendar"), lambda ws: missing_notice_year(today, ws.reference.calendar().known_years))
        run_operation(self, self.ws, op, show, lambda _exc: setattr(self, "notice_read", True))  # a reminder only

    def _read_registers(self, today: dt.date) -> None:
        """The shared registers' line, read off the GUI thread."""
        if not self.ws.actor.role.handles_cases:
            self.registers.hide()
            return

        def show(r: Any) -> None:
            self.registers.setText(self.tr(
                "Expert pool: %1 · integrity records in force: %2, hitting %3 open case(s) · "
                "in expert review: %4 · filed this year: %5").replace("%1", str(r.experts))
                .replace("%2", str(r.records_in_force)).replace("%3", str(r.open_cases_hit))
                .replace("%4", str(r.in_expert_review)).replace("%5", str(r.filed_this_year)))
            self.registers.setProperty("alert", r.open_cases_hit > 0)
            self.registers.style().unpolish(self.registers)
            self.registers.style().polish(self.registers)

        op = read(self.tr("Reading the registers"), lambda ws: ws.registers.summary(today))
        run_operation(self, self.ws, op, show, lambda exc: self.registers.setText(error_text(exc)))

    def _update(self) -> None:
        if self.is_populated() and not self._told:  # the due list and my first page are both in
            self._told = True
            self.populated.emit()
        overdue = self._overdue_total if self._overdue_total is not None else self.overdue.rowCount()
        shown = f"{COUNT_CAP}+" if overdue > COUNT_CAP else str(overdue)
        self.tile_overdue.set_value(shown if self.overdue.loaded else "—")
        self.tile_due.set_value(str(self.due_soon.rowCount()) if self.due_soon.loaded else "—")
        mine = self.mine.rowCount()
        self.tile_mine.set_value(f"{mine}+" if self.mine.canFetchMore() else str(mine))
        self.tile_overdue.setProperty("alert", self.overdue.rowCount() > 0)
        self.tile_overdue.style().unpolish(self.tile_overdue)
        self.tile_overdue.style().polish(self.tile_overdue)
        for _label, panel in self.sections:
            empty = panel.model.loaded and panel.model.rowCount() == 0
            # An empty list shrinks to its one sentence; the lists with rows share the room.
            panel.setMaximumHeight(40 if empty else 16777215)
            self.body.setStretchFactor(panel, 0 if empty else 1)
        today = self._today()
        date = QLocale().toString(QDate(today.year, today.month, today.day), QLocale.FormatType.LongFormat)
        self.header_summary.setText(f"{self.ws.actor.name} · {date}")
