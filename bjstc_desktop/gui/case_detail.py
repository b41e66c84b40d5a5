"""One case: header (案号, state, 密级, due badge), its fields with their Chinese labels,
the computed checks, the parties and the handling record — and buttons for exactly the
moves the workstation allows this officer now. Opened from any case list."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from bjstc_desktop.core import i18n
from bjstc_desktop.core.casetypes import CaseType
from bjstc_desktop.core.classification import level_shown
from bjstc_desktop.core.errors import NotFoundError
from bjstc_desktop.core.i18n import letter_name, state_label, step_label
from bjstc_desktop.core.modules import case_type, module
from bjstc_desktop.gui import prefs
from bjstc_desktop.gui.case_letters import CaseLettersPanel
from bjstc_desktop.gui.detail_sections import (
    EMPTY,
    field_text,
    fill_checks,
    fill_fields,
    fill_parties,
    fill_timeline,
)
from bjstc_desktop.gui.draft_keeper import drafts_operation
from bjstc_desktop.gui.due_badge import DueBadge
from bjstc_desktop.gui.fit import fit_to_screen
from bjstc_desktop.gui.forms import child, load_form
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.module_tab import module_title
from bjstc_desktop.gui.opening import Opening, open_after_read
from bjstc_desktop.gui.operations import ChangeNotice, Operation, hub_for, read, run_operation
from bjstc_desktop.ops.draft_views import ACTION, DraftView
from bjstc_desktop.ops.letters import TemplateView
from bjstc_desktop.ops.views import CaseView
from bjstc_desktop.ops.workflow import ActionView, ActResult, CheckView

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation

if TYPE_CHECKING:  # the forms are imported when first opened
    from bjstc_desktop.gui.action_dialog import ActionDialog
    from bjstc_desktop.gui.case_form import CaseFormDialog
    from bjstc_desktop.gui.letter_preview import LetterJob

log = logging.getLogger(__name__)
__all__ = ["EMPTY", "CaseDetailDialog", "CaseDetails", "details_operation", "field_text"]


@dataclass(frozen=True)
class CaseDetails:
    """Everything the case window shows of one case, read in one go off the GUI thread:
    the case, the moves open to this officer, the computed checks, the letters its type
    issues (or why none may be drafted) and its 档号 if filed (None: not read)."""

    case: CaseView
    actions: tuple[ActionView, ...]
    checks: tuple[CheckView, ...]
    templates: tuple[TemplateView, ...]
    templates_refused: str
    filed: tuple[str, ...] | None


def read_details(ws: Workstation, case_id: str, today: dt.date) -> CaseDetails:
    """The case window's data (on a reader thread; see `details_operation`)."""
    case = ws.cases.show(case_id)
    actions = tuple(ws.workflow.actions(case_id))
    checks = tuple(ws.workflow.checks(case_id, today=today))
    try:
        templates, refused = tuple(ws.letters.templates(case_id)), ""
    except Exception as exc:  # a role that handles no cases: nothing to issue, and why
        templates, refused = (), error_text(exc)
    try:
        filed: tuple[str, ...] | None = tuple(i.archive_no for i in ws.archives.filing(case_id).items)
    except Exception as exc:  # the case itself is shown; the filing note is secondary
        log.warning("filing of the case not read: %s", type(exc).__name__)
        filed = None
    return CaseDetails(case, actions, checks, templates, refused, filed)


def details_operation(case_id: str, today: dt.date) -> Operation[CaseDetails]:
    """Read what the case window of `case_id` shows (off the GUI thread)."""
    from PySide6.QtCore import QCoreApplication

    return read(QCoreApplication.translate("CaseDetailDialog", "Reading the case"),
                lambda ws: read_details(ws, case_id, today))


class CaseDetailDialog(QDialog):
    """A non-modal window showing one case, with its legal moves."""

    case_changed = Signal(str)
    """Emitted with the case id after a move, an edit or a letter of this window was
    saved (the lists refresh from the change hub, not from this signal)."""

    resumed = Signal(object)
    """Emitted with the form (case form or move) opened here to go on with a kept draft."""

    reloaded = Signal()
    """Emitted each time the window has shown the case as read again (after a change)."""

    def __init__(self, ws: Workstation, details: CaseDetails, parent: QWidget | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        """Built from `details` already read (`details_operation`): the window never
        shows half a case, and makes no store call on the GUI thread."""
        super().__init__(parent)
        self.setObjectName("case_detail")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        case = details.case
        self.ws, self.case, self._today = ws, case, today
        self._reading = False  # a read of the case is under way
        self._read_again = False  # another change came while it was
        hub_for(ws).changed.connect(self._hub_changed)  # a change made here or anywhere else
        self.actions: list[ActionView] = []
        self.checks: list[CheckView] = []
        self.action_buttons: dict[str, QPushButton] = {}
        self.letter_buttons: dict[str, QPushButton] = {}
        form = load_form("case_detail", self)
        self.form = form
        for label in form.findChildren(QLabel):
            if label.objectName().endswith("_caption"):
                label.setProperty("caption", True)
        self.setWindowTitle(self.tr("Case %1").replace("%1", case.case_no))
        try:
            self.case_type: CaseType | None = case_type(case.type)
        except NotFoundError:
            self.case_type = None
        self.due_badge = DueBadge(form)
        child(form, QHBoxLayout, "title_row").insertWidget(3, self.due_badge)  # after 案号, 密级, 状态
        self._build_bars()
        self.message = child(form, QLabel, "detail_message")
        self.message.hide()
        facts = child(form, QGridLayout, "facts_grid")
        em = self.fontMetrics().horizontalAdvance("国")
        for column in (1, 3, 5):
            facts.setColumnMinimumWidth(column, em * 13)
        facts.setColumnStretch(6, 1)  # the pairs stay together on the left
        for index in range(facts.count()):  # a long value (an English duty's name) wraps, never widens
            widget = facts.itemAt(index).widget()
            if isinstance(widget, QLabel) and widget.objectName().endswith("_value"):
                widget.setWordWrap(True)
        splitter = child(form, QSplitter, "main_splitter")
        self.splitter = splitter
        self._scroll_side(splitter)
        splitter.setStretchFactor(0, 9)
        splitter.setStretchFactor(1, 11)
        form.layout().setStretchFactor(splitter, 1)  # the header keeps its height; the lists take the rest
        if not prefs.restore_splitter("case_detail", splitter):
            splitter.setSizes([900, 1100])
        splitter.splitterMoved.connect(lambda *_: prefs.save_splitter("case_detail", splitter))
        self.letters = CaseLettersPanel(ws, case.id, form, templates=(details.templates, details.templates_refused))
        side = child(form, QVBoxLayout, "side_layout")
        side.insertWidget(side.indexOf(child(form, QLabel, "timeline_title")), self.letters)
        self.letters.changed.connect(self._letters_changed)
        fit_to_screen(self, 1180, 700)
        self.show_details(details)
        self.close_button.setFocus()  # Enter or Esc closes; no field looks "being edited"

    # ----- building -----------------------------------------------------------------------------
    def _scroll_side(self, splitter: QSplitter) -> None:
        """The checks, parties, letters and record scroll as one column: however many
        checks a case has, the window still fits the screen."""
        side = child(self.form, QWidget, "side_box")
        scroll = QScrollArea(splitter)
        scroll.setObjectName("side_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        splitter.insertWidget(1, scroll)
        scroll.setWidget(side)

    def _build_bars(self) -> None:
        self.actions_layout: QHBoxLayout = child(self.form, QWidget, "actions_bar").layout()  # type: ignore[assignment]
        self.actions_layout.addStretch(1)
        self.edit_button = QPushButton(self.tr("Edit"), self.form)
        self.edit_button.setObjectName("edit_button")
        self.panel_button = QPushButton(self.tr("Expert panel…"), self.form)  # 专家评审: draw and scores
        self.panel_button.setObjectName("panel_button")
        self.panel_button.clicked.connect(self.open_panel)
        self.panel_button.setVisible(self.case_type is not None and self.case_type.panel is not None)
        self.close_button = QPushButton(self.tr("Close"), self.form)
        self.close_button.setObjectName("close_button")
        for button in (self.panel_button, self.edit_button, self.close_button):
            button.setAutoDefault(False)
            self.actions_layout.addWidget(button)
        self.close_button.setDefault(True)
        self.edit_button.clicked.connect(lambda: self.edit())
        self.close_button.clicked.connect(self.close)
        self.letters_bar = child(self.form, QWidget, "letters_bar")
        self.letters_bar.setProperty("lettersBar", True)
        self.letters_bar.layout().addStretch(1)
        self.letters_bar.hide()

    # ----- reading ----------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the case, its legal moves, checks, letters and filing again (off the GUI
        thread) and show them; `reloaded` once shown. Changes arriving meanwhile make one
        more read after this one."""
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        run_operation(self, self.ws, details_operation(self.case.id, self._today()), self._reread, self._unread)

    def _reread(self, details: CaseDetails) -> None:
        self._reading = False
        if self._read_again:
            self._read_again = False
            self.reload()
            return
        self.show_details(details)
        self.letters.set_templates(details.templates, details.templates_refused)
        self.reloaded.emit()

    def _unread(self, exc: BaseException) -> None:  # shown in the window; unexpected ones are logged
        self._reading = self._read_again = False
        self.show_message(error_text(exc))
        self.reloaded.emit()

    def show_details(self, details: CaseDetails) -> None:
        """Show the case as `details` has it (read off the GUI thread)."""
        self.case, self.actions, self.checks = details.case, list(details.actions), list(details.checks)
        self._fill_header()
        fill_fields(self.form, self.case, self.case_type)
        fill_checks(self.form, self.checks)
        fill_parties(self.form, self.case, self.case_type)
        fill_timeline(self.form, self.case, self.case_type)
        self._fill_actions()
        self.letters.refresh()
        self._show_filing(details.filed)

    def _label(self, name: str) -> QLabel:
        return child(self.form, QLabel, name)

    def _fill_header(self) -> None:
        c = self.case
        self._label("case_no_label").setText(c.case_no)
        badge = self._label("classification_badge")
        badge.setText(level_shown(c.classification))
        badge.setProperty("secret", c.classification in ("秘密", "机密"))
        badge.style().unpolish(badge)
        badge.style().polish(badge)
        self._label("state_badge").setText(state_label(self.case_type, c.state))
        for name in ("classification_badge", "state_badge"):  # a chip, not a column
            self._label(name).setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.due_badge.show_due(c.due_status, c.due, c.due_verified, self._today())
        self._label("title_label").setText(c.title)
        self._label("type_value").setText(i18n.label(self.case_type) if self.case_type else c.type)
        try:
            self._label("module_value").setText(module_title(module(c.module)))
        except NotFoundError:
            self._label("module_value").setText(c.module)
        self._label("handler_value").setText(c.handler or EMPTY)
        self._label("received_value").setText(c.received_on or EMPTY)
        due = c.due or self.tr("No statutory period running")
        if c.due and not c.due_verified:
            due += self.tr(" (calendar for this year not verified)")
        self._label("due_value").setText(due)
        self._label("classification_value").setText(level_shown(c.classification))

    def _fill_actions(self) -> None:
        for button in self.action_buttons.values():
            self.actions_layout.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.action_buttons = {}
        caption = self._label("actions_caption")
        caption.setText(self.tr("Handle:") if self.actions else self.tr("No step is open to you in this state."))
        for position, action in enumerate(self.actions, start=1):
            button = QPushButton(action.label, self.form)
            button.setObjectName(f"action_{action.action}")
            button.setProperty("action", True)
            button.setAutoDefault(False)
            tip = self.tr("Moves the case to “%1”").replace("%1", state_label(self.case_type, action.target))
            if action.opinion_required:
                tip += "\n" + self.tr("An opinion is required.")
            button.setToolTip(tip)
            button.clicked.connect(lambda _c=False, a=action: self.start_action(a))
            self.actions_layout.insertWidget(position, button)
            button.show()
            self.action_buttons[action.action] = button

    # ----- acting -----------------------------------------------------------------------------------
    def start_action(self, action: ActionView, draft_id: str | None = None) -> Opening | None:
        """Open the dialog of one move (it acts only when the officer confirms), once its
        kept draft has been read off the GUI thread; the Opening's `opened` carries it."""
        if self.case_type is None:
            return None
        case, ct = self.case, self.case_type

        def build(drafts: list[DraftView]) -> ActionDialog:
            from bjstc_desktop.gui.action_dialog import ActionDialog

            dialog = ActionDialog(self.ws, case, ct, action, self, draft_id=draft_id, drafts=drafts)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.acted.connect(self._acted)
            dialog.open()
            return dialog

        return open_after_read(self, self.ws, drafts_operation(ACTION, case.id, action.action), build,
                               self.show_message)

    def _hub_changed(self, notice: ChangeNotice) -> None:
        if notice.touches_case(self.case.id):
            self.reload()

    def _acted(self, result: ActResult) -> None:  # the hub has made the window read the case again
        text = self.tr("%1: the case is now “%2”.").replace("%1", step_label(result.action, self.case_type)).replace(
            "%2", state_label(self.case_type, result.to_state))
        if result.warnings:
            text += "\n" + "\n".join(result.warnings)
        self.show_message(text, error=False)
        self._show_letters(result.letters)
        self.case_changed.emit(self.case.id)

    def _show_letters(self, letters: tuple[str, ...]) -> None:
        layout = self.letters_bar.layout()
        for button in self.letter_buttons.values():
            layout.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.letter_buttons = {}
        for code in letters:
            button = QPushButton(self.tr("Issue: %1").replace("%1", letter_name(code)), self.letters_bar)
            button.setObjectName(f"letter_{code}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, c=code: self.issue_letter(c))
            layout.insertWidget(layout.count() - 1, button)  # before the stretch: buttons keep their width
            button.show()
            self.letter_buttons[code] = button
        self.letters_bar.setVisible(bool(letters))

    def issue_letter(self, template: str) -> LetterJob:
        """出具: preview the unnumbered draft of `template`; 签发 there numbers it."""
        return self.letters.draft(template)

    def _letters_changed(self) -> None:  # the hub has made the window read the case again
        self.case_changed.emit(self.case.id)

    def _show_filing(self, filed: tuple[str, ...] | None) -> None:
        """A filed case is read-only: say so with its 档号 and offer no edit."""
        if filed is None:  # not read: the note is secondary
            return
        self.edit_button.setEnabled(not filed)
        if filed:
            self.show_message(self.tr("Filed (archive no. %1): the case is read-only.").replace(
                "%1", "、".join(filed)), error=False)

    def open_panel(self) -> QDialog:
        """The expert panel of the case (draw, scores, letters)."""
        from bjstc_desktop.gui.panel_dialog import PanelDialog

        dialog = PanelDialog(self.ws, self.case.id, self)
        dialog.changed.connect(lambda _id: self.case_changed.emit(self.case.id))  # read again via the hub
        dialog.show()
        return dialog

    def edit(self, draft_id: str | None = None) -> Opening | None:
        """Open the case form on this case with a kept draft put back, if any (read off
        the GUI thread before the form is built); the Opening's `opened` carries it."""
        if self.case_type is None:
            return None
        from bjstc_desktop.gui.case_form import form_draft_key

        case, ct = self.case, self.case_type

        def build(drafts: list[DraftView]) -> CaseFormDialog:
            from bjstc_desktop.gui.case_form import CaseFormDialog

            form = CaseFormDialog(self.ws, ct, case, self, draft_id=draft_id, drafts=drafts)
            form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            form.saved.connect(self._edited)
            form.open()
            return form

        return open_after_read(self, self.ws, drafts_operation(*form_draft_key(ct, case)), build,
                               self.show_message)

    def _edited(self, view: CaseView) -> None:  # the hub has made the window read the case again
        self.show_message(self.tr("The changes have been saved."), error=False)
        self.case_changed.emit(self.case.id)

    def show_message(self, text: str, error: bool = True) -> None:
        """A line under the buttons: red for a refusal, blue for news."""
        self.message.setText(text)
        self.message.setProperty("banner", "error" if error else "note")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()
