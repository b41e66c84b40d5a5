"""The right-click menu of every case list (duty tabs, the workbench, 全局检索): open the
case, make one of the moves the workstation allows now (the same dialog as in the case
window), draft one of the case type's letters (previewed before it is numbered), and the
list's own entries (导出Excel, 批量操作) that its page adds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import QMenu

from bjstc_desktop.core.errors import NotFoundError
from bjstc_desktop.core.modules import case_type
from bjstc_desktop.gui.case_letters import template_name
from bjstc_desktop.gui.case_table import CaseTableView
from bjstc_desktop.gui.draft_keeper import kept_drafts
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.opening import Opening, open_after_read
from bjstc_desktop.gui.operations import read
from bjstc_desktop.ops.draft_views import ACTION, DraftView
from bjstc_desktop.ops.views import CaseView

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation

if TYPE_CHECKING:  # imported when first opened
    from bjstc_desktop.gui.action_dialog import ActionDialog
    from bjstc_desktop.gui.letter_preview import LetterJob
    from bjstc_desktop.ops.letters import (
        TemplateView,  # for annotations only: its module loads when first used
    )
    from bjstc_desktop.ops.workflow import (
        ActionView,  # for annotations only: its module loads when first used
    )

Extras = Callable[[QMenu, list[CaseView]], None]


@dataclass(frozen=True)
class CaseChoices:
    """What the menu offers on one case: its moves open now and the letters its type
    issues, read off the GUI thread before the menu shows (or why they could not be)."""

    moves: tuple[ActionView, ...] = ()
    templates: tuple[TemplateView, ...] = ()
    refused: str = ""


def read_choices(ws: Workstation, case_id: str) -> CaseChoices:
    """The moves and letters of one case (on a reader thread)."""
    if not ws.actor.role.handles_cases:
        return CaseChoices()
    try:
        return CaseChoices(tuple(ws.workflow.actions(case_id)), tuple(ws.letters.templates(case_id)))
    except Exception as exc:  # the menu says why instead of offering nothing silently
        return CaseChoices(refused=error_text(exc))


@dataclass(frozen=True)
class _Move:
    """What the dialog of one move is built from: the case, the move, its kept drafts."""

    case: CaseView
    move: ActionView
    drafts: list[DraftView]


def _read_move(ws: Workstation, case_id: str, action: str) -> _Move | None:
    try:
        case = ws.cases.show(case_id)
        move = next(a for a in ws.workflow.actions(case_id) if a.action == action)
    except (NotFoundError, StopIteration):  # gone, or the move is no longer open: nothing opens
        return None
    return _Move(case, move, kept_drafts(ws, ACTION, case_id, action))


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

    def menu_for_selection(self) -> Opening:
        """The menu for the current selection, once one selected case's moves and letters
        have been read off the GUI thread (`opened` carries it, not yet shown)."""
        cases = self.selected_cases()
        case_id = cases[0].id if len(cases) == 1 else ""
        op = read(self.tr("Reading the case"), lambda ws: read_choices(ws, case_id) if case_id else None)
        return open_after_read(self.table, self.ws, op, lambda choices: self.build(cases, choices))

    def build(self, cases: list[CaseView], choices: CaseChoices | None) -> QMenu:
        """The menu for `cases` (the selection), with one case's `choices` already read."""
        menu = QMenu(self.table)
        menu.setObjectName("case_menu")
        open_ = menu.addAction(self.tr("Open"))
        open_.setObjectName("menu_open")
        open_.setShortcut(Qt.Key.Key_Return)
        open_.setEnabled(len(cases) == 1)
        if len(cases) == 1:
            case_id = cases[0].id
            open_.triggered.connect(lambda: self.table.case_activated.emit(case_id))
            self._single(menu, cases[0], choices or CaseChoices())
        if self._extras is not None:
            menu.addSeparator()
            self._extras(menu, cases)
        return menu

    def _single(self, menu: QMenu, case: CaseView, choices: CaseChoices) -> None:
        act = menu.addMenu(self.tr("Handle"))
        act.setObjectName("menu_act")
        letters = menu.addMenu(self.tr("Draft a letter"))
        letters.setObjectName("menu_letter")
        moves, templates = choices.moves, choices.templates
        if choices.refused:
            act.addAction(choices.refused).setEnabled(False)
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
    def act(self, case_id: str, action: str) -> Opening:
        """Open the dialog of one move on the case (it acts only when confirmed), once
        the case, the move and its kept draft have been read off the GUI thread; nothing
        opens if the case is gone or the move no longer open. `self.dialog` holds it."""
        op = read(self.tr("Reading the case"), lambda ws: _read_move(ws, case_id, action))
        return open_after_read(self.table, self.ws, op, self._open_move)

    def _open_move(self, read_move: _Move | None) -> ActionDialog | None:
        if read_move is None:
            return None
        try:
            ct = case_type(read_move.case.type)
        except NotFoundError:
            return None
        from bjstc_desktop.gui.action_dialog import ActionDialog

        case_id = read_move.case.id
        dialog = ActionDialog(self.ws, read_move.case, ct, read_move.move, self.table.window(),
                              drafts=read_move.drafts)
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
        at = self.table.viewport().mapToGlobal(pos)
        self.menu_for_selection().opened.connect(lambda menu: menu.popup(at))
