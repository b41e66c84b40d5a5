"""What the pages of the shared registers (专家库, 诚信记录, 归档文件目录) have in common: a
non-modal window that fits a 1366x728 screen, a filter row, a table of records, a row
of buttons and a message line; and a form built from a tuple of FieldDefs with the same
field editors (and checks while typing) as the case forms."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bjstc_desktop.core import i18n
from bjstc_desktop.core.casetypes import FieldDef
from bjstc_desktop.core.classification import LEVEL_LABELS, Level
from bjstc_desktop.core.importprofiles import profiles_for_record
from bjstc_desktop.gui.field_editors import FieldEditor, editor_for
from bjstc_desktop.gui.fit import fit_to_screen
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.operations import Operation, read, registers_changed, run_operation

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation

if TYPE_CHECKING:  # imported when first opened
    from bjstc_desktop.gui.import_wizard import ImportWizard


def buttons_menu(parent: QWidget, buttons: Sequence[QPushButton]) -> QMenu:
    """A menu whose entries press `buttons` (same words, same enabled state)."""
    menu = QMenu(parent)
    menu.setObjectName(f"{parent.objectName()}_menu")
    for button in buttons:
        action = menu.addAction(button.text())
        action.setObjectName(f"menu_{button.objectName()}")
        action.setEnabled(button.isEnabled())
        action.triggered.connect(button.click)
    return menu


class RecordListWindow(QDialog):
    """A register's window: filters, table, buttons, message line. Subclasses fill
    `columns`, `load()` (runs off the GUI thread) and `rows()`."""

    changed = Signal()
    """Emitted after a record was added, changed or imported from this window."""

    columns: Sequence[str] = ()

    def __init__(self, ws: Workstation, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ws = ws
        self.records: list[Any] = []
        self.loaded = False
        outer = QVBoxLayout(self)
        self.filters = QHBoxLayout()  # the subclass's filters; 查找 stays at the row's end
        filter_row = QHBoxLayout()
        filter_row.addLayout(self.filters, 1)
        self.find_button = QPushButton(self.tr("Find"), self)
        self.find_button.setObjectName(f"{name}_find")
        self.find_button.setDefault(True)  # Enter in a filter reads the list again; never closes or adds
        self.find_button.clicked.connect(lambda _c=False: self.refresh())
        filter_row.addWidget(self.find_button)
        outer.addLayout(filter_row)
        self.table = QTableWidget(0, len(self.headers()), self)
        self.table.setObjectName(f"{name}_table")
        self.table.setHorizontalHeaderLabels(list(self.headers()))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        outer.addWidget(self.table, 1)
        self.message = QLabel(self)
        self.message.setObjectName(f"{name}_message")
        self.message.setWordWrap(True)
        self.message.hide()
        outer.addWidget(self.message)
        self.buttons = QHBoxLayout()
        outer.addLayout(self.buttons)
        self.button_widgets: dict[str, QPushButton] = {}
        fit_to_screen(self, 1200, 640)

    def headers(self) -> Sequence[str]:
        """The column headings (translated by the subclass)."""
        return self.columns

    def add_button(self, key: str, text: str, slot: Callable[[], Any], right: bool = False) -> QPushButton:
        """A button of the bottom row."""
        button = QPushButton(text, self)
        button.setObjectName(f"{self.objectName()}_{key}")
        button.setAutoDefault(False)
        button.clicked.connect(lambda _c=False: slot())
        if right and not any(self.buttons.itemAt(i).spacerItem() for i in range(self.buttons.count())):
            self.buttons.addStretch(1)
        self.buttons.addWidget(button)
        self.button_widgets[key] = button
        return button

    def unavailable(self, why: str) -> None:
        """The register is not for this role: say `why`; only 关闭 stays."""
        self.show_message(why)
        self.find_button.setEnabled(False)
        self.find_button.setDefault(False)
        for key, button in self.button_widgets.items():
            button.setEnabled(key == "close")
            button.setDefault(key == "close")
        self.loaded = True

    def context_menu(self) -> QMenu:
        """The right-click menu of the list: the window's buttons that act on records
        (as enabled as the buttons themselves)."""
        return buttons_menu(self, [b for k, b in self.button_widgets.items() if k != "close"])

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid():
            self.table.selectRow(index.row())
        self.context_menu().popup(self.table.viewport().mapToGlobal(pos))

    def load(self) -> list[Any]:
        """Read the records (on a worker thread)."""
        raise NotImplementedError

    def row(self, record: Any) -> Sequence[Any]:
        """One record's cells, in column order."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Read the records again, off the GUI thread."""
        self.loaded = False
        load = self.load
        run_operation(self, self.ws, read(self.tr("Reading the records"), lambda _ws: load()), self._show, self._failed)

    def _show(self, records: list[Any]) -> None:
        self.records = records
        self.table.setRowCount(len(records))
        for r, record in enumerate(records):
            for c, value in enumerate(self.row(record)):
                self.table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
        self.table.resizeColumnsToContents()
        for c in range(self.table.columnCount()):  # a long title never pushes the others off screen
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), 320))
        self.loaded = True

    def _failed(self, exc: BaseException) -> None:
        self.show_message(error_text(exc))
        self.loaded = True

    def selected(self) -> Any | None:
        """The record of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self.records[rows[0].row()] if rows and rows[0].row() < len(self.records) else None

    def start(self, unavailable: str) -> None:
        """Read the list, or, for a role that handles no cases, say `unavailable` and leave
        only the window's 关闭 button enabled (the store would refuse every read anyway)."""
        if self.ws.actor.role.handles_cases:
            self.refresh()
        else:
            self.unavailable(unavailable)

    def import_records(self, kind: str) -> ImportWizard:
        """The Excel import wizard with the import profiles of record `kind` (expert,
        integrity); the list reads again when an import has been committed."""
        from bjstc_desktop.gui.import_wizard import ImportWizard

        wizard = ImportWizard(self.ws, profiles_for_record(kind), self)
        wizard.import_finished.connect(lambda _r: self.record_changed(None))
        wizard.open()
        return wizard

    def write(self, op: Operation[Any], on_done: Callable[[Any], None] | None = None) -> None:
        """Run the write `op` on the writer thread; then read the list again (or call
        `on_done` with its result); a refusal is shown in the window's message line."""
        run_operation(self, self.ws, op, on_done or self.record_changed, self._failed)

    def record_changed(self, _result: object) -> None:
        """A record was added, changed or imported here: read the list again, tell the window's owner."""
        self.refresh()
        self.changed.emit()

    def show_message(self, text: str, error: bool = True) -> None:
        """A line under the table: red for a refusal, blue for news."""
        self.message.setText(text)
        self.message.setProperty("banner", "error" if error else "note")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()


class RecordForm(QDialog):
    """A form for one record: an editor per FieldDef (and, optionally, the 密级), saved
    by `save_fn(workstation, values, level)` on the writer thread, announced as a change
    of `register`; a refusal is shown, never lost."""

    saved = Signal(object)
    """Emitted with what `save_fn` returned once the record is stored."""

    def __init__(self, ws: Workstation, title: str, fields: Sequence[FieldDef], register: str,
                 save_fn: Callable[[Workstation, dict[str, Any], Level], Any], values: dict[str, Any] | None = None,
                 with_level: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("record_form")
        self.setWindowTitle(title)
        self.ws, self._save_fn, self.register = ws, save_fn, register
        outer = QVBoxLayout(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        body = QWidget(scroll)
        form = QFormLayout(body)
        self.editors: dict[str, FieldEditor] = {}
        for fdef in fields:
            editor = editor_for(fdef, ws, body)
            if values and values.get(fdef.key) not in (None, ""):
                editor.set_value(values[fdef.key])
            form.addRow(i18n.label(fdef) + ("*" if fdef.required else ""), editor)
            self.editors[fdef.key] = editor
        self.level = QComboBox(body)
        self.level.setObjectName("record_level")
        for level in Level:
            if level <= min(ws.actor.clearance, ws.ctx.ceiling):
                self.level.addItem(LEVEL_LABELS[int(level)], int(level))
        if with_level:
            form.addRow(self.tr("Classification"), self.level)
        else:
            self.level.hide()
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.message = QLabel(self)
        self.message.setObjectName("record_form_message")
        self.message.setWordWrap(True)
        self.message.hide()
        outer.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setObjectName("record_save")
        self.save_button.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        row.addWidget(cancel)
        outer.addLayout(row)
        fit_to_screen(self, 640, 620)

    def values(self) -> dict[str, Any]:
        """The entered values (blank editors left out)."""
        return {k: e.raw() for k, e in self.editors.items() if not e.is_blank()}

    def save(self) -> None:
        """Check every field as saving would, then store the record off the GUI thread."""
        if not all(e.check(require=e.fdef.required) for e in self.editors.values()):
            return
        values, level = self.values(), Level(self.level.currentData() or 0)
        self.save_button.setEnabled(False)
        save = self._save_fn
        op = Operation(self.windowTitle(), lambda ws: save(ws, values, level),
                       notice=registers_changed(self.register))
        run_operation(self, self.ws, op, self._saved, self._refused)

    def _saved(self, result: Any) -> None:
        self.saved.emit(result)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(error_text(exc))
        self.message.setProperty("banner", "error")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()
