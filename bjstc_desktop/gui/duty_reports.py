"""The report buttons of the main window's pages. A duty tab's 统计 opens the duty's
dashboard and its 导出Excel writes the list as it stands (the type filter, or the current
search result); the workbench's 导出Excel writes the overdue cases or my cases. Exports
run off the GUI thread, filtered and audited by the workstation like every read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QLineEdit, QMenu, QToolButton, QWidget

from bjstc_desktop.core.casetypes import Module
from bjstc_desktop.gui.export_paths import default_export_path
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.operations import export_operation as _export
from bjstc_desktop.gui.operations import run_operation

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation

if TYPE_CHECKING:  # QtCharts loads when a dashboard is first opened, not at start
    from bjstc_desktop.gui.dashboard import DashboardDialog
    from bjstc_desktop.ops.exports import (
        ExportResult,  # for annotations only: its module loads when first used
    )


class _Tab(Protocol):
    ws: Workstation
    module: Module
    type_filter: QComboBox
    search_edit: QLineEdit
    header_summary: QLabel

    def window(self) -> QWidget: ...


class DutyReports(QObject):
    """The 统计 and 导出Excel buttons of one duty tab, and what they do."""

    list_exported = Signal(str)
    """Emitted with the path of the workbook after the list was exported."""

    export_failed = Signal(str)
    """Emitted with the officer's message when the list could not be exported."""

    def __init__(self, tab: _Tab, parent: QWidget) -> None:
        super().__init__(parent)
        self.tab = tab
        code = tab.module.code
        allowed = code in tab.ws.actor.modules and tab.ws.actor.role.handles_cases
        self.dashboard: DashboardDialog | None = None
        self.stats_button = QToolButton(parent)
        self.stats_button.setObjectName(f"statistics_{code}")
        self.stats_button.setText(self.tr("Statistics"))
        self.stats_button.setToolTip(self.tr("Charts of this duty's cases (only those you may see)"))
        self.export_button = QToolButton(parent)
        self.export_button.setObjectName(f"export_list_{code}")
        self.export_button.setText(self.tr("Export Excel"))
        self.export_button.setToolTip(self.tr("Save the list as shown (filter or search result) as an Excel workbook"))
        for button in (self.stats_button, self.export_button):
            button.setEnabled(allowed)
        self.stats_button.clicked.connect(self.open_dashboard)
        self.export_button.clicked.connect(self._choose_path)

    def open_dashboard(self) -> DashboardDialog:
        """Open (or raise) the dashboard of this duty."""
        if self.dashboard is None:
            from bjstc_desktop.gui.dashboard import DashboardDialog

            self.dashboard = DashboardDialog(self.tab.ws, self.tab.module, parent=self.tab.window())
            self.dashboard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.dashboard.destroyed.connect(self._forget_dashboard)
        self.dashboard.show()
        self.dashboard.raise_()
        return self.dashboard

    def _forget_dashboard(self) -> None:
        self.dashboard = None

    def export_list(self, path: Path) -> None:
        """Write the list as it stands to `path`, off the GUI thread."""
        ws, code = self.tab.ws, self.tab.module.code
        type_code = self.tab.type_filter.currentData()
        query = self.tab.search_edit.text().strip() or None
        self.export_button.setEnabled(False)
        self.tab.header_summary.setText(self.tr("Exporting…"))
        op = _export(lambda w: w.reports.export_cases(path, module=code, case_type=type_code, query=query))
        run_operation(self, ws, op, self._done, self._failed)

    def _done(self, result: ExportResult) -> None:
        self.export_button.setEnabled(True)
        self.tab.header_summary.setText(self.tr("%1 case(s) exported to %2").replace("%1", str(result.rows))
                                        .replace("%2", result.path))
        self.list_exported.emit(result.path)

    def _failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        text = error_text(exc)
        self.tab.header_summary.setText(text)
        self.export_failed.emit(text)

    def _choose_path(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.tab.window(), self.tr("Export Excel"),
                                              str(default_export_path("cases", ".xlsx")),
                                              self.tr("Excel workbook (*.xlsx)"))
        if path:
            self.export_list(Path(path if path.lower().endswith(".xlsx") else path + ".xlsx"))


class WorkbenchReports(QObject):
    """The workbench's 导出Excel button: the overdue cases or the cases I handle."""

    list_exported = Signal(str)
    """Emitted with the path of the workbook after a list was exported."""

    export_failed = Signal(str)
    """Emitted with the officer's message when a list could not be exported."""

    def __init__(self, ws: Workstation, summary: QLabel, parent: QWidget) -> None:
        super().__init__(parent)
        self.ws = ws
        self.summary = summary
        self.button = QToolButton(parent)
        self.button.setObjectName("export_list_workbench")
        self.button.setText(self.tr("Export Excel"))
        self.button.setEnabled(ws.actor.role.handles_cases)
        menu = QMenu(self.button)
        for which, label in (("overdue", self.tr("Overdue cases")), ("mine", self.tr("Cases I handle"))):
            action = menu.addAction(label)
            action.setObjectName(f"export_{which}")
            action.triggered.connect(lambda _c=False, w=which: self._choose_path(w))
        self.button.setMenu(menu)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

    def export_list(self, path: Path, which: str, today: dt.date) -> None:
        """Write the overdue cases ("overdue") or my cases ("mine") to `path`, off the GUI thread."""
        ws = self.ws
        self.button.setEnabled(False)
        self.summary.setText(self.tr("Exporting…"))
        if which == "mine":
            run_operation(self, ws, _export(lambda w: w.reports.export_cases(path, mine=True)), self._done, self._failed)
        else:
            run_operation(self, ws, _export(lambda w: w.reports.export_cases(path, overdue_on=today)), self._done, self._failed)

    def _done(self, result: ExportResult) -> None:
        self.button.setEnabled(True)
        self.summary.setText(self.tr("%1 case(s) exported to %2").replace("%1", str(result.rows))
                             .replace("%2", result.path))
        self.list_exported.emit(result.path)

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        text = error_text(exc)
        self.summary.setText(text)
        self.export_failed.emit(text)

    def _choose_path(self, which: str) -> None:
        parent = self.parent()
        path, _ = QFileDialog.getSaveFileName(parent if isinstance(parent, QWidget) else None,
                                              self.tr("Export Excel"), str(default_export_path("cases", ".xlsx")),
                                              self.tr("Excel workbook (*.xlsx)"))
        if path:
            self.export_list(Path(path if path.lower().endswith(".xlsx") else path + ".xlsx"), which,
                             dt.date.today())
