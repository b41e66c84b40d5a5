"""The case list widget shared by every duty tab and the workbench: a dense table over
a CaseTableModel, with a plain sentence in its place when there is nothing to show."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QWidget,
)

from bjstc_desktop.gui import prefs
from bjstc_desktop.gui.case_table_model import CaseTableModel
from bjstc_desktop.gui.due_badge import DueBadgeDelegate

# Widths in characters of the UI font: case numbers like 技合〔2026〕123号 fit whole.
_COLUMN_CHARS = {"case_no": 11, "type": 11, "state": 6, "classification": 3.5, "due": 7, "handler": 5,
                 "received_on": 7}


class CaseTableView(QTableView):
    """A read-only, row-selecting table; Enter or a double-click opens the case."""

    case_activated = Signal(str)
    """Emitted with the case id when the officer opens a row (double-click or Enter)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # 批量操作 on many rows
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(max(24, self.fontMetrics().height() + 10))
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.doubleClicked.connect(self._open)

    def setModel(self, model: CaseTableModel) -> None:  # type: ignore[override]
        """Attach the model and size the columns for it."""
        super().setModel(model)
        header = self.horizontalHeader()
        em = self.fontMetrics().horizontalAdvance("国")
        bold = QFont(header.font())
        bold.setBold(True)
        titles = model.column_titles()
        self.setItemDelegateForColumn(CaseTableModel.KEYS.index("due"), DueBadgeDelegate(self))
        for col, key in enumerate(CaseTableModel.KEYS):
            if key == "title":
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
                heading = QFontMetrics(bold).horizontalAdvance(titles[col]) + 24  # English headings are longer
                self.setColumnWidth(col, max(int(_COLUMN_CHARS[key] * em) + 16, heading))

    def selected_rows(self) -> list[int]:
        """The rows the officer selected (Ctrl/Shift-click), top to bottom."""
        model = self.selectionModel()
        return sorted({i.row() for i in model.selectedRows()}) if model is not None else []

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.case_activated.emit(str(index.data(Qt.ItemDataRole.UserRole)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter opens the selected case; other keys as usual."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open(self.currentIndex())
            return
        super().keyPressEvent(event)


class CaseListPanel(QStackedWidget):
    """A CaseTableView, or a sentence saying why there is nothing to show."""

    def __init__(self, model: CaseTableModel, empty_text: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.empty_text = empty_text
        self.table = CaseTableView(self)
        self.table.setObjectName(name)
        self.table.setModel(model)
        header = self.table.horizontalHeader()
        prefs.restore_columns(name, header)  # the widths this officer gave the columns last time
        self._widths = QTimer(self)
        self._widths.setSingleShot(True)
        self._widths.setInterval(400)
        self._widths.timeout.connect(lambda: prefs.save_columns(name, header))
        # Only the officer's own drags are remembered: the stretching title column resizes with
        # every layout of the window, and saving then would pin today's defaults as a choice.
        header.sectionResized.connect(self._column_resized)
        self.placeholder = QLabel(self)
        self.placeholder.setObjectName(f"{name}_placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setProperty("placeholder", True)
        self.addWidget(self.table)
        self.addWidget(self.placeholder)
        model.populated.connect(self._update)
        model.modelReset.connect(self._update)
        model.failed.connect(self._update)

    def _column_resized(self, index: int, _old: int, _new: int) -> None:
        header = self.table.horizontalHeader()
        if header.sectionResizeMode(index) == QHeaderView.ResizeMode.Interactive:
            self._widths.start()

    def _update(self, *_: object) -> None:
        if self.model.error:
            self.placeholder.setText(self.model.error)
            self.setCurrentWidget(self.placeholder)
        elif self.model.loaded and self.model.rowCount() == 0:
            self.placeholder.setText(self.empty_text)
            self.setCurrentWidget(self.placeholder)
        else:
            self.setCurrentWidget(self.table)
