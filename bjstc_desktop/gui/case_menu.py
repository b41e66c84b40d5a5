"""The right-click menu of every case list (duty tabs, the workbench, 全局检索): open the
case, make one of the moves the workstation allows now (the same dialog as in the case
window), draft one of the case type's letters (previewed before it is numbered), and the
list's own entries (导出Excel, 批量操作) that its page adds."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import QMenu

from bjstc_desktop.core.errors import NotFoundError
from bjstc_desktop.core.modules import case_type
from bjstc_desktop.gui.case_letters import template_name
from bjstc_desktop.gui.case_table import CaseTableView
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.ops.views import CaseView
from bjstc_desktop.workstation import Workstation

if TYPE_CHECKING:  # imported when first opened
    from bjstc_desktop.gui.action_dialog import ActionDialog
    from bjstc_desktop.gui.letter_preview import LetterJob

Extras = Callable[[QMenu, list[CaseView]], None]


class CaseMenu(QObject):
    """Gives `table` its right-click menu; `extras` adds the page's own entries."""

    case_changed = Signal(str)
    """Emitted with a case id after a move or an issued letter made from the menu."""

    def __init__(self, table: CaseTableView, ws: Workstation, extras: Extras | None = None) -> None:
        super().__init__(table)
        self.table, self.ws, self._extras = table, ws, extras
        self.dialog: ActionDialog | None = None
        self.job: LetterJob | None = None
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._requested)

    def selected_cases(self) -> list[CaseView]:
        """The cases selected in the table (the model's rows)."""
        model = self.table.model()
        return [model.case_at(r) for r in self.table.selected_rows()]  # type: ignore[attr-defined]

    def build(self) -> QMenu:
        """The menu for the current selection."""
        cases = self.selected_cases()
        menu = QMenu(self.table)
        menu.setObjectName("case_menu")
        open_ = menu.addAction(self.tr("Open"))
        open_.setObjectName("menu_open")
        open_.setShortcut(Qt.Key.Key_Return)
        open_.setEnabled(len(cases) == 1)
        if len(cases) == 1:
            case_id = cases[0].id
            open_.triggered.connect(lambda: self.table.case_activated.emit(case_id))
            self._single(menu, cases[0])
        if self._extras is not None:
            menu.addSeparator()
            self._extras(menu, cases)
        return menu

    def _single(self, menu: QMenu, case: CaseView) -> None:
        act = menu.addMenu(self.tr("Handle"))
        act.setObjectName("menu_act")
        letters = menu.addMenu(self.tr("Draft a letter"))
        letters.setObjectName("menu_letter")
        try:
            moves = self.ws.workflow.actions(case.id) if self.ws.actor.role.handles_cases else []
            templates = self.ws.letters.templates(case.id) if self.ws.actor.role.handles_cases else []
        except Exception as exc:  # the menu says why instead of offering nothing silently
            act.addAction(error_text(exc)).setEnabled(False)
            moves, templates = [], []
        for move in moves:
            action = act.addAction(move.label)
            action.setObjectName(f"menu_act_{move.action}")
            action.triggered.connect(lambda _c=False, m=move: self.act(case.id, m.action))
        for t in templates:
            action = letters.addAction(template_name(t.code, t.name))
            action.setObjectName(f"menu_letter_{t.code}")
            action.triggered.connect(lambda _c=False, code=t.code: self.letter(case.id, code))
        act.setEnabled(bool(moves))
        letters.setEnabled(bool(templates))

    # ----- what the entries do ---------------------------------------------------------------------
    def act(self, case_id: str, action: str) -> ActionDialog | None:
        """Open the dialog of one move on the case (it acts only when confirmed)."""
        try:
            case = self.ws.cases.show(case_id)
            ct = case_type(case.type)
            view = next(a for a in self.ws.workflow.actions(case_id) if a.action == action)
        except (NotFoundError, StopIteration):
            return None
        from bjstc_desktop.gui.action_dialog import ActionDialog

        dialog = ActionDialog(self.ws, case, ct, view, self.table.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.acted.connect(lambda _result: self.case_changed.emit(case_id))
        dialog.open()
        self.dialog = dialog
        return dialog

    def letter(self, case_id: str, template: str) -> LetterJob:
        """Preview the unnumbered draft of `template`; 签发 there issues it."""
        from bjstc_desktop.gui.letter_preview import preview_draft

        job = preview_draft(self.table.window(), self.ws, case_id, template)
        job.opened.connect(lambda dialog: dialog.signed.connect(lambda _r: self.case_changed.emit(case_id)))
        self.job = job
        return job

    def _requested(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid() and index.row() not in self.table.selected_rows():
            self.table.selectRow(index.row())
        self.build().popup(self.table.viewport().mapToGlobal(pos))
