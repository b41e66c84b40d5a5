"""The conflict queue of the 同步中心: every open conflict of the cases this officer may
see, the two values side by side, and the decision — keep mine, take theirs, or a new
value — which replicates to every office with the next package."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.operations import Operation, cases_changed, read, run_operation
from bjstc_desktop.ops.sync_conflicts import ConflictView

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation

AskValue = Callable[[QWidget, ConflictView], str | None]


def ask_value(parent: QWidget, conflict: ConflictView) -> str | None:
    """Ask for a new value; None when cancelled."""
    text, ok = QInputDialog.getText(parent, conflict.label, conflict.label, text=str(conflict.winner or ""))
    return text if ok and text.strip() else None


class ConflictQueue(QWidget):
    """The queue: one row per conflict, mine and theirs side by side."""

    resolved = Signal(str)
    """Emitted with the conflict id after a decision was recorded."""

    def __init__(self, ws: Workstation, parent: QWidget | None = None, *, ask: AskValue = ask_value) -> None:
        super().__init__(parent)
        self.setObjectName("sync_conflicts")
        self.ws = ws
        self._ask = ask
        self.conflicts: list[ConflictView] = []
        self.loaded = False  # the queue as last read is on screen
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("conflict_table")
        self.table.setHorizontalHeaderLabels([self.tr("Case"), self.tr("Item"), self.tr("This workstation"),
                                              self.tr("The other office"), self.tr("Shown now")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(self.tr("No open conflicts."), self)
        self.empty.setObjectName("conflicts_empty")
        self.message = QLabel(self)
        self.message.setObjectName("conflicts_message")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for name, label, take in (("keep_mine", self.tr("Keep mine"), "mine"),
                                  ("take_theirs", self.tr("Take theirs"), "theirs"),
                                  ("new_value", self.tr("New value…"), None)):
            button = QPushButton(label, self)
            button.setObjectName(name)
            button.clicked.connect(lambda _=False, t=take: self.decide(t))
            buttons.addWidget(button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.empty)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        lay.addWidget(self.message)

    def refresh(self) -> None:
        """Read the queue again, off the GUI thread."""
        self.loaded = False
        run_operation(self, self.ws, read(self.tr("Reading the conflicts"), lambda ws: ws.sync.conflicts()),
                      self._show, self._unread)

    def _unread(self, exc: BaseException) -> None:
        self.message.setText(error_text(exc))
        self._show([])

    def _show(self, conflicts: list[ConflictView]) -> None:
        self.conflicts = conflicts
        self.table.setRowCount(len(self.conflicts))
        for row, c in enumerate(self.conflicts):
            texts = c.texts or {}
            shown = texts.get("winner", "") + (self.tr(" (decided: %1)").replace("%1", texts.get("decision", ""))
                                                if c.decided else "")
            for col, text in enumerate((f"{c.case_no} {c.title}", c.label, texts.get("mine", ""),
                                        texts.get("theirs", ""), shown)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.empty.setVisible(not self.conflicts)
        if self.conflicts and self.table.currentRow() < 0:
            self.table.selectRow(0)
        self.loaded = True

    def current(self) -> ConflictView | None:
        """The selected conflict."""
        row = self.table.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def decide(self, take: str | None) -> None:
        """Record mine, theirs or (take None) a new value for the selected conflict."""
        conflict = self.current()
        if conflict is None:
            return
        if take is None:
            take = self._ask(self, conflict)
            if take is None:
                return
        decision = take
        op = Operation(self.tr("Deciding a conflict"), lambda ws: ws.sync.resolve(conflict.id, decision),
                       notice=cases_changed(conflict.case_id))
        run_operation(self, self.ws, op, lambda nxt: self._decided(conflict, nxt),
                      lambda exc: self.message.setText(error_text(exc)))

    def _decided(self, conflict: ConflictView, nxt: ConflictView | None) -> None:
        self.message.setText(self.tr("Recorded; it goes to the other offices with the next package.") if nxt is None
                             else self.tr("Recorded; decide the case's other conflicts too."))
        self.refresh()
        self.resolved.emit(conflict.id)
