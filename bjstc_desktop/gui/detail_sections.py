"""The sections of the case window below its header, filled from a CaseView: the
fields (rows of repeated fields as sub-items), the computed checks (✓ passed, ✗ failed —
red when it blocks a move — ? not enough data), the parties and the handling record."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind
from bjstc_desktop.core.fieldvalues import display_value
from bjstc_desktop.core.i18n import (
    label,
    party_role_label,
    pick,
    state_label,
    step_label,
    unit_label,
)
from bjstc_desktop.core.validators.districts import district
from bjstc_desktop.gui.forms import child
from bjstc_desktop.ops.views import CaseView, TimelineView

if TYPE_CHECKING:
    from bjstc_desktop.ops.workflow import (
        CheckView,  # for annotations only: its module loads when first used
    )

EMPTY = "—"
PASSED, FAILED, UNKNOWN = "✓", "✗", "?"
CHECK_COLOURS = {"passed": QColor("#2e7d32"), "blocking": QColor("#b3261e"), "failed": QColor("#9a5b00"),
                 "unknown": QColor("#6b7785")}


def field_text(f: FieldDef, value: Any) -> str:
    """A field's value as shown (money through display_value, units appended, a
    district code with its name)."""
    if value is None or value == "" or value == []:
        return EMPTY
    text = display_value(f, value)
    if f.unit and f.kind in (FieldKind.INTEGER, FieldKind.TEXT):
        text = f"{text} {unit_label(f.unit)}"
    if f.kind is FieldKind.DISTRICT:
        found = district(str(value))
        if found is not None:
            text = pick(f"{found.name}（{text}）", f"{found.name_en} ({text})")
    return text


def local_time(at: str) -> str:
    """A stored UTC time (2026-11-26T16:06:11Z) as local 2026-11-26 16:06."""
    try:
        moment = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def fill_fields(form: QWidget, case: CaseView, ct: CaseType | None) -> None:
    """The 案件要素 tree: every field of the type with its label and display value."""
    tree = child(form, QTreeWidget, "fields_tree")
    tree.clear()
    values = case.fields or {}
    fields = ct.fields if ct else tuple(FieldDef(k, k) for k in values)
    for f in fields:
        value = values.get(f.key)
        item = QTreeWidgetItem([label(f), field_text(f, value)])
        item.setToolTip(1, item.text(1))
        if value in (None, "", []):
            item.setForeground(1, QBrush(CHECK_COLOURS["unknown"]))
        if f.kind is FieldKind.ROWS and isinstance(value, list):
            for number, row in enumerate(value, start=1):
                cells = [field_text(col, row.get(col.key)) for col in f.columns]
                sub = QTreeWidgetItem([QCoreApplication.translate("CaseDetailDialog", "Row %1").replace(
                    "%1", str(number)), pick("；", "; ").join(x for x in cells if x != EMPTY)])
                for col, text in zip(f.columns, cells, strict=True):
                    sub.addChild(QTreeWidgetItem([label(col), text]))
                item.addChild(sub)
        tree.addTopLevelItem(item)
    has_rows = any(tree.topLevelItem(i).childCount() for i in range(tree.topLevelItemCount()))
    tree.setRootIsDecorated(has_rows)
    tree.setIndentation(16 if has_rows else 0)
    tree.expandToDepth(0)
    _labels_leave_room_for_values(tree)


# The widest the 要素 column grows: a label longer than this is cut short with "…" (its whole
# text is its tooltip), so a 40-character requirement never pushes the values off the window.
LABEL_COLUMN_EMS = 16


def _labels_leave_room_for_values(tree: QTreeWidget) -> None:
    """The label column as wide as its labels, up to LABEL_COLUMN_EMS; the values take the rest."""
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while items:
        item = items.pop()
        item.setToolTip(0, item.text(0))
        items += [item.child(i) for i in range(item.childCount())]
    header = tree.header()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
    tree.resizeColumnToContents(0)
    cap = LABEL_COLUMN_EMS * tree.fontMetrics().horizontalAdvance("国")
    tree.setColumnWidth(0, min(tree.columnWidth(0), cap))
    header.setStretchLastSection(True)


def check_mark(check: CheckView) -> tuple[str, QColor]:
    """✓ / ✗ / ? and its colour (red for a failed check that blocks a move)."""
    if check.passed is None:
        return UNKNOWN, CHECK_COLOURS["unknown"]
    if check.passed:
        return PASSED, CHECK_COLOURS["passed"]
    return FAILED, CHECK_COLOURS["blocking" if check.blocking else "failed"]


def fill_checks(form: QWidget, checks: list[CheckView]) -> None:
    """The 计算核验 table; the section is hidden for a type without checks."""
    table = child(form, QTableWidget, "checks_table")
    title = child(form, QLabel, "checks_title")
    table.setRowCount(len(checks))
    bold = QFont(table.font())
    bold.setBold(True)
    for r, check in enumerate(checks):
        mark, colour = check_mark(check)
        cells = [QTableWidgetItem(mark), QTableWidgetItem(check.label), QTableWidgetItem(check.message)]
        cells[0].setData(Qt.ItemDataRole.UserRole, check.key)
        cells[0].setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        failed = check.passed is False
        for c, item in enumerate(cells):
            if c < 2 or (failed and check.blocking):
                item.setForeground(QBrush(colour))
            if failed and c < 2:
                item.setFont(bold)
            item.setToolTip(check.message)
            table.setItem(r, c, item)
    table.setVisible(bool(checks))
    title.setVisible(bool(checks))
    _tidy(table)
    _rows_follow_width(table, max_lines=8)


class _RowFitter(QObject):
    """Refits a wrapping table's row heights whenever its viewport changes width (and,
    with `max_lines`, shrinks the table to its rows)."""

    def __init__(self, table: QTableWidget, max_lines: int | None) -> None:
        super().__init__(table)
        self.table, self.max_lines, self.width = table, max_lines, -1
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Refit after a change of width (once the layout has settled)."""
        if event.type() == QEvent.Type.Resize and self.table.viewport().width() != self.width:
            self.width = self.table.viewport().width()
            QTimer.singleShot(0, self.fit)
        return False

    def fit(self) -> None:
        """Row heights for the current column widths."""
        if not shiboken6.isValid(self.table):
            return
        table = self.table
        table.resizeRowsToContents()
        if self.max_lines is not None:
            rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
            cap = (table.fontMetrics().height() + 8) * self.max_lines
            table.setFixedHeight(min(rows, cap) + table.horizontalHeader().sizeHint().height() + 4)


def _rows_follow_width(table: QTableWidget, max_lines: int | None = None) -> None:
    """Wrapped cells: rows grow as their column narrows (and a short table shrinks to fit)."""
    fitter = table.findChild(_RowFitter)
    if fitter is None:
        fitter = _RowFitter(table, max_lines)
    fitter.fit()


def _tidy(table: QTableWidget) -> None:
    """Columns fit their contents; the last one takes the rest of the width and wraps."""
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    last = table.columnCount() - 1
    header.setSectionResizeMode(last, QHeaderView.ResizeMode.Interactive)
    table.resizeColumnsToContents()
    cap = LABEL_COLUMN_EMS * table.fontMetrics().horizontalAdvance("国")
    for col in range(last):  # a long check name wraps rather than leave its 说明 a sliver
        table.setColumnWidth(col, min(table.columnWidth(col), cap))
    header.setSectionResizeMode(last, QHeaderView.ResizeMode.Stretch)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


def fill_parties(form: QWidget, case: CaseView, ct: CaseType | None = None) -> None:
    """当事单位: role, name and USCC of every linked organisation."""
    table = child(form, QTableWidget, "parties_table")
    table.clearSpans()
    table.setRowCount(len(case.parties))
    for r, party in enumerate(case.parties):
        role = party_role_label(ct, str(party.get("role") or ""))
        for col, text in enumerate((role, party.get("name"), party.get("uscc"))):
            table.setItem(r, col, QTableWidgetItem(str(text or EMPTY)))
    if not case.parties:
        table.setRowCount(1)
        note = QTableWidgetItem(QCoreApplication.translate("CaseDetailDialog", "No organisation is linked to this case."))
        note.setFlags(Qt.ItemFlag.NoItemFlags)
        table.setItem(0, 0, note)
        table.setSpan(0, 0, 1, 3)
    _tidy(table)
    rows = max(1, table.rowCount())
    table.setFixedHeight(table.verticalHeader().defaultSectionSize() * min(rows, 4)
                         + table.horizontalHeader().sizeHint().height() + 4)


def step_name(step: TimelineView, ct: CaseType | None) -> str:
    """登记, 修改, 出具文书, or the transition's label (never the step's code)."""
    return step_label(step.action, ct)


def state_change(step: TimelineView, ct: CaseType | None = None) -> str:
    """受理 → 审核认定, or the one state when it did not change."""
    before, after = state_label(ct, step.from_state or ""), state_label(ct, step.to_state or "")
    if before and after and step.from_state != step.to_state:
        return f"{before} → {after}"
    return after or before


def fill_timeline(form: QWidget, case: CaseView, ct: CaseType | None) -> None:
    """办理记录: when, who, which step, from → to, and the opinion."""
    table = child(form, QTableWidget, "timeline_table")
    steps = case.timeline
    table.setRowCount(len(steps))
    for r, step in enumerate(steps):
        for col, text in enumerate((local_time(step.at), step.actor or EMPTY, step_name(step, ct),
                                    state_change(step, ct), step.opinion or "")):
            item = QTableWidgetItem(text)
            if col == 4 and text:
                item.setToolTip(text)
            table.setItem(r, col, item)
    _tidy(table)
    _rows_follow_width(table)
    if steps:
        table.scrollToBottom()
