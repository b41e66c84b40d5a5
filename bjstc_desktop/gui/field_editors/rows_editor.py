"""Repeated rows (budget lines, KPIs, IP list, nominators, income verifications) as an
editable table: add and remove rows, choose from lists in enum and district columns,
tick yes/no columns, and every cell checked by its column's kind as it is entered —
a wrong cell turns red and the line under the table says which row and why."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bjstc_desktop.core.casetypes import FieldDef, FieldKind
from bjstc_desktop.core.errors import ValidationError
from bjstc_desktop.core.fieldvalues import display_value, parse_value
from bjstc_desktop.core.i18n import choice_label, label, pick, unit_label
from bjstc_desktop.core.validators import beijing_districts, district, functional_areas
from bjstc_desktop.gui.field_editors.base import BLANK, FieldEditor, Severity, plain_message
from bjstc_desktop.gui.field_editors.simple import UNIT_TYPED

ERROR_BACKGROUND = QColor("#fbdcd9")
_NUMERIC = (FieldKind.MONEY, FieldKind.INTEGER, FieldKind.RATIO)
MIN_VISIBLE_ROWS = 1
MAX_VISIBLE_ROWS = 8
Index = QModelIndex | QPersistentModelIndex


def column_title(col: FieldDef) -> str:
    """核定技术性收入（元）: the label with its unit."""
    name = label(col)
    return pick(f"{name}（{col.unit}）", f"{name} ({unit_label(col.unit)})") if col.unit and \
        col.kind is not FieldKind.INTEGER else name


def cell_text(col: FieldDef, value: Any) -> str:
    """A stored cell value as the table shows it (a district by its name)."""
    if value in BLANK:
        return ""
    if col.kind is FieldKind.DISTRICT:
        found = district(str(value))
        return label(found) if found else str(value)
    if col.kind is FieldKind.MONEY:
        return display_value(col, value).removesuffix(f" {unit_label(col.unit or '元')}")
    return display_value(col, value)


def cell_raw(col: FieldDef, text: str) -> str:
    """The text of a cell as the API takes it (a bare number in a 万元 column is 万元)."""
    text = text.strip()
    if col.kind is FieldKind.MONEY and text and not UNIT_TYPED.search(text):
        return text + (col.unit or "元")
    return text


class _CellDelegate(QStyledItemDelegate):
    """Lists for enum and district columns; plain text elsewhere."""

    def __init__(self, columns: tuple[FieldDef, ...], parent: QWidget) -> None:
        super().__init__(parent)
        self.columns = columns

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """A combo box for a column with choices."""
        col = self.columns[index.column()]
        choices = _choices(col)
        if choices is None:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.addItem("")
        combo.addItems(choices)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Select the cell's value in the combo."""
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findText(str(index.data() or ""))))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Write the chosen text back."""
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText())
            return
        super().setModelData(editor, model, index)


def _choices(col: FieldDef) -> list[str] | None:
    if col.kind is FieldKind.ENUM:
        return [choice_label(col, c) for c in col.choices]
    if col.kind is FieldKind.DISTRICT:
        return [label(d) for d in (*beijing_districts(), *functional_areas())]
    return None


class RowsEditor(FieldEditor):
    """A ROWS field: a table with one column per column definition."""

    def __init__(self, fdef: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(fdef, parent)
        self.columns = fdef.columns
        self.errors: dict[tuple[int, int], str] = {}
        self.table = QTableWidget(0, len(self.columns), self)
        self.table.setObjectName(f"input_{fdef.key}")
        self.table.setHorizontalHeaderLabels([column_title(c) for c in self.columns])
        self.table.setItemDelegate(_CellDelegate(self.columns, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        if len(self.columns) > 5:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setStretchLastSection(True)
            self.table.resizeColumnsToContents()
        self.add_input(self.table)
        side = QVBoxLayout()
        side.setSpacing(4)
        self.add_button = QToolButton(self)
        self.add_button.setObjectName(f"add_row_{fdef.key}")
        self.add_button.setText(self.tr("Add row"))
        self.remove_button = QToolButton(self)
        self.remove_button.setObjectName(f"remove_row_{fdef.key}")
        self.remove_button.setText(self.tr("Remove row"))
        for button in (self.add_button, self.remove_button):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            side.addWidget(button)
        side.addStretch(1)
        self.input_row.addLayout(side)
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_selected_rows)
        self.table.itemChanged.connect(self._cell_changed)
        self.empty_note = QLabel(self.tr("No rows yet: click “Add row”."), self.table.viewport())
        self.empty_note.setObjectName(f"empty_{fdef.key}")
        self.empty_note.setProperty("caption", True)
        self.empty_note.move(8, 6)
        self._fit_height()

    # ----- rows ---------------------------------------------------------------------------------
    def add_row(self, values: dict[str, Any] | None = None) -> int:
        """Append a row (blank, or holding stored `values`); returns its number."""
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        for c, col in enumerate(self.columns):
            value = (values or {}).get(col.key)
            item = QTableWidgetItem()
            if col.kind is FieldKind.BOOL:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
                item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
            else:
                item.setText(cell_text(col, value))
            if col.kind in _NUMERIC:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, c, item)
        self.table.blockSignals(False)
        self._fit_height()
        if values is None:
            self.table.setCurrentCell(row, 0)
            self.edited.emit()
        return row

    def remove_selected_rows(self) -> None:
        """Remove the selected rows (or the current one)."""
        rows = sorted({i.row() for i in self.table.selectedIndexes()} or {self.table.currentRow()}, reverse=True)
        for row in rows:
            if 0 <= row < self.table.rowCount():
                self.table.removeRow(row)
        self.errors = {}
        for r in range(self.table.rowCount()):
            for c in range(len(self.columns)):
                self._check_cell(r, c)
        self._fit_height()
        self._show_errors()
        self.edited.emit()

    def _fit_height(self) -> None:
        self.empty_note.setVisible(self.table.rowCount() == 0)
        self.remove_button.setEnabled(self.table.rowCount() > 0)
        self.empty_note.adjustSize()
        visible = max(MIN_VISIBLE_ROWS, min(self.table.rowCount() + 1, MAX_VISIBLE_ROWS))
        rows = self.table.verticalHeader().defaultSectionSize() * visible
        scroll = self.table.horizontalScrollBar().sizeHint().height() if len(self.columns) > 5 else 0
        self.table.setFixedHeight(rows + self.table.horizontalHeader().sizeHint().height() + scroll + 4)

    # ----- values ---------------------------------------------------------------------------------
    def raw(self) -> Any:
        """The rows as dicts of typed text (blank rows left out)."""
        rows = []
        for r in range(self.table.rowCount()):
            row: dict[str, Any] = {}
            for c, col in enumerate(self.columns):
                item = self.table.item(r, c)
                if col.kind is FieldKind.BOOL:
                    row[col.key] = item is not None and item.checkState() == Qt.CheckState.Checked
                else:
                    row[col.key] = cell_raw(col, item.text() if item else "")
            if any(v not in ("", False) for v in row.values()):
                rows.append(row)
        return rows

    def set_value(self, value: Any) -> None:
        """Show stored rows."""
        self.table.setRowCount(0)
        for row in value or []:
            self.add_row(row)
        self.errors = {}
        self._fit_height()
        self.clear_message()

    def draft_value(self) -> Any:
        """Every row's cells as typed (ticks as booleans), blank rows too."""
        rows = []
        for r in range(self.table.rowCount()):
            row: dict[str, Any] = {}
            for c, col in enumerate(self.columns):
                item = self.table.item(r, c)
                if col.kind is FieldKind.BOOL:
                    row[col.key] = item is not None and item.checkState() == Qt.CheckState.Checked
                else:
                    row[col.key] = item.text() if item else ""
            rows.append(row)
        return rows

    def restore_draft(self, value: Any) -> None:
        """Put the kept rows back, cell by cell as they were typed."""
        self.table.setRowCount(0)
        for kept in value or []:
            row = self.add_row({})
            self.table.blockSignals(True)
            for c, col in enumerate(self.columns):
                item = self.table.item(row, c)
                if col.kind is FieldKind.BOOL:
                    item.setCheckState(Qt.CheckState.Checked if kept.get(col.key) else Qt.CheckState.Unchecked)
                else:
                    item.setText(str(kept.get(col.key, "") or ""))
            self.table.blockSignals(False)
        self.errors = {}
        self._fit_height()
        self.clear_message()

    def is_blank(self) -> bool:
        """True when no row holds anything."""
        return not self.raw()

    def check(self, require: bool = False) -> bool:
        """Check every cell, then the rows as a whole."""
        self.errors = {}
        for r in range(self.table.rowCount()):
            for c in range(len(self.columns)):
                self._check_cell(r, c)
        if self.errors:
            self._show_errors()
            return False
        return super().check(require)

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        self._check_cell(item.row(), item.column(), tidy=True)
        self._show_errors()
        self.edited.emit()

    def _check_cell(self, row: int, column: int, tidy: bool = False) -> None:
        col = self.columns[column]
        item = self.table.item(row, column)
        if item is None or col.kind is FieldKind.BOOL:
            return
        self.table.blockSignals(True)
        try:
            value = parse_value(col, cell_raw(col, item.text()))
        except ValidationError as exc:
            message = plain_message(col, exc.message())
            self.errors[(row, column)] = message
            item.setBackground(ERROR_BACKGROUND)
            item.setToolTip(message)
        else:
            self.errors.pop((row, column), None)
            item.setData(Qt.ItemDataRole.BackgroundRole, None)
            item.setToolTip("")
            if tidy and value is not None:
                item.setText(cell_text(col, value))
        finally:
            self.table.blockSignals(False)

    def _show_errors(self) -> None:
        if not self.errors:
            if self.has_error():
                self.clear_message()
            return
        (row, column), message = min(self.errors.items())
        text = self.tr("Row %1, %2: %3").replace("%1", str(row + 1)).replace(
            "%2", label(self.columns[column])).replace("%3", message)
        if len(self.errors) > 1:
            text += self.tr(" (and %n more cell(s))", "", len(self.errors) - 1)
        self.show_message(text, Severity.ERROR)
