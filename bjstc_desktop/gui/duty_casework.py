"""The casework tools of a duty tab's tool row: 导入Excel (on duties whose lists can be
imported) and 批量操作 on the selected cases (a workflow action, a new 承办人, a letter)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMenu, QMessageBox, QToolButton

from bjstc_desktop.core.importprofiles import profiles_for_module
from bjstc_desktop.gui.bulk_actions import (
    ACT,
    ASSIGN,
    LETTER,
    BulkParamsDialog,
    BulkResultDialog,
    BulkRun,
)
from bjstc_desktop.ops.views import CaseView

if TYPE_CHECKING:  # imported when first opened
    from bjstc_desktop.gui.import_wizard import ImportWizard
    from bjstc_desktop.ops.bulk import (
        BulkResult,  # for annotations only: its module loads when first used
    )

if TYPE_CHECKING:
    from bjstc_desktop.gui.module_tab import DutyTab


class DutyCasework(QObject):
    """Adds the import button and the bulk menu to `tab` and runs them."""

    bulk_finished = Signal(object)
    """Emitted with the BulkResult after a bulk action ran (and the list was re-read)."""

    def __init__(self, tab: DutyTab) -> None:
        super().__init__(tab)
        self.tab = tab
        self.wizard: ImportWizard | None = None
        self.run: BulkRun | None = None
        self.result_dialog: BulkResultDialog | None = None
        code = tab.module.code
        allowed = code in tab.ws.actor.modules and tab.ws.actor.role.handles_cases
        self.profiles = profiles_for_module(code)
        self.import_button = QToolButton(tab)
        self.import_button.setObjectName(f"import_excel_{code}")
        self.import_button.setText(self.tr("Import Excel"))
        self.import_button.setToolTip(self.tr("Import a list received as an Excel workbook, checked row by row"))
        self.import_button.setVisible(bool(self.profiles))
        self.import_button.setEnabled(allowed)
        self.import_button.clicked.connect(self.open_import)
        self.bulk_button = QToolButton(tab)
        self.bulk_button.setObjectName(f"bulk_{code}")
        self.bulk_button.setText(self.tr("Bulk actions"))
        self.bulk_button.setToolTip(self.tr("Select several cases (Ctrl or Shift + click), then act on all of them"))
        menu = QMenu(self.bulk_button)
        menu.setObjectName(f"bulk_menu_{code}")
        for kind, label in ((ACT, self.tr("Workflow action…")), (ASSIGN, self.tr("Change the handler…")),
                            (LETTER, self.tr("Issue a letter…"))):
            action = menu.addAction(label)
            action.setObjectName(f"bulk_{kind}")
            action.triggered.connect(lambda _c=False, k=kind: self.open_bulk(k))
        self.bulk_button.setMenu(menu)
        self.bulk_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.bulk_button.setEnabled(False)
        self._allowed = allowed
        tab.toolbar.addWidget(self.import_button)
        tab.toolbar.addWidget(self.bulk_button)
        tab.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        tab.model.modelReset.connect(self._selection_changed)

    def selected_cases(self) -> list[CaseView]:
        """The cases selected in the tab's list."""
        return [self.tab.model.case_at(r) for r in self.tab.table.selected_rows()]

    def _selection_changed(self) -> None:
        self.bulk_button.setEnabled(self._allowed and bool(self.tab.table.selected_rows()))

    # ----- import --------------------------------------------------------------------------
    def open_import(self) -> ImportWizard:
        """Open the import wizard for this duty's lists."""
        from bjstc_desktop.gui.import_wizard import ImportWizard

        wizard = ImportWizard(self.tab.ws, self.profiles, self.tab.window())
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.import_finished.connect(lambda _r: self.tab.refresh())
        self.wizard = wizard
        wizard.open()
        return wizard

    # ----- bulk ----------------------------------------------------------------------------
    def open_bulk(self, kind: str) -> BulkParamsDialog | None:
        """Ask for the bulk action's parameters; on OK, run it on the selected cases."""
        cases = self.selected_cases()
        if not cases:
            return None
        dialog = BulkParamsDialog(self.tab.ws, kind, cases, self.tab.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.start_bulk(dialog, cases))
        dialog.open()
        return dialog

    def start_bulk(self, dialog: BulkParamsDialog, cases: list[CaseView]) -> BulkRun:
        """Run the dialog's operation on `cases` behind a progress dialog."""
        ids = [c.id for c in cases]
        run = BulkRun(self.tab.window(), self.tab.ws, dialog.windowTitle(), len(ids), dialog.call(ids))
        run.finished.connect(self._bulk_done)
        run.failed.connect(lambda text: QMessageBox.warning(self.tab.window(), self.tr("Bulk action"), text))
        self.run = run
        run.start()
        return run

    def _bulk_done(self, result: BulkResult) -> None:
        self.tab.refresh()
        self.result_dialog = BulkResultDialog(result, self.tab.window())
        self.result_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.result_dialog.open()
        self.bulk_finished.emit(result)
