"""专家评审 inside the case: the panel's rules, its members and their scores, the draws
with their seeds; draw the panel, replace a member who declines or must withdraw (the
reason asked), enter scores, replay the draws, and issue the 专家邀请函 and the 评审意见
汇总表 (previewed like every letter). Every change runs off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bjstc_desktop.core.experts import EXPERT_FIELDS, MEMBER_ACTIVE, SCORE_MAX, member_status_en
from bjstc_desktop.core.i18n import choice_label, pick
from bjstc_desktop.gui.fit import fit_to_screen
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.operations import PANELS, Operation, registers_changed, run_operation
from bjstc_desktop.gui.record_pages import buttons_menu
from bjstc_desktop.ops.panels import MemberView, PanelView

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation

if TYPE_CHECKING:  # QtPdf loads only when a letter is shown
    from bjstc_desktop.gui.letter_preview import LetterJob


_CATEGORY = next(f for f in EXPERT_FIELDS if f.key == "category")


class ScoreDialog(QDialog):
    """One member's scores: each scored item (or the one score) and his opinion."""

    def __init__(self, member: MemberView, items: tuple[tuple[str, str], ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("score_dialog")
        self.setWindowTitle(self.tr("Scores of %1").replace("%1", member.name))
        form = QFormLayout(self)
        self.spins: dict[str, QSpinBox] = {}
        for key, label in items or (("score", self.tr("Score")),):
            spin = QSpinBox(self)
            spin.setObjectName(f"score_{key}")
            spin.setRange(0, SCORE_MAX)
            spin.setValue(int(member.scores.get(key, 0)))
            form.addRow(label, spin)
            self.spins[key] = spin
        self.opinion = QLineEdit(member.opinion, self)
        self.opinion.setObjectName("score_opinion")
        form.addRow(self.tr("Opinion"), self.opinion)
        row = QHBoxLayout()
        ok, cancel = QPushButton(self.tr("Save"), self), QPushButton(self.tr("Cancel"), self)
        ok.setObjectName("score_save")
        ok.setDefault(True)
        ok.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        row.addStretch(1)
        row.addWidget(ok)
        row.addWidget(cancel)
        form.addRow(row)

    def scores(self) -> dict[str, int]:
        """The scores entered."""
        return {k: s.value() for k, s in self.spins.items()}


class PanelDialog(QDialog):
    """The expert panel of one case."""

    changed = Signal(str)
    """Emitted with the case id after the panel changed (the case's lists refresh)."""

    def __init__(self, ws: Workstation, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel_dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ws, self.case_id = ws, case_id
        self.view: PanelView | None = None
        self.busy = False
        self.job: LetterJob | None = None  # the panel letter being drafted, if any
        outer = QVBoxLayout(self)
        self.rules = QLabel(self)
        self.rules.setObjectName("panel_rules")
        self.rules.setWordWrap(True)
        outer.addWidget(self.rules)
        draw_row = QHBoxLayout()
        self.size = QSpinBox(self)
        self.size.setObjectName("panel_size")
        self.size.setRange(0, 99)
        self.size.setSpecialValueText(self.tr("as the rules say"))
        self.fields = QLineEdit(self)
        self.fields.setObjectName("panel_fields")
        self.fields.setPlaceholderText(self.tr("Discipline codes, e.g. 520,510 (empty: any)"))
        draw_row.addWidget(QLabel(self.tr("Size"), self))
        draw_row.addWidget(self.size)
        draw_row.addWidget(QLabel(self.tr("Fields"), self))
        draw_row.addWidget(self.fields, 1)
        self.buttons: dict[str, QPushButton] = {}
        self._button(draw_row, "draw", self.tr("Draw the panel"), self.draw)
        outer.addLayout(draw_row)
        self.table = QTableWidget(0, 7, self)
        self.table.setObjectName("panel_members")
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Employer"), self.tr("Category"),
                                              self.tr("Status"), self.tr("Score"), self.tr("Opinion"),
                                              self.tr("Invitation")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.score())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        outer.addWidget(self.table, 1)
        self.aggregate = QLabel(self)
        self.aggregate.setObjectName("panel_aggregate")
        self.aggregate.setWordWrap(True)
        outer.addWidget(self.aggregate)
        self.draws = QLabel(self)
        self.draws.setObjectName("panel_draws")
        self.draws.setWordWrap(True)
        self.draws.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.draws)
        self.message = QLabel(self)
        self.message.setObjectName("panel_message")
        self.message.setWordWrap(True)
        self.message.hide()
        outer.addWidget(self.message)
        row = QHBoxLayout()
        self.recused = QCheckBox(self.tr("must withdraw (回避)"), self)
        self.recused.setObjectName("panel_recused")
        for key, text, slot in (("score", self.tr("Scores…"), self.score), ("confirm", self.tr("Accepted"), self.confirm),
                                ("withdraw", self.tr("Declined / withdraws…"), self.withdraw)):
            self._button(row, key, text, slot)
        row.addWidget(self.recused)
        row.addStretch(1)
        for key, text, slot in (("invite", self.tr("Invitation letter"), self.invite),
                                ("summary", self.tr("Review summary"), self.summary),
                                ("replay", self.tr("Replay draws"), self.replay),
                                ("close", self.tr("Close"), self.close)):
            self._button(row, key, text, slot)
        outer.addLayout(row)
        self.buttons["close"].setDefault(True)  # Enter closes, as in the case window; a draw is never one key away
        fit_to_screen(self, 1100, 600)
        self.reload()

    def context_menu(self) -> QMenu:
        """The right-click menu of the members: scores, accepted, declined, invitation."""
        return buttons_menu(self, [self.buttons[k] for k in ("score", "confirm", "withdraw", "invite")])

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid():
            self.table.selectRow(index.row())
        self.context_menu().popup(self.table.viewport().mapToGlobal(pos))

    def _button(self, row: QHBoxLayout, key: str, text: str, slot: Callable[[], Any]) -> None:
        button = QPushButton(text, self)
        button.setObjectName(f"panel_{key}")
        button.setAutoDefault(False)
        button.clicked.connect(lambda _c=False: slot())
        row.addWidget(button)
        self.buttons[key] = button

    # ----- reading -------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the panel again."""
        self._run(lambda: self.ws.panels.panel(self.case_id), self._show, quiet=True, writes=False)

    def _show(self, view: PanelView) -> None:
        self.view = view
        self.setWindowTitle(self.tr("Expert panel of %1").replace("%1", view.case_no))
        method = {"mean": self.tr("mean"), "trimmed_mean": self.tr("mean without the highest and the lowest"),
                  "weighted": self.tr("weighted items")}.get(view.method, view.method)
        self.rules.setText(self.tr("Rules: %1. Scores are aggregated by %2.").replace("%1", view.requirement)
                           .replace("%2", method))
        self.table.setRowCount(len(view.members))
        for r, m in enumerate(view.members):
            status = pick(m.status, member_status_en(m.status)) + (pick(f"（{m.reason}）", f" ({m.reason})")
                                                                   if m.reason else "")
            for c, value in enumerate((m.name, m.employer, choice_label(_CATEGORY, m.category), status,
                                       m.total or "", m.opinion, m.invitation_no or "")):
                item = QTableWidgetItem(value)
                if m.status not in MEMBER_ACTIVE:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        if view.aggregate:
            self.aggregate.setText(self.tr("Aggregate: %1").replace("%1", view.aggregate_said))
        else:
            self.aggregate.setText(self.tr("No aggregate yet: %1").replace("%1", view.problem or ""))
        kinds = {"draw": self.tr("the panel"), "replace": self.tr("a replacement")}  # never the stored key
        self.draws.setText("\n".join(
            self.tr("Draw %1 (%2), seed %3: %4 eligible, %5 left out; drawn: %6").replace("%1", str(d.seq))
            .replace("%2", kinds.get(d.kind, d.kind)).replace("%3", d.seed).replace("%4", str(d.eligible))
            .replace("%5", str(len(d.excluded))).replace("%6", "、".join(d.chosen)) for d in view.draws))
        has_panel = any(m.status in MEMBER_ACTIVE for m in view.members)
        self.buttons["draw"].setEnabled(not has_panel)
        for key in ("score", "confirm", "withdraw", "invite"):
            self.buttons[key].setEnabled(has_panel)
        self.buttons["summary"].setEnabled(view.aggregate is not None)
        self.buttons["replay"].setEnabled(bool(view.draws))

    def selected(self) -> MemberView | None:
        """The member of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        if self.view is None or not rows:
            return None
        return self.view.members[rows[0].row()]

    # ----- acting --------------------------------------------------------------------------------
    def _run(self, job: Callable[[], Any], done: Callable[[Any], None], quiet: bool = False,
             writes: bool = True) -> None:
        """Run `job` as an operation (a write of the case's panel unless `writes` is False)."""
        self.busy = True

        def ok(result: Any) -> None:
            self.busy = False
            if not quiet:
                self.message.hide()
            done(result)

        def fail(exc: BaseException) -> None:
            self.busy = False
            self.show_message(error_text(exc))

        op = Operation(self.windowTitle(), lambda _ws: job(), writes=writes,
                       notice=registers_changed(PANELS, cases=[self.case_id]))
        run_operation(self, self.ws, op, ok, fail)

    def _changed(self, view: PanelView) -> None:
        self._show(view)
        self.changed.emit(self.case_id)

    def draw(self) -> None:
        """Draw the panel (the seed is made and recorded by the workstation)."""
        size = self.size.value() or None
        fields = self.fields.text().strip()
        self._run(lambda: self.ws.panels.draw(self.case_id, size, fields), self._changed)

    def score(self, scores: dict[str, int] | None = None, opinion: str | None = None) -> None:
        """Enter the selected member's scores (asked in a dialog unless given)."""
        m = self.selected()
        if m is None or self.view is None:
            return
        if scores is None:
            dialog = ScoreDialog(m, self.view.items, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            scores, opinion = dialog.scores(), dialog.opinion.text()
        self._run(lambda: self.ws.panels.score(self.case_id, m.expert_id, scores, opinion or ""), self._changed)

    def confirm(self) -> None:
        """The selected member accepted the invitation."""
        m = self.selected()
        if m is not None:
            self._run(lambda: self.ws.panels.confirm(self.case_id, m.expert_id), self._changed)

    def withdraw(self, reason: str | None = None) -> None:
        """The selected member declines (or must withdraw): ask why, then replace him."""
        m = self.selected()
        if m is None:
            return
        if reason is None:
            reason, ok = QInputDialog.getText(self, self.tr("%1 leaves the panel").replace("%1", m.name),
                                              self.tr("Reason:"))
            if not ok or not reason.strip():
                return
        status = "回避" if self.recused.isChecked() else "已谢绝"
        self._run(lambda: self.ws.panels.withdraw(self.case_id, m.expert_id, reason.strip(), status), self._changed)

    def replay(self) -> None:
        """Compute every recorded draw again from its seed and say whether it matches."""
        def said(results: list[Any]) -> None:
            same = all(r.same for r in results)
            self.show_message(self.tr("Every draw replays to the recorded panel.") if same
                              else self.tr("A draw does NOT replay to what was recorded."), error=not same)

        self._run(lambda: self.ws.panels.replay(self.case_id), said, writes=False)

    def _letter(self, render: Callable[[bool], Any], issue: Callable[[bool], Any]) -> LetterJob:
        """出具 a panel letter as every letter: the unnumbered draft previewed, numbered only by 签发."""
        from bjstc_desktop.gui.letter_preview import preview_letter

        job = preview_letter(self, self.ws, lambda _given, force: render(force), lambda _given, force: issue(force))
        job.opened.connect(lambda dialog: dialog.signed.connect(lambda _r: (self.reload(),
                                                                             self.changed.emit(self.case_id))))
        self.job = job
        return job

    def invite(self) -> LetterJob | None:
        """The 专家邀请函 to the selected member: its draft previewed; 签发 there numbers it."""
        m = self.selected()
        if m is None:
            return None
        panels, case_id, expert = self.ws.panels, self.case_id, m.expert_id
        return self._letter(lambda force: panels.draft_invite(case_id, expert, force_date=force),
                            lambda force: panels.invite(case_id, expert, None, force_date=force))

    def summary(self) -> LetterJob:
        """The 评审意见汇总表: its draft previewed; 签发 there numbers it."""
        panels, case_id = self.ws.panels, self.case_id
        return self._letter(lambda force: panels.draft_summary(case_id, force_date=force),
                            lambda force: panels.summary(case_id, None, force_date=force))

    def show_message(self, text: str, error: bool = True) -> None:
        """A line under the table: red for a refusal, blue for news."""
        self.message.setText(text)
        self.message.setProperty("banner", "error" if error else "note")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()
